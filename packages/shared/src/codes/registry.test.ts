import { describe, expect, it } from 'vitest';
import { codeLists, codeName, getCodeList, isValidCode, type CodeListId } from './registry.js';

const ids = Object.keys(codeLists) as CodeListId[];

describe.each(ids)('code list %s', (id) => {
  const list = getCodeList(id);

  it('is registered under its own id', () => {
    expect(list.id).toBe(id);
  });

  it('has unique, non-empty codes with Chinese names', () => {
    const codes = list.items.map((item) => item.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const item of list.items) {
      expect(item.code).not.toBe('');
      expect(item.name).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

it('gender has exactly the GB/T 2261.1 codes', () => {
  expect(getCodeList('gender').items.map((i) => i.code).sort()).toEqual(['0', '1', '2', '5', '6', '9']);
});

it('ethnicity has the 56 groups plus 97 and 98', () => {
  const codes = getCodeList('ethnicity').items.map((i) => i.code);
  expect(codes).toHaveLength(58);
  expect(codes.slice(0, 56)).toEqual(Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')));
  expect(codes.slice(56)).toEqual(['97', '98']);
});

it('every education-level code has a reporting band and a known parent', () => {
  for (const item of getCodeList('educationLevel').items) {
    expect(item.extra?.band).toBeTruthy();
    if (item.parent) expect(isValidCode('educationLevel', item.parent)).toBe(true);
  }
});

it('every professional title has a level', () => {
  const levels = ['senior_full', 'senior_deputy', 'intermediate', 'junior', 'none'];
  for (const item of getCodeList('professionalTitle').items) expect(levels).toContain(item.extra?.level);
});

describe('isValidCode', () => {
  it.each<[CodeListId, string, boolean]>([
    ['gender', '1', true],
    ['gender', '3', false],
    ['ethnicity', '01', true],
    ['ethnicity', '1', false],
    ['politicalStatus', '13', true],
    ['schoolType', '371', true],
    ['schoolType', '999', false],
    ['employmentStatus', 'retired', true],
    ['idDocumentType', '1', true],
    ['urbanRuralType', '220', true],
  ])('%s %s → %s', (list, code, expected) => {
    expect(isValidCode(list, code)).toBe(expected);
  });
});

describe('codeName', () => {
  it.each<[CodeListId, string, 'zh-CN' | 'en' | undefined, string | undefined]>([
    ['gender', '2', undefined, '女'],
    ['gender', '2', 'en', 'Female'],
    ['ethnicity', '56', 'zh-CN', '基诺族'],
    ['schoolType', '429', undefined, '其他成人高教机构'],
    ['politicalStatus', '01', undefined, '中共党员'],
    ['gender', '7', undefined, undefined],
  ])('%s %s (%s) → %s', (list, code, locale, expected) => {
    expect(codeName(list, code, locale)).toBe(expected);
  });
});
