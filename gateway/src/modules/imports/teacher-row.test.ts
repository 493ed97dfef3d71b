import { describe, expect, it } from 'vitest';
import { generateChineseIdCard, type FieldDef } from '@tmis/shared';
import { checkRow, type RowRules, type SchoolRef } from './teacher-row.js';
import { choicesFor, teacherColumns } from './teacher-columns.js';
import { mapHeader } from './header-map.js';

const SCHOOL: SchoolRef = { unitId: 'u1', schoolId: 'u1', departmentId: null, path: '/1/2/3/', stage: 'primary_secondary' };
const ID = generateChineseIdCard({ regionCode: '330102', birthDate: '1985-03-15', sequence: 100, gender: '2' });
const rules: RowRules = { columns: teacherColumns(), school: (code) => (code === '2330102001' ? SCHOOL : undefined), today: new Date('2026-01-01') };
const good = { schoolCode: '2330102001', name: '王芳', gender: '女', birthDate: '1985-03-15', ethnicity: '汉族', idType: '居民身份证', idNumber: ID, startDate: '2010-09-01', professionalTitle: '一级教师' };

describe('checkRow', () => {
  it('accepts a good row and normalises names to codes', () => {
    const r = checkRow(good, rules);
    expect(r.issues).toEqual([]);
    expect(r.valid).toMatchObject({ school: SCHOOL, idType: '1', idNormalized: ID });
    expect(r.valid!.data).toMatchObject({ gender: '2', ethnicity: '01', professionalTitle: 'k12_first', birthDate: '1985-03-15' });
  });

  it.each([
    ['codes instead of names', { gender: '2', ethnicity: '01', idType: '1' }],
    ['an ethnicity code that lost its leading zero', { ethnicity: 1 }],
    ['Excel date serials', { birthDate: 31121, startDate: 40422 }],
    ['dates written with slashes and Chinese', { birthDate: '1985/3/15', startDate: '2010年9月1日' }],
    ['a lower-case x and spaces around the number', { idNumber: ` ${ID.toLowerCase()} ` }],
    ['no document type (resident ID card by default)', { idType: '' }],
  ])('accepts %s', (_name, patch) => {
    expect(checkRow({ ...good, ...patch }, rules).issues).toEqual([]);
  });

  const badChecksum = ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0');
  it.each([
    ['a bad check character', { idNumber: badChecksum }, [['idNumber', 'ID_NUMBER_CHECKSUM']], true],
    ['an ID number of the other gender', { gender: '男' }, [['gender', 'ID_NUMBER_GENDER_MISMATCH']], true],
    ['a birth date that differs from the ID number', { birthDate: '1985-03-16' }, [['birthDate', 'ID_NUMBER_BIRTH_DATE_MISMATCH']], true],
    ['a passport number with spaces inside', { idType: '护照', idNumber: 'E 1234' }, [['idNumber', 'ID_DOCUMENT_PATTERN']], true],
    ['an unknown code', { ethnicity: '火星族' }, [['ethnicity', 'CODE_INVALID']], false],
    ['an impossible date', { startDate: '2010-02-30' }, [['startDate', 'DATE_INVALID']], false],
    ['a missing name', { name: '' }, [['name', 'FIELD_REQUIRED']], false],
    ['a school outside the import', { schoolCode: '9999999999' }, [['schoolCode', 'IMPORT_SCHOOL_OUT_OF_SCOPE']], false],
    ['no school and no default', { schoolCode: '' }, [['schoolCode', 'FIELD_REQUIRED']], false],
    ['several problems, in column order', { startDate: 'x', name: '', gender: '未知' }, [['name', 'FIELD_REQUIRED'], ['gender', 'CODE_INVALID'], ['startDate', 'DATE_INVALID']], false],
  ])('reports %s', (_name, patch, expected, idCheck) => {
    const r = checkRow({ ...good, ...patch }, rules);
    expect(r.issues.map((i) => [i.key, i.code])).toEqual(expected);
    expect(r.idCheckFailed).toBe(idCheck);
    expect(r.valid).toBeUndefined();
  });

  it('uses the default school when the school cell is blank', () => {
    expect(checkRow({ ...good, schoolCode: '' }, { ...rules, defaultSchool: SCHOOL }).valid?.school).toBe(SCHOOL);
  });

  it('checks province indicators through codeItems', () => {
    const backbone: FieldDef = { key: 'backbone', label: '骨干教师类型', labelEn: 'Backbone', type: 'code', required: true };
    const withExtra = { ...rules, columns: teacherColumns([backbone]), codeItems: { backbone: ['city', 'district'] } };
    expect(checkRow({ ...good, backbone: 'city' }, withExtra).valid?.data.backbone).toBe('city');
    expect(checkRow({ ...good, backbone: 'nation' }, withExtra).issues.map((i) => i.code)).toEqual(['CODE_INVALID']);
    expect(choicesFor(backbone, null, withExtra.codeItems)).toEqual([{ code: 'city', name: 'city' }, { code: 'district', name: 'district' }]);
  });
});

describe('template columns', () => {
  it.each([
    ['primary_secondary', '一级教师', '教授'],
    ['higher_education', '教授', '一级教师'],
    ['secondary_vocational', '高级讲师', '教授'],
  ])('the %s template offers %s and not %s', (stage, offered, notOffered) => {
    const names = choicesFor(teacherColumns().find((c) => c.key === 'professionalTitle')!, stage).map((c) => c.name);
    expect(names).toContain(offered);
    expect(names).not.toContain(notOffered);
    expect(names).toContain('未定职级');
  });

  it('maps the header by the hidden key row, else by labels, and ignores report columns', () => {
    const cols = teacherColumns();
    const labels = cols.map((c) => c.label);
    expect(mapHeader(labels, cols.map((c) => c.key), cols)).toMatchObject({ rows: 2 });
    const byLabel = mapHeader(['行号', ...labels.slice(0, 5).reverse()], ['x'], cols)!;
    expect(byLabel.rows).toBe(1);
    expect([...byLabel.map]).toEqual([[1, 'ethnicity'], [2, 'birthDate'], [3, 'gender'], [4, 'name'], [5, 'schoolCode']]);
    expect(mapHeader(['a', 'b'], undefined, cols)).toBeUndefined();
  });
});
