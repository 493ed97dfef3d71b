import { describe, expect, it } from 'vitest';
import { defineWorkflow, nextState, type ActionInput, type CaseState } from './workflow-definition.js';

const def = defineWorkflow({
  type: 'test_sm_two_step',
  name: '测试流程',
  steps: [
    { key: 'authority', name: '主管部门审批', actor: { relation: 'authority', role: 'info_admin' } },
    { key: 'city', name: '市级审批', actor: { relation: 'city', role: 'info_admin' } },
  ],
});

const base: CaseState = { status: 'in_progress', currentStep: 0, parties: { authority: 'U-A', city: 'U-C' }, initiatedBy: 'ACC-I', initiatingUnitId: 'U-S' };
const authority = { accountId: 'ACC-A', unitId: 'U-A', role: 'info_admin' } as const;
const city = { accountId: 'ACC-C', unitId: 'U-C', role: 'info_admin' } as const;
const initiator = { accountId: 'ACC-I', unitId: 'U-S', role: 'info_admin' } as const;
const schoolAdmin = { accountId: 'ACC-S2', unitId: 'U-S', role: 'system_admin' } as const;
const schoolQuery = { accountId: 'ACC-S3', unitId: 'U-S', role: 'query_user' } as const;

type Row = [string, Partial<CaseState>, ActionInput, { status: string; currentStep: number } | string];

describe('nextState', () => {
  it.each<Row>([
    ['approve at step 0 moves on', {}, { action: 'approve', actor: authority }, { status: 'in_progress', currentStep: 1 }],
    ['approve at the last step ends approved', { currentStep: 1 }, { action: 'approve', actor: city }, { status: 'approved', currentStep: 1 }],
    ['approve by the next step actor too early', {}, { action: 'approve', actor: city }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['approve with the right unit but wrong role', {}, { action: 'approve', actor: { ...authority, role: 'query_user' } }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['approve by the initiator who is no party', {}, { action: 'approve', actor: initiator }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['approve a finished case', { status: 'approved' }, { action: 'approve', actor: authority }, 'WORKFLOW_NOT_PENDING'],
    ['return with a reason', {}, { action: 'return', actor: authority, comment: '材料不全' }, { status: 'returned', currentStep: 0 }],
    ['return without a reason', {}, { action: 'return', actor: authority, comment: '  ' }, 'WORKFLOW_REASON_REQUIRED'],
    ['return by a non-actor', {}, { action: 'return', actor: city, comment: 'x' }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['return a returned case', { status: 'returned' }, { action: 'return', actor: authority, comment: 'x' }, 'WORKFLOW_NOT_PENDING'],
    ['withdraw by the initiator', { currentStep: 1 }, { action: 'withdraw', actor: initiator }, { status: 'withdrawn', currentStep: 1 }],
    ['withdraw by an actor', {}, { action: 'withdraw', actor: authority }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['withdraw by an admin of the initiating unit', {}, { action: 'withdraw', actor: schoolAdmin }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['withdraw after approval', { status: 'approved' }, { action: 'withdraw', actor: initiator }, 'WORKFLOW_NOT_PENDING'],
    ['cancel by the initiator', {}, { action: 'cancel', actor: initiator, comment: '不再调动' }, { status: 'cancelled', currentStep: 0 }],
    ['cancel by an admin of the initiating unit', {}, { action: 'cancel', actor: schoolAdmin, comment: '不再调动' }, { status: 'cancelled', currentStep: 0 }],
    ['cancel by a query user of the initiating unit', {}, { action: 'cancel', actor: schoolQuery, comment: 'x' }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['cancel by a step actor', {}, { action: 'cancel', actor: authority, comment: 'x' }, 'WORKFLOW_NOT_YOUR_STEP'],
    ['cancel without a reason', {}, { action: 'cancel', actor: initiator }, 'WORKFLOW_REASON_REQUIRED'],
    ['cancel a withdrawn case', { status: 'withdrawn' }, { action: 'cancel', actor: initiator, comment: 'x' }, 'WORKFLOW_NOT_PENDING'],
  ])('%s', (_name, over, input, expected) => {
    const t = nextState(def, { ...base, ...over }, input);
    if (typeof expected === 'string') expect(t).toEqual({ ok: false, code: expected });
    else expect(t).toEqual({ ok: true, ...expected });
  });

  it('rejects a definition without steps or with repeated keys', () => {
    expect(() => defineWorkflow({ type: 'x_empty', name: '空', steps: [] })).toThrow();
    const step = { key: 'a', name: 'A', actor: { relation: 'r', role: 'info_admin' as const } };
    expect(() => defineWorkflow({ type: 'x_dup', name: '重复', steps: [step, step] })).toThrow();
  });
});

describe('skipRepeatedPost (one post approves a case once)', () => {
  const transferLike = defineWorkflow({
    type: 'test_sm_skip',
    name: '跳过重复岗位',
    skipRepeatedPost: true,
    steps: [
      { key: 'inAuthority', name: '调入主管部门', actor: { relation: 'inAuthority', role: 'info_admin' } },
      { key: 'outSchool', name: '调出学校', actor: { relation: 'outSchool', role: 'info_admin' } },
      { key: 'outAuthority', name: '调出主管部门', actor: { relation: 'outAuthority', role: 'info_admin' } },
    ],
  });
  const county = { accountId: 'ACC-K', unitId: 'U-K', role: 'info_admin' } as const;
  const school = { accountId: 'ACC-S', unitId: 'U-S', role: 'info_admin' } as const;
  const state = (parties: Record<string, string>, currentStep: number): CaseState => ({ status: 'in_progress', currentStep, parties, initiatedBy: 'ACC-I', initiatingUnitId: 'U-R' });

  it.each<[string, Record<string, string>, number, typeof county, { status: string; currentStep: number }]>([
    ['two authorities: the last step stays', { inAuthority: 'U-K', outSchool: 'U-S', outAuthority: 'U-K2' }, 1, school, { status: 'in_progress', currentStep: 2 }],
    ['one county: its second approval is skipped, the case ends', { inAuthority: 'U-K', outSchool: 'U-S', outAuthority: 'U-K' }, 1, school, { status: 'approved', currentStep: 1 }],
    ['one county: the first step is not skipped', { inAuthority: 'U-K', outSchool: 'U-S', outAuthority: 'U-K' }, 0, county, { status: 'in_progress', currentStep: 1 }],
  ])('%s', (_n, parties, step, actor, expected) => {
    expect(nextState(transferLike, state(parties, step), { action: 'approve', actor })).toEqual({ ok: true, ...expected });
  });

  it('a workflow without the flag keeps every step', () => {
    const plain = defineWorkflow({ ...transferLike, type: 'test_sm_noskip', skipRepeatedPost: false });
    expect(nextState(plain, state({ inAuthority: 'U-K', outSchool: 'U-S', outAuthority: 'U-K' }, 1), { action: 'approve', actor: school })).toEqual({ ok: true, status: 'in_progress', currentStep: 2 });
  });
});
