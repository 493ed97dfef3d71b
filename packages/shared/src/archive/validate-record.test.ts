import { describe, expect, it } from 'vitest';
import { getInfoSet, infoSetAppliesTo, INFO_SETS } from './info-sets.js';
import { validateRecordData } from './validate-record.js';
import { isErrorCode } from '../errors/codes.js';

const assessment = getInfoSet('assessment')!.fields;
const education = getInfoSet('education')!.fields;
const compensation = getInfoSet('compensation')!.fields;

describe('validateRecordData', () => {
  it.each([
    ['valid assessment', assessment, { year: 2025, result: 'qualified' }, []],
    ['year as text is converted', assessment, { year: '2025', result: 'excellent' }, []],
    ['missing result', assessment, { year: 2025 }, [{ field: 'result', code: 'FIELD_REQUIRED' }]],
    ['unknown result code', assessment, { year: 2025, result: 'great' }, [{ field: 'result', code: 'CODE_INVALID' }]],
    ['year out of range', assessment, { year: 1800, result: 'qualified' }, [{ field: 'year', code: 'FIELD_OUT_OF_RANGE' }]],
    ['unknown field', assessment, { year: 2025, result: 'qualified', bonus: 1 }, [{ field: 'bonus', code: 'FIELD_UNKNOWN' }]],
    ['impossible date', education, { startDate: '2001-02-30', institution: '大学', educationLevel: '21' }, [{ field: 'startDate', code: 'DATE_INVALID' }]],
    ['end before start', education, { startDate: '2005-09-01', endDate: '2001-07-01', institution: '大学', educationLevel: '21' }, [{ field: 'endDate', code: 'PERIOD_INVALID' }]],
    ['negative salary', compensation, { year: 2025, annualSalary: -1 }, [{ field: 'annualSalary', code: 'FIELD_OUT_OF_RANGE' }]],
    ['boolean from Chinese', compensation, { year: 2025, housingFund: '是' }, []],
    ['boolean garbage', compensation, { year: 2025, housingFund: 'maybe' }, [{ field: 'housingFund', code: 'FIELD_TYPE' }]],
  ])('%s', (_n, fields, data, errors) => {
    expect(validateRecordData(fields, data as Record<string, unknown>).errors).toEqual(errors);
  });

  it('normalises values', () => {
    expect(validateRecordData(compensation, { year: '2025', annualSalary: '120000', housingFund: '否' }).data).toEqual({ year: 2025, annualSalary: 120000, housingFund: false });
  });

  it('checks custom code lists of province indicators', () => {
    const fields = [{ key: 'backbone', label: '骨干教师类型', labelEn: 'Backbone', type: 'code' as const }];
    expect(validateRecordData(fields, { backbone: 'city' }, { codeItems: { backbone: ['city', 'district'] } }).errors).toEqual([]);
    expect(validateRecordData(fields, { backbone: 'x' }, { codeItems: { backbone: ['city'] } }).errors[0]!.code).toBe('CODE_INVALID');
  });
});

describe('info sets', () => {
  it('every error code a validation can give has a message', () => {
    for (const c of ['FIELD_REQUIRED', 'FIELD_TYPE', 'CODE_INVALID', 'DATE_INVALID', 'FIELD_TOO_LONG', 'FIELD_OUT_OF_RANGE', 'FIELD_UNKNOWN', 'PERIOD_INVALID']) expect(isErrorCode(c)).toBe(true);
  });
  it.each([
    ['teaching', 'kindergarten', false],
    ['teaching', 'primary_secondary', true],
    ['rotation', 'higher_education', false],
    ['rotation', 'primary_secondary', true],
    ['education', 'kindergarten', true],
  ])('%s applies to %s: %s', (set, stage, ok) => {
    expect(infoSetAppliesTo(getInfoSet(set)!, stage)).toBe(ok);
  });
  it('titles, assessment, compensation and ethics are school-only', () => {
    for (const s of ['title_appointment', 'assessment', 'compensation', 'ethics']) expect(getInfoSet(s)!.entry).toBe('school_only');
    expect(new Set(INFO_SETS.map((s) => s.code)).size).toBe(INFO_SETS.length);
  });
});
