import { describe, expect, it } from 'vitest';
import { authorityNameOf, checkSchoolRow, locate, resolveAuthority, type Location } from './directory-row.js';

describe('where a school lies, from its division code', () => {
  it.each([
    ['330102', { cityCode: '330100', countyCode: '330102' }],
    ['330102001', { cityCode: '330100', countyCode: '330102' }],
    ['330102001002', { cityCode: '330100', countyCode: '330102' }],
    ['330100', { cityCode: '330100', countyCode: null }],
    ['330000', { cityCode: null, countyCode: null }],
    ['339004', { cityCode: '339000', countyCode: '339004' }],
    ['110108', undefined],
    ['3301', undefined],
    ['33010x', undefined],
    ['3301020', undefined],
    ['330002', undefined],
  ] as [string, Location | undefined][])('%s → %j', (code, expected) => {
    expect(locate(code, '330000')).toEqual(expected);
  });
});

describe('the supervising authority of a school in county 330102 of city 330100', () => {
  const loc: Location = { cityCode: '330100', countyCode: '330102' };
  const names: Record<string, string> = { '330100': '甲一市教育局', '330000': '甲省教育厅' };
  it.each([
    ['', 'county'],
    ['县级', 'county'],
    ['330102', 'county'],
    ['市级', 'city'],
    ['地市级', 'city'],
    ['330100', 'city'],
    ['甲一市教育局', 'city'],
    ['省级', 'province'],
    ['330000', 'province'],
    ['甲省教育厅', 'province'],
    ['330122', undefined],
    ['110000', undefined],
    ['教育部', undefined],
  ])('%j → %s', (text, expected) => {
    expect(resolveAuthority(text, loc, '330000', (c) => names[c])).toBe(expected);
  });

  it.each([
    ['', { cityCode: '441900', countyCode: null }, 'city'],
    ['县级', { cityCode: '441900', countyCode: null }, undefined],
    ['', { cityCode: null, countyCode: null }, 'province'],
  ] as [string, Location, string | undefined][])('a school located at a city or the province: %j at %j → %s', (text, l, expected) => {
    expect(resolveAuthority(text, l, '440000')).toBe(expected);
  });
});

describe('names of new education authorities', () => {
  it.each([
    ['西湖区', null, '西湖区教育局'],
    ['西湖区', '西湖区教育体育局', '西湖区教育体育局'],
    ['杭州市教育局', null, '杭州市教育局'],
    [' 余杭区 ', '  ', '余杭区教育局'],
  ])('%j (%j) → %s', (name, authority, expected) => {
    expect(authorityNameOf(name, authority)).toBe(expected);
  });
});

describe('one school row', () => {
  it('accepts codes, names and the dropdown form, and keeps the county part of a township code', () => {
    const r = checkSchoolRow(3, { schoolCode: 2330102001, name: ' 第一小学 ', schoolType: '211 小学', divisionCode: '330102001', sponsorType: '公民个人', urbanRuralType: 220 }, '330000');
    expect(r.issues).toEqual([]);
    expect(r.data).toEqual({ schoolCode: '2330102001', name: '第一小学', schoolType: '211', divisionCode: '330102', sponsorType: 'individual', urbanRuralType: '220' });
  });

  it.each([
    [{ name: '小学', schoolType: '211', divisionCode: '330102' }, [['schoolCode', 'FIELD_REQUIRED']]],
    [{ schoolCode: '2110108001', name: '小学', schoolType: '211', divisionCode: '330102' }, [['schoolCode', 'SCHOOL_CODE_PROVINCE']]],
    [{ schoolCode: '233010200', name: '小学', schoolType: '211', divisionCode: '330102' }, [['schoolCode', 'SCHOOL_CODE_FORMAT']]],
    [{ schoolCode: '2330102001', name: '小学', schoolType: '宇宙学校', divisionCode: '330102' }, [['schoolType', 'CODE_INVALID']]],
    [{ schoolCode: '2330102001', name: '小学', schoolType: '211', divisionCode: '440102' }, [['divisionCode', 'UNIT_DIRECTORY_DIVISION_INVALID']]],
    [{ schoolCode: '2330102001', name: '小学', schoolType: '211', divisionCode: '330102', address: '路'.repeat(201) }, [['address', 'FIELD_TOO_LONG']]],
  ])('%j → %j', (cells, issues) => {
    expect(checkSchoolRow(3, cells, '330000').issues.map((i) => [i.key, i.code])).toEqual(issues);
  });
});
