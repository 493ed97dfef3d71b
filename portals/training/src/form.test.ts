import { describe, expect, it } from 'vitest';
import {
  caseSummary, completionTable, confirmable, creditsFor, cycleProgress, editableResults, expectedCredits, isRealDate, projectErrors, projectInput, resultHoursOk,
  ruleErrors, ruleInForce, selfStudyErrors, statusCounts, type ProjectDraft,
} from './form';

const draft = (over: Partial<ProjectDraft> = {}): ProjectDraft => ({
  name: '国培计划', startDate: '2025-07-01', endDate: '2025-07-10', hours: 40, credits: 4, targetParticipants: '', institutionIds: [], year: null, ...over,
});

describe('project form (mirrors the gateway’s projectProblem)', () => {
  it.each([
    ['a good draft', draft(), false, {}],
    ['no name', draft({ name: '  ' }), false, { name: 'nameRequired' }],
    ['no dates', draft({ startDate: '' }), false, { period: 'periodRequired' }],
    ['30 February', draft({ endDate: '2025-02-30' }), false, { period: 'periodRequired' }],
    ['end before start', draft({ endDate: '2025-06-30' }), false, { period: 'periodOrder' }],
    ['0 hours', draft({ hours: 0 }), false, { hours: 'hoursRange' }],
    ['2001 hours', draft({ hours: 2001 }), false, { hours: 'hoursRange' }],
    ['201 credits', draft({ credits: 201 }), false, { credits: 'creditsRange' }],
    ['201 credits, national (ignored)', draft({ credits: 201 }), true, {}],
    ['year 1999', draft({ year: 1999 }), false, { year: 'yearRange' }],
  ])('%s → %j', (_, d, national, errors) => {
    expect(projectErrors(d, national)).toEqual(errors);
  });

  it('national projects are sent without credits; institutions trimmed and unique', () => {
    expect(projectInput(draft({ institutionIds: [' a ', 'a', '', 'b'], targetParticipants: '  ' }), true)).toEqual({
      name: '国培计划', startDate: '2025-07-01', endDate: '2025-07-10', hours: 40, credits: null, targetParticipants: null, institutionIds: ['a', 'b'], year: null,
    });
    expect(projectInput(draft(), false).credits).toBe(4);
  });

  it('dates are real calendar dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2025-7-1')).toBe(false);
  });
});

describe('results, rules and self-study', () => {
  it.each([[0, true], [40, true], [40.5, false], [-1, false], [Number.NaN, false], ['40', false]])('hours %j of 40 → %s', (h, ok) => {
    expect(resultHoursOk(h, 40)).toBe(ok);
  });

  it('rule versions: dates and ranges as the gateway checks them', () => {
    const limits = { selfStudyClaimHours: 24, selfStudyYearHours: 36 };
    expect(ruleErrors({ effectiveFrom: '2026-01-01', hoursPerCredit: 8, cycleHours: 360, cycleStartYear: 2021, note: '', ...limits })).toEqual({});
    expect(ruleErrors({ effectiveFrom: '2026-02-30', hoursPerCredit: 0, cycleHours: 360.5, cycleStartYear: 1990, note: '', ...limits })).toEqual({
      effectiveFrom: 'dateInvalid', hoursPerCredit: 'hoursPerCreditRange', cycleHours: 'cycleHoursRange', cycleStartYear: 'yearRange',
    });
    const good = { effectiveFrom: '2026-01-01', hoursPerCredit: 8, cycleHours: 360, cycleStartYear: 2021, note: '' };
    expect(ruleErrors({ ...good, selfStudyClaimHours: 0, selfStudyYearHours: 36 })).toEqual({ selfStudyClaimHours: 'hoursRange' });
    expect(ruleErrors({ ...good, selfStudyClaimHours: 40, selfStudyYearHours: 30 })).toEqual({ selfStudyYearHours: 'selfStudyYearRange' });
  });

  it('self-study claims need a title, a period and hours', () => {
    expect(selfStudyErrors({ title: '读书', organizer: '', startDate: '2025-03-01', endDate: '2025-03-02', hours: 6 })).toEqual({});
    expect(selfStudyErrors({ title: '', organizer: '', startDate: '2025-03-02', endDate: '2025-03-01', hours: null })).toEqual({
      title: 'titleRequired', period: 'periodOrder', hours: 'hoursRange',
    });
  });

  it('credits: national and credit-less projects convert hours; others declare; not completed gives none', () => {
    expect(creditsFor(24, 10)).toBe(2.4);
    expect(creditsFor(40, 8)).toBe(5);
    expect(creditsFor(10, 3)).toBe(3.3);
    expect(expectedCredits({ completed: true, hours: 40 }, { level: 'national', credits: null }, 10)).toBe(4);
    expect(expectedCredits({ completed: true, hours: 40 }, { level: 'province', credits: 5 }, 10)).toBe(5);
    expect(expectedCredits({ completed: true, hours: 30 }, { level: 'county', credits: null }, 10)).toBe(3);
    expect(expectedCredits({ completed: false, hours: 40 }, { level: 'province', credits: 5 }, 10)).toBe(0);
    expect(expectedCredits({ completed: true, hours: 40 }, { level: 'national', credits: null }, null)).toBeNull();
  });

  it('the rule in force: the province’s newest version from before the date, else the default', () => {
    const rules = [
      { id: 'default', provinceUnitId: null, effectiveFrom: '2000-01-01' },
      { id: 'p2020', provinceUnitId: 'p', effectiveFrom: '2020-01-01' },
      { id: 'p2027', provinceUnitId: 'p', effectiveFrom: '2027-01-01' },
    ];
    expect(ruleInForce(rules, '2025-07-15')?.id).toBe('p2020');
    expect(ruleInForce(rules, '2027-01-01')?.id).toBe('p2027');
    expect(ruleInForce(rules, '2019-12-31')?.id).toBe('default');
    expect(ruleInForce([rules[0]!], '1999-01-01')?.id).toBe('default');
    expect(ruleInForce([], '2025-01-01')).toBeNull();
  });
});

describe('table shaping', () => {
  const rows = [
    { id: '1', teacherId: 'a', status: 'enrolled', completed: null, hours: null, credits: null },
    { id: '2', teacherId: 'b', status: 'submitted', completed: true, hours: 40, credits: null },
    { id: '3', teacherId: 'c', status: 'pending_confirmation', completed: true, hours: 40, credits: null },
    { id: '4', teacherId: 'd', status: 'confirmed', completed: true, hours: 40, credits: 4 },
  ];

  it('results may change until confirmed or sent; only submitted ones are confirmed', () => {
    expect(editableResults(rows).map((r) => r.id)).toEqual(['1', '2']);
    expect(confirmable(rows).map((r) => r.id)).toEqual(['2']);
    expect(statusCounts(rows)).toEqual({ enrolled: 1, submitted: 1, pending_confirmation: 1, confirmed: 1 });
  });

  it('completion rows get rates to one decimal, null where nothing divides; the total comes last', () => {
    const row = (unitName: string, teachers: number, credited: number, enrolments: number, completed: number, met: number, hours: number) => ({
      unitId: unitName, unitName, teachers, creditedTeachers: credited, hours, credits: hours / 10, enrolments, completedEnrolments: completed, cycleMetTeachers: met,
    });
    const table = completionTable([row('甲校', 30, 10, 12, 9, 3, 400), row('乙校', 0, 0, 0, 0, 0, 0)], row('合计', 30, 10, 12, 9, 3, 400));
    expect(table.map((r) => [r.unitName, r.isTotal, r.creditedRate, r.completionRate, r.cycleMetRate, r.hoursPerTeacher])).toEqual([
      ['甲校', false, 33.3, 75, 10, 13.3], ['乙校', false, null, null, null, null], ['合计', true, 33.3, 75, 10, 13.3],
    ]);
  });

  it('cycle progress is capped at 100', () => {
    expect(cycleProgress(90, 360)).toBe(25);
    expect(cycleProgress(400, 360)).toBe(100);
    expect(cycleProgress(10, 0)).toBe(0);
  });

  it('approval payloads are summarised', () => {
    expect(caseSummary({ name: '校本研修', year: 2026, hours: 20 })).toEqual({ title: '校本研修', hours: 20, participants: null, year: 2026 });
    expect(caseSummary({ project: '校本研修', participants: 3 })).toEqual({ title: '校本研修', hours: null, participants: 3, year: null });
    expect(caseSummary(null).title).toBe('');
  });
});
