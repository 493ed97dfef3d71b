import { describe, expect, it } from 'vitest';
import { canCancel, canWithdraw, caseWorkflow, type CaseFacts, type Me, type StepDef } from './workflow';

const STEPS: Record<string, readonly StepDef[]> = {
  transfer: [
    { key: 'releasing_school', relation: 'releasing_school', role: 'info_admin', zh: '调出学校审核', en: 'Releasing school' },
    { key: 'releasing_authority', relation: 'releasing_authority', role: 'system_admin', zh: '调出主管部门审核', en: 'Releasing authority' },
    { key: 'receiving_school', relation: 'receiving_school', role: 'info_admin', zh: '调入学校审核', en: 'Receiving school' },
  ],
};
const wf = caseWorkflow(STEPS);

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({
  type: 'transfer', status: 'in_progress', currentStep: 1, initiatedBy: 'acc-init', initiatingUnitId: 'u-county',
  parties: { releasing_school: 'u-s1', releasing_authority: 'u-county', receiving_school: 'u-s2' }, ...over,
});
const me = (id: string, role: string, unit: string): Me => ({ id, role, unit: { id: unit } });

describe('whose turn it is (the engine\'s isStepActor)', () => {
  it.each([
    ['the authority\'s system admin at step 1', facts(), me('a', 'system_admin', 'u-county'), true],
    ['the authority\'s information admin (wrong role)', facts(), me('a', 'info_admin', 'u-county'), false],
    ['the releasing school (its step is past)', facts(), me('a', 'info_admin', 'u-s1'), false],
    ['the receiving school before its step', facts(), me('a', 'info_admin', 'u-s2'), false],
    ['the receiving school at its step', facts({ currentStep: 2 }), me('a', 'info_admin', 'u-s2'), true],
    ['anyone on an approved case', facts({ status: 'approved' }), me('a', 'system_admin', 'u-county'), false],
    ['nobody signed in', facts(), null, false],
    ['a case type the remote does not know', facts({ type: 'rotation' }), me('a', 'system_admin', 'u-county'), false],
  ] as const)('%s → %s', (_, c, who, expected) => {
    expect(wf.isMyStep(c, who)).toBe(expected);
  });
});

describe('withdraw and cancel', () => {
  it.each([
    ['the initiator, in progress', facts(), me('acc-init', 'info_admin', 'u-x'), true, true],
    ['an admin of the initiating unit', facts(), me('other', 'system_admin', 'u-county'), false, true],
    ['a query user of the initiating unit', facts(), me('other', 'query_user', 'u-county'), false, false],
    ['an admin elsewhere', facts(), me('other', 'system_admin', 'u-s1'), false, false],
    ['the initiator after approval', facts({ status: 'approved' }), me('acc-init', 'info_admin', 'u-x'), false, false],
    ['nobody', facts(), null, false, false],
  ] as const)('%s: withdraw %s, cancel %s', (_, c, who, withdraw, cancel) => {
    expect(canWithdraw(c, who)).toBe(withdraw);
    expect(canCancel(c, who)).toBe(cancel);
  });
});

describe('step names and the timeline', () => {
  it.each([
    ['releasing_authority', 'zh-CN', '调出主管部门审核'],
    ['releasing_authority', 'en', 'Releasing authority'],
    ['unknown_step', 'zh-CN', 'unknown_step'],
  ])('%s in %s is %s', (key, locale, name) => {
    expect(wf.stepName('transfer', key, locale)).toBe(name);
  });

  it('an open case: application, the recorded steps in time order, the step waiting, the steps to come', () => {
    const steps = [
      { id: '2', stepIndex: 0, stepKey: 'releasing_school', action: 'approve', actorId: 'a2', actorUnitId: 'u-s1', comment: '同意', at: '2026-03-02T08:00:00Z' },
      { id: '1', stepIndex: 0, stepKey: 'releasing_school', action: 'return', actorId: 'a1', actorUnitId: 'u-s1', comment: '补材料', at: '2026-03-01T08:00:00Z' },
    ];
    expect(wf.timelineOf({ ...facts(), steps }, { at: '2026-02-28T08:00:00Z', unitName: '东湖区教育局' })).toEqual([
      { kind: 'apply', at: '2026-02-28T08:00:00Z', unitName: '东湖区教育局' },
      { kind: 'step', at: '2026-03-01T08:00:00Z', stepKey: 'releasing_school', action: 'return', comment: '补材料', actorUnitId: 'u-s1', actorId: 'a1' },
      { kind: 'step', at: '2026-03-02T08:00:00Z', stepKey: 'releasing_school', action: 'approve', comment: '同意', actorUnitId: 'u-s1', actorId: 'a2' },
      { kind: 'waiting', stepKey: 'releasing_authority' },
      { kind: 'later', stepKey: 'receiving_school' },
    ]);
  });

  it('a settled case shows no waiting or later steps', () => {
    const t = wf.timelineOf({ ...facts({ status: 'approved', currentStep: 3 }), steps: [] }, { at: '2026-02-28T08:00:00Z', unitName: null });
    expect(t.map((e) => e.kind)).toEqual(['apply']);
  });
});
