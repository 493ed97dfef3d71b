import { describe, expect, it } from 'vitest';
import { batchesBySchool, decisionProblem, decisionsInput, defaultResult, dueReason, stepKeyOf, unmetReasons, yearOptions, type DueRow, type Result } from './form';

describe('the authority’s decision (mirrors decideRegistrations)', () => {
  it.each([
    // [result, eligible, reason, problem]
    ['REGISTERED', true, '', null],
    ['REGISTERED', false, '', 'notEligible'],
    ['DEFERRED', false, '', null], // the unmet conditions are the reason
    ['DEFERRED', true, '', 'reasonRequired'],
    ['DEFERRED', true, '师德考核待定', null],
    ['REFUSED', false, '  ', 'reasonRequired'],
    ['REFUSED', true, '弄虚作假', null],
  ] as const)('%s, eligible %s, reason %j → %s', (result, eligible, reason, problem) => {
    expect(decisionProblem({ applicationId: 'a', eligible, result: result as Result, reason })).toBe(problem);
  });

  it('defaults follow eligibility; the input trims and drops empty reasons', () => {
    expect(defaultResult(true)).toBe('REGISTERED');
    expect(defaultResult(false)).toBe('DEFERRED');
    expect(decisionsInput([{ applicationId: 'a', eligible: true, result: 'REGISTERED', reason: ' ' }, { applicationId: 'b', eligible: false, result: 'REFUSED', reason: ' 理由 ' }]))
      .toEqual([{ applicationId: 'a', result: 'REGISTERED', reason: null }, { applicationId: 'b', result: 'REFUSED', reason: '理由' }]);
  });

  it('unmet conditions read like the gateway’s reason', () => {
    expect(unmetReasons([
      { key: 'assessment', name: '年度考核', met: false, reason: '2024年度考核结果为基本合格' },
      { key: 'training', name: '培训学时', met: false, reason: '周期内培训 40 学时，不足 360 学时' },
      { key: 'ethics', name: '师德表现', met: true, reason: '无处分记录' },
    ])).toBe('年度考核：2024年度考核结果为基本合格；培训学时：周期内培训 40 学时，不足 360 学时');
  });
});

describe('the due list', () => {
  const row = (teacherId: string, schoolId: string, lastResult: string | null, inProgress = false, certificateNo = `c-${teacherId}`): DueRow => ({
    teacherId, teacherNo: `no-${teacherId}`, name: teacherId, schoolId, certificateNo, type: '小学教师资格', lastResult, validUntil: null, inProgress,
  });

  it('why due: first registration, deferred earlier, or the registration expires', () => {
    expect(dueReason(row('a', 's', null))).toBe('first');
    expect(dueReason(row('a', 's', 'deferred'))).toBe('deferred');
    expect(dueReason(row('a', 's', 'registered'))).toBe('expiring');
  });

  it('a selection becomes one batch per school, without duplicates', () => {
    expect(batchesBySchool([row('a', 's1', null), row('b', 's2', null), row('a', 's1', null), row('a', 's1', null, false, 'c-2')])).toEqual([
      { schoolId: 's1', items: [{ teacherId: 'a', certificateNo: 'c-a' }, { teacherId: 'a', certificateNo: 'c-2' }] },
      { schoolId: 's2', items: [{ teacherId: 'b', certificateNo: 'c-b' }] },
    ]);
    expect(batchesBySchool([])).toEqual([]);
  });

  it('years offered and workflow steps', () => {
    expect(yearOptions(new Date('2026-05-01'))).toEqual([2025, 2026, 2027, 2028, 2029]);
    expect([stepKeyOf(0), stepKeyOf(1), stepKeyOf(2)]).toEqual(['school', 'authority', null]);
  });
});
