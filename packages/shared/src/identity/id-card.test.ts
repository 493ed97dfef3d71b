import { describe, expect, it } from 'vitest';
import type { GenderCode } from '../codes/lists/gender.js';
import { generateChineseIdCard, validateChineseIdCard, type IdCardCheckOptions } from './id-card.js';
import type { IdNumberErrorCode } from './id-errors.js';
import { mod11_2CheckChar } from './iso7064.js';

const today = new Date(2025, 5, 15); // 2025-06-15, local calendar
const gen = (regionCode: string, birthDate: string, sequence: number, gender: '1' | '2') =>
  generateChineseIdCard({ regionCode, birthDate, sequence, gender });

describe('mod11_2CheckChar', () => {
  it.each([
    ['11010519491231002', 'X'],
    ['44052418800101001', '4'],
    ['33010620000101123', '5'],
  ])('%s → %s', (digits, check) => {
    expect(mod11_2CheckChar(digits)).toBe(check);
  });
});

describe('validateChineseIdCard accepts', () => {
  it.each<[string, IdCardCheckOptions, string, string, '1' | '2', string]>([
    ['11010519491231002X', {}, '11010519491231002X', '1949-12-31', '2', '110105'],
    ['11010519491231002x', {}, '11010519491231002X', '1949-12-31', '2', '110105'],
    [' 11010519491231002X ', { gender: '2', birthDate: '1949-12-31' }, '11010519491231002X', '1949-12-31', '2', '110105'],
    ['11010519491231002X', { gender: '6' }, '11010519491231002X', '1949-12-31', '2', '110105'],
    ['11010519491231002X', { gender: '9' }, '11010519491231002X', '1949-12-31', '2', '110105'],
    ['11010519491231002X', { gender: '0' }, '11010519491231002X', '1949-12-31', '2', '110105'],
    [gen('429004', '2000-02-29', 11, '1'), { gender: '1' }, gen('429004', '2000-02-29', 11, '1'), '2000-02-29', '1', '429004'],
    [gen('650102', '2025-06-15', 0, '1'), { gender: '5' }, gen('650102', '2025-06-15', 0, '1'), '2025-06-15', '1', '650102'],
    [gen('810000', '1990-01-01', 5, '1'), {}, gen('810000', '1990-01-01', 5, '1'), '1990-01-01', '1', '810000'],
    [gen('330100', '1900-01-01', 8, '2'), {}, gen('330100', '1900-01-01', 8, '2'), '1900-01-01', '2', '330100'],
  ])('%s %j', (input, opts, normalized, birthDate, gender, regionCode) => {
    expect(validateChineseIdCard(input, { today, ...opts })).toEqual({ ok: true, normalized, birthDate, gender, regionCode });
  });
});

describe('validateChineseIdCard rejects', () => {
  it.each<[string, IdCardCheckOptions, IdNumberErrorCode, string]>([
    ['', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['1101051949123100', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['11010519491231002XX', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['11010519491231002Y', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['1101051949123100X2', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['１１0105194912310021', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['990105194912310021', {}, 'ID_NUMBER_REGION', 'idNumber'],
    ['000000194912310021', {}, 'ID_NUMBER_REGION', 'idNumber'],
    ['110005194912310021', {}, 'ID_NUMBER_REGION', 'idNumber'],
    ['160105194912310021', {}, 'ID_NUMBER_REGION', 'idNumber'],
    ['440524188001010014', {}, 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
    ['110105194913310021', {}, 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
    ['110105194902300021', {}, 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
    ['110105190002290021', {}, 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
    ['110105194912000021', {}, 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
    [gen('110105', '2025-06-16', 1, '1'), {}, 'ID_NUMBER_BIRTH_DATE', 'idNumber'],
    ['110105194912310021', {}, 'ID_NUMBER_CHECKSUM', 'idNumber'],
    ['110105194912310X2X', {}, 'ID_NUMBER_FORMAT', 'idNumber'],
    ['11010519491231002X', { gender: '1' }, 'ID_NUMBER_GENDER_MISMATCH', 'gender'],
    ['11010519491231002X', { gender: '5' }, 'ID_NUMBER_GENDER_MISMATCH', 'gender'],
    [gen('110105', '1980-05-01', 21, '1'), { gender: '2' }, 'ID_NUMBER_GENDER_MISMATCH', 'gender'],
    ['11010519491231002X', { birthDate: '1949-12-30' }, 'ID_NUMBER_BIRTH_DATE_MISMATCH', 'birthDate'],
    ['11010519491231002X', { birthDate: '19491231' }, 'ID_NUMBER_BIRTH_DATE_MISMATCH', 'birthDate'],
  ])('%s %j → %s', (input, opts, code, field) => {
    expect(validateChineseIdCard(input, { today, ...opts })).toEqual({ ok: false, code, field });
  });
});

describe('generateChineseIdCard', () => {
  it.each<[number, '1' | '2', string]>([
    [0, '1', '001'],
    [0, '2', '000'],
    [999, '1', '999'],
    [999, '2', '998'],
    [500, '1', '501'],
    [123, '2', '122'],
  ])('sequence %i for gender %s → %s', (sequence, gender, expected) => {
    const number = generateChineseIdCard({ regionCode: '110108', birthDate: '1985-07-20', sequence, gender });
    expect(number.slice(14, 17)).toBe(expected);
    const result = validateChineseIdCard(number, { gender: gender as GenderCode, birthDate: '1985-07-20', today });
    expect(result.ok).toBe(true);
  });

  it.each([
    { regionCode: '11010', birthDate: '1985-07-20', sequence: 1, gender: '1' as const },
    { regionCode: '110108', birthDate: '19850720', sequence: 1, gender: '1' as const },
    { regionCode: '110108', birthDate: '1985-07-20', sequence: 1000, gender: '1' as const },
    { regionCode: '110108', birthDate: '1985-07-20', sequence: -1, gender: '1' as const },
    { regionCode: '110108', birthDate: '1985-07-20', sequence: 1.5, gender: '1' as const },
  ])('rejects %j', (input) => {
    expect(() => generateChineseIdCard(input)).toThrow(RangeError);
  });
});
