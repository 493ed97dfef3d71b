import { getInfoSet } from '@tmis/shared/archive';
import { describe, expect, it } from 'vitest';
import { choicesOf, displayValue, indicatorSet, setsFor, summaryOf, validateForm, type FormSet } from './fields';
import { fileNameOf } from './context';

const set = (code: string): FormSet => ({ def: getInfoSet(code)!, codeItems: {} });

describe('record forms', () => {
  it('validates like the gateway: required fields, bad dates, periods', () => {
    const r = validateForm(set('education'), { startDate: '2003-02-30', endDate: '', institution: '', educationLevel: '21' });
    expect(r.errors).toEqual(expect.arrayContaining([{ field: 'startDate', code: 'DATE_INVALID' }, { field: 'institution', code: 'FIELD_REQUIRED' }]));
    const ok = validateForm(set('education'), { startDate: '2003-09-01', institution: ' 示范师范大学 ', educationLevel: '21' });
    expect(ok).toEqual({ data: { startDate: '2003-09-01', institution: '示范师范大学', educationLevel: '21' }, errors: [] });
  });

  it('shows codes by name, in the chosen language', () => {
    const gender = getInfoSet('basic')!.fields.find((f) => f.key === 'gender')!;
    expect(displayValue(gender, '2', set('basic'), 'zh-CN', ['是', '否'])).toBe('女');
    expect(displayValue(gender, '2', set('basic'), 'en', ['Yes', 'No'])).toBe('Female');
    expect(choicesOf(gender, set('basic'), 'zh-CN').map((c) => c.label)).toContain('男');
    expect(summaryOf('skill', { name: '普通话', level: '一级乙等' }, 'zh-CN')).toBe('技能或证书名称：普通话；等级：一级乙等');
  });

  it('sets follow the stage (no 教育教学 in kindergartens); province indicators follow the school type', () => {
    expect(setsFor('kindergarten', null).map((s) => s.def.code)).not.toContain('teaching');
    expect(setsFor('primary_secondary', null).map((s) => s.def.code)).toContain('teaching');
    const defs = [
      { code: 'rural_years', label: '乡村任教年限', type: 'number', required: false, schoolTypes: ['211'], teacherEditable: false },
      { code: 'sport', label: '体育特长', type: 'code', codeItems: [{ code: 'A', name: '篮球' }], required: true, teacherEditable: true },
    ];
    expect(indicatorSet(defs, '311')!.def.fields.map((f) => f.key)).toEqual(['sport']);
    const both = indicatorSet(defs, '211')!;
    expect(both.def.fields.map((f) => f.key)).toEqual(['rural_years', 'sport']);
    expect(validateForm(both, { sport: 'Z' }).errors).toEqual([{ field: 'sport', code: 'CODE_INVALID' }]);
    expect(validateForm(both, { sport: 'A' }).errors).toEqual([]);
    expect(indicatorSet([], '211')).toBeNull();
  });

  it('downloads keep the gateway’s file name', () => {
    expect(fileNameOf(`attachment; filename="download.xlsx"; filename*=UTF-8''${encodeURIComponent('导入错误报告-1.xlsx')}`)).toBe('导入错误报告-1.xlsx');
    expect(fileNameOf('attachment; filename="a.xlsx"')).toBe('a.xlsx');
    expect(fileNameOf(null)).toBeNull();
  });
});
