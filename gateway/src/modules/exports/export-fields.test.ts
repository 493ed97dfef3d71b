import { describe, expect, it } from 'vitest';
import { CORE_EXPORT_FIELDS, pickColumns } from './export-fields.js';

const queryUserMay = (field: string): boolean => field !== 'idNumber' && field !== 'birthDate';

describe('pickColumns', () => {
  it.each([
    ['known columns, in the order asked', ['name', 'teacherNo'], { keys: ['name', 'teacherNo'] }],
    ['duplicates dropped', ['name', ' name', 'gender'], { keys: ['name', 'gender'] }],
    ['the ID column (masked for those without idNumber)', ['idNumber'], { keys: ['idNumber'] }],
    ['a column whose field the caller may not read', ['name', 'birthDate'], { refused: 'FIELD_FORBIDDEN', field: 'birthDate' }],
    ['a restricted info set', ['name', 'assessments'], { refused: 'FIELD_FORBIDDEN', field: 'assessments' }],
    ['compensation', ['compensations'], { refused: 'FIELD_FORBIDDEN', field: 'compensations' }],
    ['ethics records', ['ethicsRecords'], { refused: 'FIELD_FORBIDDEN', field: 'ethicsRecords' }],
    ['a name that is no column', ['salary'], { refused: 'FIELD_UNKNOWN', field: 'salary' }],
  ] as [string, string[], { keys?: string[]; refused?: string; field?: string }][])('%s', (_name, keys, expected) => {
    const r = pickColumns(keys, CORE_EXPORT_FIELDS, queryUserMay);
    if (expected.keys) expect('columns' in r && r.columns.map((c) => c.key)).toEqual(expected.keys);
    else expect(r).toEqual({ refused: expected.refused, field: expected.field });
  });

  it('every core column has a Chinese header and a distinct key', () => {
    expect(new Set(CORE_EXPORT_FIELDS.map((f) => f.key)).size).toBe(CORE_EXPORT_FIELDS.length);
    for (const f of CORE_EXPORT_FIELDS) expect(f.header).toMatch(/[\u4e00-\u9fa5]/);
  });
});
