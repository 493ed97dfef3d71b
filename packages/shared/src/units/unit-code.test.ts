import { describe, expect, it } from 'vitest';
import type { AdministrativeLevel } from './levels.js';
import {
  adminLevelOfCode,
  isAdminCodeUnder,
  unitCodeErrorMessages,
  validateAdminDivisionCode,
  validateSchoolCode,
  type UnitCodeErrorCode,
} from './unit-code.js';

describe('adminLevelOfCode', () => {
  it.each<[string, AdministrativeLevel | undefined]>([
    ['000000', 'national'],
    ['110000', 'province'],
    ['820000', 'province'],
    ['110100', 'city'],
    ['429000', 'city'],
    ['110108', 'county'],
    ['429004', 'county'],
    ['990000', undefined],
    ['000100', undefined],
    ['110005', undefined],
    ['11010', undefined],
    ['11010a', undefined],
    ['1101080', undefined],
  ])('%s → %s', (code, level) => {
    expect(adminLevelOfCode(code)).toBe(level);
  });
});

describe('validateAdminDivisionCode', () => {
  it.each<[string, AdministrativeLevel, string | undefined, UnitCodeErrorCode | null]>([
    ['000000', 'national', undefined, null],
    ['110000', 'national', undefined, 'UNIT_CODE_FORMAT'],
    ['110000', 'province', undefined, null],
    ['650000', 'province', '000000', null],
    ['190000', 'province', undefined, 'UNIT_CODE_FORMAT'],
    ['110100', 'province', undefined, 'UNIT_CODE_FORMAT'],
    ['330100', 'city', '330000', null],
    ['330100', 'city', '320000', 'UNIT_CODE_PARENT'],
    ['330000', 'city', undefined, 'UNIT_CODE_FORMAT'],
    ['330106', 'city', undefined, 'UNIT_CODE_FORMAT'],
    ['429000', 'city', '420000', null],
    ['110108', 'county', '110100', null],
    ['110108', 'county', '110000', null],
    ['110108', 'county', '000000', null],
    ['110108', 'county', '120100', 'UNIT_CODE_PARENT'],
    ['110108', 'county', '110108', 'UNIT_CODE_PARENT'],
    ['429004', 'county', '429000', null],
    ['429004', 'county', '420100', 'UNIT_CODE_PARENT'],
    ['110100', 'county', undefined, 'UNIT_CODE_FORMAT'],
    ['110005', 'county', undefined, 'UNIT_CODE_FORMAT'],
  ])('%s as %s under %s → %s', (code, level, parent, error) => {
    const result = validateAdminDivisionCode(code, level, parent);
    expect(result).toEqual(error ? { ok: false, code: error } : { ok: true });
  });
});

describe('isAdminCodeUnder', () => {
  it.each<[string, string, boolean]>([
    ['110000', '000000', true],
    ['110108', '110000', true],
    ['110108', '110100', true],
    ['110208', '110100', false],
    ['110000', '110000', false],
    ['000000', '110000', false],
    ['110000', '110100', false],
    ['110108', '110108', false],
    ['xx0108', '000000', false],
  ])('%s under %s → %s', (child, parent, expected) => {
    expect(isAdminCodeUnder(child, parent)).toBe(expected);
  });
});

describe('validateSchoolCode', () => {
  it.each<[string, string | undefined, UnitCodeErrorCode | null]>([
    ['2111010001', undefined, null],
    ['4111010001', '11', null],
    ['4111010001', '110000', null],
    ['4111010001', '000000', null],
    ['4111010001', '120000', 'SCHOOL_CODE_PROVINCE'],
    ['0111010001', undefined, 'SCHOOL_CODE_FORMAT'],
    ['2191010001', undefined, 'SCHOOL_CODE_FORMAT'],
    ['211101000', undefined, 'SCHOOL_CODE_FORMAT'],
    ['21110100011', undefined, 'SCHOOL_CODE_FORMAT'],
    ['21110A0001', undefined, 'SCHOOL_CODE_FORMAT'],
  ])('%s in %s → %s', (code, province, error) => {
    expect(validateSchoolCode(code, province)).toEqual(error ? { ok: false, code: error } : { ok: true });
  });
});

it('has a Chinese message for every code', () => {
  for (const message of Object.values(unitCodeErrorMessages)) expect(message).toMatch(/[\u4e00-\u9fff]/);
});
