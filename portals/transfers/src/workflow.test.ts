import { describe, expect, it } from 'vitest';
import { canCancel, canCancelScheduled, canWithdraw, isMyStep, stepName, timelineOf, type CaseFacts } from './workflow';

const parties = { receivingSchool: 'qhx-s2', receivingAuthority: 'qhx', releasingSchool: 'dhq-s2', releasingAuthority: 'dhq' };
const kase = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  type: 'transfer', status: 'in_progress', currentStep: 0, parties, initiatedBy: 'acc-initiator', initiatingUnitId: 'qhx-s2', ...over,
});
const info = (unit: string, id = `acc-${unit}`) => ({ id, role: 'info_admin', unit: { id: unit } });

describe('whose turn it is (the engine’s isStepActor)', () => {
  it.each([
    [0, 'qhx', true],
    [0, 'dhq-s2', false],
    [1, 'dhq-s2', true],
    [2, 'dhq', true],
    [2, 'qhx', false],
  ])('step %i, information admin of %s → %s', (step, unit, expected) => {
    expect(isMyStep(kase({ currentStep: step }), info(unit))).toBe(expected);
  });

  it('not another role of the right unit, not a finished case, not an unknown workflow', () => {
    expect(isMyStep(kase(), { id: 'x', role: 'query_user', unit: { id: 'qhx' } })).toBe(false);
    expect(isMyStep(kase({ status: 'approved' }), info('qhx'))).toBe(false);
    expect(isMyStep(kase({ type: 'other' }), info('qhx'))).toBe(false);
    expect(isMyStep(kase(), null)).toBe(false);
  });
});

describe('withdraw and cancel', () => {
  it('only the initiator withdraws, while in progress', () => {
    expect(canWithdraw(kase(), info('qhx-s2', 'acc-initiator'))).toBe(true);
    expect(canWithdraw(kase(), info('qhx-s2', 'acc-colleague'))).toBe(false);
    expect(canWithdraw(kase({ status: 'returned' }), info('qhx-s2', 'acc-initiator'))).toBe(false);
  });

  it('an admin of the initiating unit may cancel; a query user or another unit may not', () => {
    expect(canCancel(kase(), info('qhx-s2', 'acc-colleague'))).toBe(true);
    expect(canCancel(kase(), { id: 'acc-q', role: 'query_user', unit: { id: 'qhx-s2' } })).toBe(false);
    expect(canCancel(kase(), info('qhx'))).toBe(false);
  });
});

describe('cancelling a scheduled move (the gateway’s cancelApproved)', () => {
  const moveOf = (kind: string, status = 'scheduled') => ({ kind, status, approvalCase: { parties } });
  const admin = (unit: string, level: string, role = 'info_admin') => ({ role, unit: { id: unit, level } });
  // A rotation recorded as a transfer: the sending school's authority is the initiating side.
  const rotationMove = { kind: 'rotation', status: 'scheduled', approvalCase: { parties: { sendingSchool: 'dhq-s2', sendingAuthority: 'dhq', receivingSchool: 'qhx-s2', receivingAuthority: 'qhx' } } };

  it.each([
    ['the receiving authority', moveOf('transfer'), admin('qhx', 'county'), true],
    ['the releasing authority', moveOf('transfer'), admin('dhq', 'county'), false],
    ['the receiving school', moveOf('transfer'), admin('qhx-s2', 'school'), false],
    ['a query user of the receiving authority', moveOf('transfer'), admin('qhx', 'county', 'query_user'), false],
    ['the receiving authority, once it took effect', moveOf('transfer', 'completed'), admin('qhx', 'county'), false],
    ['the receiving authority, while in approval', moveOf('transfer', 'in_progress'), admin('qhx', 'county'), false],
    ['a rotation’s sending authority', rotationMove, admin('dhq', 'city'), true],
    ['a rotation’s receiving authority', rotationMove, admin('qhx', 'county'), false],
  ])('%s → %s', (_who, move, me, expected) => {
    expect(canCancelScheduled(move, me)).toBe(expected);
  });

  it('nobody signed in, or no case', () => {
    expect(canCancelScheduled(moveOf('transfer'), null)).toBe(false);
    expect(canCancelScheduled({ kind: 'transfer', status: 'scheduled', approvalCase: null }, admin('qhx', 'county'))).toBe(false);
  });
});

describe('the timeline', () => {
  const step = (stepIndex: number, stepKey: string, action: string, at: string, comment: string | null = null) =>
    ({ id: `s${stepIndex}`, stepIndex, stepKey, action, actorId: `a${stepIndex}`, actorUnitId: `u${stepIndex}`, comment, at });

  it('in progress: application, steps done, the waiting step and those to come', () => {
    const entries = timelineOf({ ...kase({ currentStep: 1 }), steps: [step(0, 'receivingAuthority', 'approve', '2026-11-02T00:00:00Z', '同意')] },
      { at: '2026-11-01T00:00:00Z', unitName: '清河县第二小学' });
    expect(entries.map((e) => e.kind)).toEqual(['apply', 'step', 'waiting', 'later']);
    expect(entries[1]).toMatchObject({ stepKey: 'receivingAuthority', action: 'approve', comment: '同意' });
    expect(entries[2]).toEqual({ kind: 'waiting', stepKey: 'releasingSchool' });
  });

  it('returned: ends with the return and its reason, nothing pending', () => {
    const entries = timelineOf({ ...kase({ status: 'returned', currentStep: 1 }), steps: [
      step(1, 'releasingSchool', 'return', '2026-11-03T00:00:00Z', '学年结束后再议'),
      step(0, 'receivingAuthority', 'approve', '2026-11-02T00:00:00Z'),
    ] }, { at: '2026-11-01T00:00:00Z', unitName: null });
    expect(entries.map((e) => (e.kind === 'step' ? e.action : e.kind))).toEqual(['apply', 'approve', 'return']);
  });

  it('names steps in both languages; unknown keys stay as they are', () => {
    expect(stepName('transfer', 'releasingSchool', 'zh-CN')).toBe('调出学校审批');
    expect(stepName('transfer', 'releasingSchool', 'en')).toBe('Releasing school');
    expect(stepName('transfer', 'mystery', 'zh-CN')).toBe('mystery');
  });
});
