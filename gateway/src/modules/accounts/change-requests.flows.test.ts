import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { Account } from './account.entity.js';

/**
 * 用户变更申请 through the real API: filed by the account holder (or staff), decided by the system
 * admin of the managing unit, applied at once when that admin files it; plus the anonymous
 * "forgot password" request.
 */
const REQUEST = `mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) {
  id accountId kind payload status managingUnitId requestedBy decidedBy decisionComment temporaryPassword } }`;
const DECIDE = `mutation($id: ID!, $a: Boolean!, $c: String) { decideAccountChange(id: $id, approve: $a, comment: $c) {
  id status decidedBy decidedAt decisionComment temporaryPassword } }`;
const LIST = `query($s: String) { accountChangeRequests(status: $s) { id kind status accountId temporaryPassword } }`;
const RESET = `mutation($u: String!, $n: String!) { requestPasswordReset(username: $u, idNumber: $n) }`;
const ACCOUNT = `query($id: ID!) { account(id: $id) { id realName phone email status } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const TEACHERS = `{ teachers { totalCount } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const id = (username: string): string => world.accounts.get(username)!.id;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [
      ['s_sys', 'schoolA', 'system_admin'],
      ['s_teacher', 'schoolA', 'teacher', { teacherOf: 'schoolA' }],
      ['s_query', 'schoolA', 'query_user'],
      ['a2_sys', 'schoolA2', 'system_admin'],
      ['n_sys', 'national', 'system_admin'],
    ],
  });
  for (const u of ['s_sys', 's_teacher', 'a2_sys', 'n_sys']) tokens.set(u, await loginAs(t, u));
});
afterAll(async () => t?.close());

const file = (as: string, input: Record<string, unknown>) => t.gql(REQUEST, { i: input }, tokens.get(as));
const decide = (as: string, requestId: string, approve: boolean, comment?: string) => t.gql(DECIDE, { id: requestId, a: approve, c: comment }, tokens.get(as));
// Through the ORM: phone and e-mail are sealed in the table (issue 14.7).
const accountRow = async (username: string) => {
  const a = await t.app.orm.em.fork().findOneOrFail(Account, { username });
  return { real_name: a.realName, phone: a.phone ?? null, email: a.email ?? null, status: a.status };
};

describe('a teacher asks to change their own account', () => {
  let approvedId: string;
  let rejectedId: string;

  it('the request waits for the school system admin, who approves it; the values change', async () => {
    const filed = dataOf(await file('s_teacher', { accountId: id('s_teacher'), kind: 'info_change', payload: { phone: '13711112222', email: 'li@school.example.cn' }, reason: '换号' })).requestAccountChange;
    expect(filed).toMatchObject({ status: 'pending', kind: 'info_change', managingUnitId: world.units.schoolA.id, requestedBy: id('s_teacher'), decidedBy: null });
    approvedId = filed.id;
    expect(await accountRow('s_teacher')).toMatchObject({ phone: '13900000000', email: null });

    // Both sides see it: the teacher as the holder, the admin as the decider.
    expect(dataOf(await t.gql(LIST, {}, tokens.get('s_teacher'))).accountChangeRequests.map((r: { id: string }) => r.id)).toContain(filed.id);
    expect(dataOf(await t.gql(LIST, { s: 'pending' }, tokens.get('s_sys'))).accountChangeRequests).toContainEqual(expect.objectContaining({ id: filed.id, kind: 'info_change' }));

    const decided = dataOf(await decide('s_sys', filed.id, true, '同意')).decideAccountChange;
    expect(decided).toMatchObject({ status: 'approved', decidedBy: id('s_sys'), decisionComment: '同意', temporaryPassword: null });
    expect(decided.decidedAt).toBeTruthy();
    expect(dataOf(await t.gql(ACCOUNT, { id: id('s_teacher') }, tokens.get('s_teacher'))).account).toMatchObject({ phone: '13711112222', email: 'li@school.example.cn' });
  });

  it('a rejected request changes nothing', async () => {
    const filed = dataOf(await file('s_teacher', { accountId: id('s_teacher'), kind: 'info_change', payload: { phone: '13733334444' } })).requestAccountChange;
    rejectedId = filed.id;
    const decided = dataOf(await decide('s_sys', filed.id, false, '号码有误')).decideAccountChange;
    expect(decided).toMatchObject({ status: 'rejected', decidedBy: id('s_sys'), decisionComment: '号码有误' });
    expect(await accountRow('s_teacher')).toMatchObject({ phone: '13711112222' });
    expect((await sql(t, 'select status from account_change_request where id = ?', [filed.id]))[0]!.status).toBe('rejected');
  });

  it.each([
    ['approve a rejected request', () => rejectedId, true],
    ['reject an approved request', () => approvedId, false],
    ['approve an approved request', () => approvedId, true],
  ])('deciding twice is refused: %s', async (_name, requestId, approve) => {
    expect(errorCode(await decide('s_sys', requestId(), approve))).toBe('CHANGE_REQUEST_NOT_PENDING');
    expect(await accountRow('s_teacher')).toMatchObject({ phone: '13711112222' });
  });

  it('a teacher cannot decide requests, not even their own', async () => {
    const filed = dataOf(await file('s_teacher', { accountId: id('s_teacher'), kind: 'info_change', payload: { email: 'x@school.example.cn' } })).requestAccountChange;
    expect(errorCode(await decide('s_teacher', filed.id, true))).toBe('FORBIDDEN');
    expect((await sql(t, 'select status from account_change_request where id = ?', [filed.id]))[0]!.status).toBe('pending');
  });

  it.each([
    ['a change of role', { kind: 'info_change', payload: { role: 'system_admin' } }, 'CHANGE_REQUEST_INVALID'],
    ['a change of unit', { kind: 'info_change', payload: { unitId: '00000000-0000-0000-0000-000000000000' } }, 'CHANGE_REQUEST_INVALID'],
    ['an empty change', { kind: 'info_change', payload: {} }, 'CHANGE_REQUEST_INVALID'],
    ['an unknown kind', { kind: 'promote' }, 'CHANGE_REQUEST_INVALID'],
    ['a malformed phone', { kind: 'info_change', payload: { phone: '555' } }, 'VALIDATION_FAILED'],
  ])('refuses %s', async (_name, body, code) => {
    const before = (await sql(t, 'select count(*)::int as n from account_change_request'))[0]!.n;
    expect(errorCode(await file('s_teacher', { accountId: id('s_teacher'), ...body }))).toBe(code);
    expect((await sql(t, 'select count(*)::int as n from account_change_request'))[0]!.n).toBe(before);
  });
});

describe('the managing system admin', () => {
  it('files a change that applies at once', async () => {
    const r = dataOf(await file('s_sys', { accountId: id('s_query'), kind: 'info_change', payload: { realName: '王查询', phone: '13655556666' } })).requestAccountChange;
    expect(r).toMatchObject({ status: 'approved', requestedBy: id('s_sys'), decidedBy: id('s_sys') });
    expect(await accountRow('s_query')).toMatchObject({ real_name: '王查询', phone: '13655556666' });
  });

  it('disables an account: its sessions end and it cannot log in; restoring brings it back', async () => {
    const session = await loginAs(t, 's_query');
    expect(dataOf(await t.gql(TEACHERS, {}, session)).teachers.totalCount).toBe(1);

    expect(dataOf(await file('s_sys', { accountId: id('s_query'), kind: 'disable', reason: '离岗' })).requestAccountChange.status).toBe('approved');
    expect(errorCode(await t.gql(TEACHERS, {}, session))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(LOGIN, { u: 's_query', p: PASSWORD }))).toBe('ACCOUNT_DISABLED');
    expect((await sql(t, 'select count(*)::int as n from session where account_id = ? and revoked_at is null', [id('s_query')]))[0]!.n).toBe(0);

    expect(dataOf(await file('s_sys', { accountId: id('s_query'), kind: 'restore' })).requestAccountChange.status).toBe('approved');
    const back = dataOf(await t.gql(LOGIN, { u: 's_query', p: PASSWORD })).login;
    expect(back.status).toBe('OK');
    expect(dataOf(await t.gql(TEACHERS, {}, back.token)).teachers.totalCount).toBe(1);
  });

  it('a system admin of another unit can neither see, decide nor file for these accounts', async () => {
    const filed = dataOf(await file('s_teacher', { accountId: id('s_teacher'), kind: 'info_change', payload: { phone: '13799998888' } })).requestAccountChange;
    const seen = dataOf(await t.gql(LIST, {}, tokens.get('a2_sys'))).accountChangeRequests;
    expect(seen.map((r: { id: string }) => r.id)).not.toContain(filed.id);
    for (const approve of [true, false]) {
      const r = await decide('a2_sys', filed.id, approve);
      expect(errorCode(r)).toBe('NOT_FOUND_OR_NO_ACCESS');
      expect(JSON.stringify(r)).not.toContain('13799998888');
    }
    expect(errorCode(await file('a2_sys', { accountId: id('s_query'), kind: 'disable' }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(await accountRow('s_query')).toMatchObject({ status: 'active' });
    expect((await sql(t, 'select status from account_change_request where id = ?', [filed.id]))[0]!.status).toBe('pending');
  });
});

describe('forgot password', () => {
  const resets = async (username: string): Promise<{ id: string; status: string; requested_by: string }[]> =>
    sql(t, `select r.id, r.status, r.requested_by from account_change_request r join account a on a.id = r.account_id
             where a.username = ? and r.kind = 'password_reset' order by r.created_at`, [username]);

  it.each([
    ['a wrong ID number', 's_query', () => '11010819800101001X'],
    ['an unknown username', 'nobody.here', () => world.accountIdNumbers.get('s_query')!],
    ['another account\'s ID number', 's_query', () => world.accountIdNumbers.get('s_sys')!],
  ])('with %s files nothing and still answers true', async (_name, username, idNumber) => {
    const before = (await sql(t, `select count(*)::int as n from account_change_request where kind = 'password_reset'`))[0]!.n;
    expect(dataOf(await t.gql(RESET, { u: username, n: idNumber() })).requestPasswordReset).toBe(true);
    expect((await sql(t, `select count(*)::int as n from account_change_request where kind = 'password_reset'`))[0]!.n).toBe(before);
  });

  it('with the right ID number files a pending request; approval gives a temporary password that must be changed', async () => {
    const oldSession = await loginAs(t, 's_query');
    // Lower-case check character and spaces are tolerated, as people type them.
    expect(dataOf(await t.gql(RESET, { u: ' S_Query ', n: ` ${world.accountIdNumbers.get('s_query')!.toLowerCase()} ` })).requestPasswordReset).toBe(true);
    const [req] = await resets('s_query');
    expect(req).toMatchObject({ status: 'pending', requested_by: id('s_query') });
    expect(dataOf(await t.gql(LIST, { s: 'pending' }, tokens.get('s_sys'))).accountChangeRequests)
      .toContainEqual({ id: req!.id, kind: 'password_reset', status: 'pending', accountId: id('s_query'), temporaryPassword: null });

    // A locked account is unlocked by the reset too.
    await sql(t, `update account set locked_until = now() + interval '10 minutes' where username = 's_query'`);
    const decided = dataOf(await decide('s_sys', req!.id, true)).decideAccountChange;
    expect(decided.status).toBe('approved');
    expect(decided.temporaryPassword).toMatch(/^\S{8,}$/);

    expect(errorCode(await t.gql(TEACHERS, {}, oldSession))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(LOGIN, { u: 's_query', p: PASSWORD }))).toBe('LOGIN_FAILED');
    const temp = dataOf(await t.gql(LOGIN, { u: 's_query', p: decided.temporaryPassword })).login;
    expect(temp.status).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(errorCode(await t.gql(TEACHERS, {}, temp.token))).toBe('PASSWORD_CHANGE_REQUIRED');

    // The temporary password is shown once, to the approver, and never again.
    const listed = dataOf(await t.gql(LIST, {}, tokens.get('s_sys'))).accountChangeRequests.find((r: { id: string }) => r.id === req!.id);
    expect(listed).toMatchObject({ status: 'approved', temporaryPassword: null });
    expect(JSON.stringify(await sql(t, 'select payload from account_change_request where id = ?', [req!.id]))).not.toContain(decided.temporaryPassword);
  });

  it('the requester cannot approve their own request', async () => {
    // The national system admin is managed by its own unit: its own reset request lands on its own desk.
    expect(dataOf(await t.gql(RESET, { u: 'n_sys', n: world.accountIdNumbers.get('n_sys') })).requestPasswordReset).toBe(true);
    const [req] = await resets('n_sys');
    expect(req).toMatchObject({ status: 'pending', requested_by: id('n_sys') });
    expect(dataOf(await t.gql(LIST, { s: 'pending' }, tokens.get('n_sys'))).accountChangeRequests.map((r: { id: string }) => r.id)).toContain(req!.id);

    expect(errorCode(await decide('n_sys', req!.id, true))).toBe('CHANGE_REQUEST_SELF_APPROVAL');
    expect(errorCode(await decide('n_sys', req!.id, false))).toBe('CHANGE_REQUEST_SELF_APPROVAL');
    expect((await resets('n_sys'))[0]!.status).toBe('pending');
    expect(dataOf(await t.gql(LOGIN, { u: 'n_sys', p: PASSWORD })).login.status).toBe('OK');
  });
});

describe('the list is paged on the server (issue 16.2)', () => {
  const PAGE = `query($s: String, $f: Int!, $o: Int!) { accountChangeRequestPage(status: $s, first: $f, offset: $o) { totalCount nodes { id kind status createdAt } } }`;

  it('pages through more requests than the old 200 cap: the total, a short last page, every request exactly once', async () => {
    // 230 pending info changes filed by the teacher, written straight to the table (the API
    // path is tested above; this is about paging).
    const before = dataOf(await t.gql(PAGE, { s: 'pending', f: 1, o: 0 }, tokens.get('s_sys'))).accountChangeRequestPage.totalCount as number;
    await sql(t, `insert into account_change_request (id, created_at, updated_at, version, account_id, managing_unit_id, unit_id, kind, payload, reason, status, requested_by)
      select gen_random_uuid(), now() - make_interval(secs => 1000 - g), now(), 1, ?, ?, ?, 'info_change', jsonb_build_object('email', 'p' || g || '@school.example.cn'), 'paging ' || g, 'pending', ?
      from generate_series(1, 230) g`, [id('s_teacher'), world.units.schoolA.id, world.units.schoolA.id, id('s_teacher')]);
    const total = before + 230;
    const first = dataOf(await t.gql(PAGE, { s: 'pending', f: 50, o: 0 }, tokens.get('s_sys'))).accountChangeRequestPage;
    expect(first.totalCount).toBe(total);
    expect(first.nodes).toHaveLength(50);
    const lastOffset = Math.floor((total - 1) / 50) * 50;
    const last = dataOf(await t.gql(PAGE, { s: 'pending', f: 50, o: lastOffset }, tokens.get('s_sys'))).accountChangeRequestPage;
    expect(last.nodes).toHaveLength(total - lastOffset);
    // Every page together: each request once.
    const ids = new Set<string>();
    const times: number[] = [];
    for (let o = 0; o < total; o += 200) {
      for (const n of dataOf(await t.gql(PAGE, { s: 'pending', f: 200, o }, tokens.get('s_sys'))).accountChangeRequestPage.nodes) {
        ids.add(n.id);
        times.push(Date.parse(n.createdAt));
      }
    }
    expect(ids.size).toBe(total);
    // Newest first across the pages.
    expect(times.every((x, i) => i === 0 || times[i - 1]! >= x)).toBe(true);
    // The teacher's own requests are in its own scope too; another unit's admin sees none of them.
    expect(dataOf(await t.gql(PAGE, { s: 'pending', f: 1, o: 0 }, tokens.get('a2_sys'))).accountChangeRequestPage.totalCount).toBe(0);
  });

  it('the old accountChangeRequests refuses more than 200 (LIST_TOO_LARGE) instead of answering the newest 200', async () => {
    const over = await t.gql(`{ accountChangeRequests(status: "pending") { id } }`, {}, tokens.get('s_sys'));
    expect(errorCode(over)).toBe('LIST_TOO_LARGE');
    expect(over.errors![0]!.extensions!.details).toEqual({ max: 200, paged: 'accountChangeRequestPage' });
    // Below the cap it is the whole list, as before.
    const other = dataOf(await t.gql(PAGE, { s: 'approved', f: 1, o: 0 }, tokens.get('s_sys'))).accountChangeRequestPage.totalCount as number;
    expect(other).toBeLessThan(200);
    expect(dataOf(await t.gql(`{ accountChangeRequests(status: "approved") { id } }`, {}, tokens.get('s_sys'))).accountChangeRequests).toHaveLength(other);
  });

  it.each([[0, 0], [201, 0], [20, -1]])('refuses first %i / offset %i with VALIDATION_FAILED', async (f, o) => {
    expect(errorCode(await t.gql(PAGE, { s: null, f, o }, tokens.get('s_sys')))).toBe('VALIDATION_FAILED');
  });
});
