import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { ApprovalService } from './approval.service.js';
import { onApproved } from './approval-hooks.js';
import { defineWorkflow } from './workflow-definition.js';

/**
 * The approval engine through the real API: a test-only three-step workflow (school → county →
 * city), opened by a business module through the service, walked by the real accounts.
 */
const flow = defineWorkflow({
  type: 'test_three_step',
  name: '测试三级审批',
  steps: [
    { key: 'school', name: '学校审核', actor: { relation: 'school', role: 'system_admin' } },
    { key: 'county', name: '区县审批', actor: { relation: 'county', role: 'system_admin' } },
    { key: 'city', name: '市级审批', actor: { relation: 'city', role: 'system_admin' } },
  ],
});
const approvedInHook: string[] = [];
onApproved(flow.type, async (tx, c) => {
  // Runs inside the final approval's transaction: sees the case already approved.
  const [row] = await tx.getConnection().execute<{ status: string }[]>('select status from approval_case where id = ?', [c.id], 'all', tx.getTransactionContext());
  approvedInHook.push(`${c.id}:${row!.status}`);
});

const CASE = `query($id: ID!) { approvalCase(id: $id) { id status currentStep currentStepName version typeName steps { stepKey action comment actorId } } }`;
const APPROVE = `mutation($id: ID!, $c: String, $v: Int) { approveCase(id: $id, comment: $c, version: $v) { status currentStep version } }`;
const RETURN = `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawCase(id: $id) { status } }`;
const CANCEL = `mutation($id: ID!, $r: String!) { cancelCase(id: $id, reason: $r) { status } }`;
const INBOX = `{ approvalInbox { counts { type name count } items { daysPending approvalCase { id currentStepName } } } }`;
const NOTES = `query($u: Boolean!) { notifications(unreadOnly: $u) { id kind caseId message } }`;
const MARK = `mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }`;

const ACCOUNTS: [string, UnitKey, 'system_admin' | 'query_user'][] = [
  ['s-sys', 'schoolA', 'system_admin'], ['s-query', 'schoolA', 'query_user'], ['c-sys', 'countyA', 'system_admin'], ['c-query', 'countyA', 'query_user'],
  ['ci-sys', 'cityA', 'system_admin'], ['p-sys', 'provA', 'system_admin'], ['c2-sys', 'countyA2', 'system_admin'], ['b-sys', 'provB', 'system_admin'],
];

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const gql = (user: string, q: string, v?: Record<string, unknown>) => t.gql(q, v, tokens.get(user));

/** Opens a case as `s-sys`, the way a business module would: through the service, with a request context. */
async function openCase(): Promise<string> {
  const ctx = await t.app.makeContext({ headers: { authorization: `Bearer ${tokens.get('s-sys')}` }, socket: {} } as never);
  const u = world.units;
  const c = await new ApprovalService(ctx).open({
    type: flow.type, subjectType: 'Teacher', subjectId: world.teachers.schoolA!.id,
    parties: { school: u.schoolA.id, county: u.countyA.id, city: u.cityA.id },
    partyPaths: [u.schoolA.path, u.countyA.path, u.cityA.path], payload: { note: '测试' },
  });
  return c.id;
}

const stepRows = async (id: string): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from approval_step where case_id = ?', [id]))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: ACCOUNTS });
  for (const [name] of ACCOUNTS) tokens.set(name, await loginAs(t, name));
}, 120_000);
afterAll(async () => t?.close());

describe('approval engine', () => {
  it('walks school → county → city; each step recorded; the hook runs in the final transaction', async () => {
    const id = await openCase();
    expect(dataOf(await gql('c-sys', INBOX)).approvalInbox.items.map((i: any) => i.approvalCase.id)).not.toContain(id);
    const inbox = dataOf(await gql('s-sys', INBOX)).approvalInbox;
    expect(inbox.items.find((i: any) => i.approvalCase.id === id)).toMatchObject({ daysPending: 0, approvalCase: { currentStepName: '学校审核' } });
    expect(inbox.counts).toContainEqual(expect.objectContaining({ type: flow.type, name: '测试三级审批' }));

    for (const [user, next] of [['s-sys', 1], ['c-sys', 2]] as const) {
      expect(dataOf(await gql(user, APPROVE, { id, c: `${user}同意` })).approveCase).toMatchObject({ status: 'in_progress', currentStep: next });
    }
    expect(dataOf(await gql('ci-sys', INBOX)).approvalInbox.items.map((i: any) => i.approvalCase.id)).toContain(id);
    expect(approvedInHook).toEqual([]);
    expect(dataOf(await gql('ci-sys', APPROVE, { id })).approveCase.status).toBe('approved');
    expect(approvedInHook).toEqual([`${id}:approved`]);

    const c = dataOf(await gql('s-sys', CASE, { id })).approvalCase;
    expect(c.steps.map((s: any) => [s.stepKey, s.action, s.comment])).toEqual([['school', 'approve', 's-sys同意'], ['county', 'approve', 'c-sys同意'], ['city', 'approve', null]]);
    expect(c.steps[1].actorId).toBe(world.accounts.get('c-sys')!.id);
    const notes = dataOf(await gql('s-sys', NOTES, { u: true })).notifications;
    expect(notes.filter((n: any) => n.caseId === id).map((n: any) => n.kind)).toContain('case_approved');
  });

  it.each([
    ['c2-sys', 'a county that is no party', 'NOT_FOUND_OR_NO_ACCESS'],
    ['b-sys', 'another province', 'NOT_FOUND_OR_NO_ACCESS'],
    ['c-sys', 'the next step, too early', 'WORKFLOW_NOT_YOUR_STEP'],
    ['p-sys', 'the province above the parties', 'WORKFLOW_NOT_YOUR_STEP'],
    ['s-query', 'the right unit with the wrong role', 'WORKFLOW_NOT_YOUR_STEP'],
  ])('%s (%s) cannot approve: %s', async (user, _why, code) => {
    const id = await openCase();
    const r = await gql(user, APPROVE, { id });
    expect(errorCode(r)).toBe(code);
    expect(errorCode(await gql(user, CASE, { id }))).toBe(code === 'NOT_FOUND_OR_NO_ACCESS' ? code : undefined);
    expect(await stepRows(id)).toBe(0);
  });

  it('return needs a reason, ends the case and notifies the initiator', async () => {
    const id = await openCase();
    expect(dataOf(await gql('s-sys', APPROVE, { id })).approveCase.currentStep).toBe(1);
    expect(errorCode(await gql('c-sys', RETURN, { id, r: ' ' }))).toBe('WORKFLOW_REASON_REQUIRED');
    expect(dataOf(await gql('c-sys', RETURN, { id, r: '材料不全' })).returnCase.status).toBe('returned');
    expect(errorCode(await gql('ci-sys', APPROVE, { id }))).toBe('WORKFLOW_NOT_PENDING');
    const notes = dataOf(await gql('s-sys', NOTES, { u: true })).notifications.filter((n: any) => n.caseId === id && n.kind === 'case_returned');
    expect(notes).toHaveLength(1);
    // Others may not mark it read; the initiator may.
    expect(dataOf(await gql('c-sys', MARK, { ids: [notes[0].id] })).markNotificationsRead).toBe(0);
    expect(dataOf(await gql('s-sys', MARK, { ids: [notes[0].id] })).markNotificationsRead).toBe(1);
    expect(dataOf(await gql('s-sys', NOTES, { u: true })).notifications.map((n: any) => n.id)).not.toContain(notes[0].id);
    const steps = dataOf(await gql('s-sys', CASE, { id })).approvalCase.steps;
    expect(steps.map((s: any) => [s.action, s.comment])).toEqual([['approve', null], ['return', '材料不全']]);
  });

  it('the next actor is notified by post (unit + role)', async () => {
    const id = await openCase();
    await gql('s-sys', APPROVE, { id });
    expect(dataOf(await gql('c-sys', NOTES, { u: true })).notifications.filter((n: any) => n.caseId === id && n.kind === 'step_waiting')).toHaveLength(1);
    expect(dataOf(await gql('c-query', NOTES, { u: true })).notifications.filter((n: any) => n.caseId === id)).toHaveLength(0);
  });

  it('only the initiator withdraws; cancel by the initiating unit admin needs a reason', async () => {
    const id = await openCase();
    expect(errorCode(await gql('c-sys', WITHDRAW, { id }))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(dataOf(await gql('s-sys', WITHDRAW, { id })).withdrawCase.status).toBe('withdrawn');
    expect(errorCode(await gql('s-sys', WITHDRAW, { id }))).toBe('WORKFLOW_NOT_PENDING');
    const id2 = await openCase();
    expect(errorCode(await gql('s-sys', CANCEL, { id: id2, r: '' }))).toBe('WORKFLOW_REASON_REQUIRED');
    expect(errorCode(await gql('c-sys', CANCEL, { id: id2, r: '不办了' }))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(dataOf(await gql('s-sys', CANCEL, { id: id2, r: '不办了' })).cancelCase.status).toBe('cancelled');
  });

  it('of 20 simultaneous approvals of one step exactly one wins; one step row', async () => {
    const id = await openCase();
    const { version } = dataOf(await gql('s-sys', CASE, { id })).approvalCase;
    const results = await Promise.all(Array.from({ length: 20 }, () => gql('s-sys', APPROVE, { id, v: version })));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'WORKFLOW_CONFLICT')).toHaveLength(19);
    expect(await stepRows(id)).toBe(1);
    expect(dataOf(await gql('s-sys', CASE, { id })).approvalCase).toMatchObject({ currentStep: 1, version: version + 1 });
  });
});

describe('"waiting for you" notices close', () => {
  const WAITING = `{ notifications { kind caseId doneAt } }`;
  const waiting = async (user: string, id: string) =>
    dataOf<{ notifications: { kind: string; caseId: string; doneAt: string | null }[] }>(await gql(user, WAITING)).notifications.filter((n) => n.kind === 'step_waiting' && n.caseId === id);

  it('are marked done when the step is handled, and when the case is withdrawn; unreadOnly leaves them out', async () => {
    const id = await openCase();
    expect(await waiting('s-sys', id)).toEqual([{ kind: 'step_waiting', caseId: id, doneAt: null }]);
    await gql('s-sys', APPROVE, { id });
    const [school] = await waiting('s-sys', id);
    expect(school!.doneAt).toBeTruthy();
    const open = dataOf<{ notifications: { caseId: string }[] }>(await gql('s-sys', NOTES, { u: true })).notifications;
    expect(open.map((n) => n.caseId)).not.toContain(id);
    expect(await waiting('c-sys', id)).toEqual([{ kind: 'step_waiting', caseId: id, doneAt: null }]);
    await gql('s-sys', WITHDRAW, { id });
    const [county] = await waiting('c-sys', id);
    expect(county!.doneAt).toBeTruthy();
  });

  it('are marked done when the case is returned or cancelled', async () => {
    const returned = await openCase();
    await gql('s-sys', RETURN, { id: returned, r: '材料不全' });
    expect((await waiting('s-sys', returned))[0]!.doneAt).toBeTruthy();
    const cancelled = await openCase();
    await gql('s-sys', APPROVE, { id: cancelled });
    await gql('s-sys', CANCEL, { id: cancelled, r: '重复申请' });
    expect((await waiting('c-sys', cancelled))[0]!.doneAt).toBeTruthy();
  });
});
