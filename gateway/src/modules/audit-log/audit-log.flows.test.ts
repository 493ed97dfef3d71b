import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/**
 * The 审计日志 page's queries through the real API: entries of the caller's subtree filtered by
 * actor, action, target, unit and period, paged; the chain check; and the holder of a change
 * request as the approver's list shows it.
 */
const SEARCH = `query($f: AuditSearchFilter, $first: Int, $offset: Int) { auditEntries(filter: $f, first: $first, offset: $offset) {
  totalCount nodes { seq at actorUsername unitId unitName action targetType targetId outcome prevHash hash } } }`;
const CHAIN = `{ auditChainStatus { ok checked brokenAt reason legacyEntries lastCheckpointSeq unanchoredEntries verifiedAt } }`;
const REQUEST = `mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) { id status } }`;
const REQUESTS = `{ accountChangeRequests { id kind account { username unitName scopePath } } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const id = (username: string): string => world.accounts.get(username)!.id;
type Entry = { seq: string; actorUsername: string | null; unitId: string | null; unitName: string | null; action: string; targetId: string | null; prevHash: string; hash: string };
const search = async (as: string, f: Record<string, unknown>, first = 50, offset = 0) =>
  dataOf(await t.gql(SEARCH, { f, first, offset }, tokens.get(as))).auditEntries as { totalCount: number; nodes: Entry[] };

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [
      ['c_sys', 'countyA', 'system_admin'],
      ['c_audit', 'countyA', 'audit_admin'],
      ['city_sys', 'cityA', 'system_admin'],
      ['a2_audit', 'schoolA2', 'audit_admin'],
      ['s_sys', 'schoolA', 'system_admin'],
      ['s_query', 'schoolA', 'query_user'],
      ['a2_sys', 'schoolA2', 'system_admin'],
    ],
  });
  for (const u of ['c_sys', 's_query', 'a2_sys', 'c_audit', 'a2_audit']) tokens.set(u, await loginAs(t, u));
  // The county's admin unlocks the school admin below it: applied at once, two entries.
  dataOf(await t.gql(REQUEST, { i: { accountId: id('s_sys'), kind: 'unlock', reason: '忘记密码多次' } }, tokens.get('c_sys')));
});
afterAll(async () => t?.close());

describe('auditEntries', () => {
  it('finds the entries of one actor, action family and target, newest first, with the unit named', async () => {
    const page = await search('c_audit', { actor: 'C_SY', action: 'account.*', targetType: 'Account', targetId: id('s_sys') });
    expect(page.nodes.map((e) => e.action)).toEqual(['account.change_applied', 'account.change_requested']);
    expect(page.totalCount).toBe(2);
    expect(page.nodes.every((e) => e.actorUsername === 'c_sys' && e.unitName === '甲一区教育局')).toBe(true);
    // Newest first, and each entry names the hash of the one before it.
    expect(BigInt(page.nodes[0]!.seq)).toBeGreaterThan(BigInt(page.nodes[1]!.seq));
    expect(page.nodes[0]!.prevHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a unit narrows to what happened in its subtree; paging keeps the total', async () => {
    const school = await search('c_audit', { unitId: world.units.schoolA.id });
    expect(school.totalCount).toBeGreaterThan(0);
    expect(school.nodes.some((e) => e.actorUsername === 's_query' && e.action === 'auth.login')).toBe(true);
    expect(school.nodes.some((e) => e.actorUsername === 'c_sys')).toBe(false);

    const all = await search('c_audit', {});
    const second = await search('c_audit', {}, 1, 1);
    expect(second.totalCount).toBe(all.totalCount);
    expect(second.nodes.map((e) => e.seq)).toEqual([all.nodes[1]!.seq]);
  });

  it('a period before anything happened is empty; the end is exclusive', async () => {
    expect((await search('c_audit', { to: '2020-01-01T00:00:00Z' })).totalCount).toBe(0);
    expect((await search('c_audit', { from: '2020-01-01T00:00:00Z' })).totalCount).toBe((await search('c_audit', {})).totalCount);
  });

  it('nobody reads outside their subtree: another school admin sees none of it and may not name the unit', async () => {
    expect((await search('a2_audit', { actor: 'c_sys' })).totalCount).toBe(0);
    expect(errorCode(await t.gql(SEARCH, { f: { unitId: world.units.schoolA.id } }, tokens.get('a2_audit')))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(SEARCH, {}, tokens.get('s_query')))).toBe('FORBIDDEN');
  });
});

describe('auditChainStatus', () => {
  it('verifies the whole chain for those who may read the log', async () => {
    const status = dataOf(await t.gql(CHAIN, {}, tokens.get('c_audit'))).auditChainStatus;
    // A fresh database: every entry keyed; before the first checkpoint (5-minute task) none is anchored.
    expect(status).toMatchObject({ ok: true, brokenAt: null, reason: null, legacyEntries: 0 });
    expect(status.checked).toBeGreaterThanOrEqual((await search('c_audit', {})).totalCount);
    if (status.lastCheckpointSeq === null) expect(status.unanchoredEntries).toBe(status.checked);
    else expect(status.unanchoredEntries).toBeLessThan(status.checked);
    expect(errorCode(await t.gql(CHAIN, {}, tokens.get('s_query')))).toBe('FORBIDDEN');
  });
});

describe('change requests name their account', () => {
  it('the approver’s list shows the holder and the unit', async () => {
    const rows = dataOf(await t.gql(REQUESTS, {}, tokens.get('c_sys'))).accountChangeRequests;
    expect(rows).toContainEqual(expect.objectContaining({ kind: 'unlock', account: { username: 's_sys', unitName: '甲一区第一小学', scopePath: world.units.schoolA.path } }));
  });
});

describe('separation of duties (三员分立, issue 15.4)', () => {
  const EXPORT = `mutation($f: AuditSearchFilter) { exportAuditLog(filter: $f) { filename csv rows } }`;

  it('the system administrator gets FORBIDDEN for the audit log, its export and the chain status', async () => {
    for (const q of [SEARCH, CHAIN, EXPORT]) expect(errorCode(await t.gql(q, {}, tokens.get('c_sys')))).toBe('FORBIDDEN');
  });

  it('the audit administrator exports the entries of its subtree as CSV, and the export is itself audited', async () => {
    const out = dataOf(await t.gql(EXPORT, { f: { actor: 'c_sys', action: 'account.*' } }, tokens.get('c_audit'))).exportAuditLog;
    expect(out.filename).toMatch(/^audit-log-\d{14}\.csv$/);
    const lines = out.csv.replace(/^\ufeff/, '').trim().split('\r\n');
    expect(lines[0]).toContain('操作 action');
    expect(lines).toHaveLength(out.rows + 1);
    expect(out.rows).toBe((await search('c_audit', { actor: 'c_sys', action: 'account.*' })).totalCount);
    expect(lines.slice(1).every((l: string) => l.includes('c_sys'))).toBe(true);
    const [entry] = await sql<{ actor_username: string; detail: { rows: number } }>(t, `select actor_username, detail from audit_entry where action = 'audit.exported' order by seq desc limit 1`);
    expect(entry).toEqual({ actor_username: 'c_audit', detail: expect.objectContaining({ rows: out.rows }) });
    // The school's audit admin exports nothing of the county's own entries.
    const school = dataOf(await t.gql(EXPORT, { f: { actor: 'c_sys' } }, tokens.get('a2_audit'))).exportAuditLog;
    expect(school.rows).toBe(0);
  });

  it('the audit administrator reads nothing else: no teachers, no accounts', async () => {
    expect(errorCode(await t.gql('{ teachers(first: 1) { totalCount } }', {}, tokens.get('c_audit')))).toBe('FORBIDDEN');
    expect(dataOf(await t.gql('{ accounts(first: 5) { totalCount nodes { username } } }', {}, tokens.get('c_audit'))).accounts).toEqual({ totalCount: 1, nodes: [{ username: 'c_audit' }] });
  });

  it('the level above creates it, and a unit has at most one', async () => {
    const CREATE = `mutation($i: CreateAccountInput!) { createAccount(input: $i) { account { id } } }`;
    const r = await t.gql(CREATE, { i: { unitId: world.units.countyA.id, role: 'audit_admin', username: 'c_audit2', realName: '第二审计员', idNumber: '11010519491231002X', phone: '13900000001' } },
      await loginAs(t, 'city_sys'));
    expect(errorCode(r)).toBe('ROLE_LIMIT_REACHED');
  });
});
