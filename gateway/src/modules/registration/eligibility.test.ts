import { describe, expect, it } from 'vitest';
import { evaluateEligibility, failedReasons, reviewedCycle, validUntil, type EligibilityFacts } from './eligibility.js';

const cycle = { startYear: 2021, endYear: 2025 };
const allQualified = [2021, 2022, 2023, 2024, 2025].map((year) => ({ year, result: year === 2023 ? 'excellent' : 'qualified' }));
const base: EligibilityFacts = { cycle, hireYear: 2010, assessments: allQualified, trainingHours: 360, requiredHours: 360, ethics: [{ kind: 'honour', title: '优秀教师' }] };

type Row = [string, Partial<EligibilityFacts>, boolean, Record<string, boolean>, string?];

describe('periodic registration eligibility', () => {
  it.each<Row>([
    ['all conditions met exactly (360 h)', {}, true, { assessment: true, training: true, ethics: true }],
    ['one hour short', { trainingHours: 359 }, false, { training: false }, '周期内培训359学时，不足360学时（差1学时）'],
    ['a province requiring more hours', { requiredHours: 400 }, false, { training: false }, '不足400学时'],
    ['a year without assessment', { assessments: allQualified.filter((a) => a.year !== 2022) }, false, { assessment: false }, '2022年度无年度考核记录'],
    ['a basically-qualified year', { assessments: allQualified.map((a) => (a.year === 2024 ? { ...a, result: 'basically_qualified' } : a)) }, false, { assessment: false }, '2024年度考核结果为基本合格'],
    ['hired in 2024: earlier years need none', { hireYear: 2024, assessments: allQualified.filter((a) => a.year >= 2024) }, true, { assessment: true }],
    ['a discipline record in the cycle', { ethics: [{ kind: 'discipline', title: '警告处分', date: '2024-05-01', authority: '甲一区教育局' }] }, false, { ethics: false }, '有师德处分记录：2024-05-01 警告处分（甲一区教育局）'],
    ['a discipline record before the cycle', { ethics: [{ kind: 'discipline', title: '警告处分', date: '2019-05-01' }] }, true, { ethics: true }],
    ['an undated discipline record counts', { ethics: [{ kind: '处分', title: '记过' }] }, false, { ethics: false }, '记过'],
  ])('%s', (_name, over, eligible, conditions, reason) => {
    const e = evaluateEligibility({ ...base, ...over });
    expect(e.eligible).toBe(eligible);
    for (const [key, met] of Object.entries(conditions)) expect(e.conditions.find((c) => c.key === key)!.met).toBe(met);
    if (reason) expect(failedReasons(e)).toContain(reason);
  });

  it.each([[2026, null, 2021, 2025], [2031, 2026, 2026, 2030], [2027, 2021, 2021, 2025]])('applying in %s after a registration in %s reviews %s-%s', (year, last, s, e) => {
    expect(reviewedCycle(year, last)).toEqual({ startYear: s, endYear: e });
  });

  it('a registration is valid five years to the day', () => expect(validUntil('2026-11-23')).toBe('2031-11-23'));
});
