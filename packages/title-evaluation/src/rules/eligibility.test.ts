import { describe, expect, it } from 'vitest';
import { assessmentWindow, bestResultPerYear, evaluateEligibility, PROMOTION, wholeYears, type EligibilityFacts } from './eligibility.js';

const rules = { year: 2026, titles: ['k12_senior', 'k12_first'], minYearsInTitle: 5, assessmentYears: 3, referenceDate: '2026-06-30' };
const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
  employmentStatus: 'active', currentTitle: 'k12_first', currentTitleSince: '2020-09-01',
  assessments: { 2025: 'excellent', 2024: 'qualified', 2023: 'qualified' }, ...over,
});
const failed = (f: EligibilityFacts, target?: string) => evaluateEligibility(rules, f, target).conditions.filter((c) => !c.met).map((c) => c.key);

describe('title eligibility', () => {
  it.each<[string, Partial<EligibilityFacts>, string | undefined, string[]]>([
    ['all met', {}, undefined, []],
    ['not active', { employmentStatus: 'long_absence' }, undefined, ['employment']],
    ['no title in the archive', { currentTitle: null }, undefined, ['current_title']],
    ['top of the ladder', { currentTitle: 'k12_senior_full' }, undefined, ['current_title']],
    ['title not offered in the round', { currentTitle: 'k12_senior' }, undefined, ['current_title']],
    ['two steps up', {}, 'k12_senior_full', ['current_title']],
    ['another series', {}, 'he_associate_professor', ['current_title']],
    ['one day short of five years', { currentTitleSince: '2021-07-01' }, undefined, ['years_in_title']],
    ['exactly five years', { currentTitleSince: '2021-06-30' }, undefined, []],
    ['no appointment record', { currentTitleSince: null }, undefined, ['years_in_title']],
    ['a year missing', { assessments: { 2025: 'excellent', 2023: 'qualified' } }, undefined, ['assessments']],
    ['basically qualified', { assessments: { 2025: 'basically_qualified', 2024: 'qualified', 2023: 'qualified' } }, undefined, ['assessments']],
    ['older years do not count', { assessments: { 2025: 'qualified', 2024: 'qualified', 2023: 'qualified', 2022: 'unqualified' } }, undefined, []],
  ])('%s', (_name, over, target, expected) => {
    expect(failed(facts(over), target)).toEqual(expected);
  });

  it('explains each condition with the archive values', () => {
    const r = evaluateEligibility(rules, facts({ currentTitleSince: '2023-09-01', assessments: { 2025: 'qualified', 2024: 'basically_qualified' } }));
    expect(r).toMatchObject({ eligible: false, targetTitle: 'k12_senior' });
    const byKey = Object.fromEntries(r.conditions.map((c) => [c.key, c]));
    expect(byKey.current_title!.reason).toBe('现任一级教师，申报高级教师');
    expect(byKey.years_in_title!.reason).toBe('自2023-09-01起任现职，至2026-06-30满2年');
    expect(byKey.assessments!.reason).toBe('2025年合格，2024年基本合格，2023年无记录（2024、2023年未达合格）');
  });

  it('counts whole years and the assessment window', () => {
    expect(wholeYears('2020-09-01', '2025-08-31')).toBe(4);
    expect(wholeYears('2020-09-01', '2025-09-01')).toBe(5);
    expect(assessmentWindow(2026, 3)).toEqual([2025, 2024, 2023]);
    expect(assessmentWindow(2026, 0)).toEqual([]);
  });

  it('takes the better of two results for one year', () => {
    expect(bestResultPerYear([{ year: 2025, result: 'basically_qualified' }, { year: '2025', result: 'excellent' }, { year: 'x', result: 'qualified' }])).toEqual({ 2025: 'excellent' });
  });

  it('every title leads to the next one in its own series', () => {
    for (const [from, to] of Object.entries(PROMOTION)) expect(from.split('_')[0]).toBe(to.split('_')[0]);
  });
});
