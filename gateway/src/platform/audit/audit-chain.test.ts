import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, ownerSql, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { appendAudit, bindAuditKeys, verifyAuditChain } from './audit.service.js';
import { deriveAuditKeys } from './audit-chain.js';

/**
 * The hash-chained audit log against real PostgreSQL: the chain verifies after real activity,
 * the trigger refuses edits, an edit made behind the trigger's back is found, and the auditLog
 * query stays inside the caller's subtree.
 */
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const AUDIT = `query($a: String, $actor: ID, $first: Int) { auditLog(action: $a, actorId: $actor, first: $first) {
  totalCount nodes { seq action outcome actorUsername unitId hash } } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [
      ['c_sys', 'countyA', 'system_admin'],
      ['c2_sys', 'countyA2', 'system_admin'],
      ['c_audit', 'countyA', 'audit_admin'],
      ['c2_audit', 'countyA2', 'audit_admin'],
      ['a_query', 'schoolA', 'query_user'],
      ['b_query', 'schoolB', 'query_user'],
      ['b_sys', 'schoolB', 'system_admin'],
      ['a_info', 'schoolA', 'info_admin'],
    ],
  });
  // Some activity of every kind: logins, failures, a locked-out user, sensitive reads, an account change.
  for (const u of ['c_sys', 'c2_sys', 'a_query', 'b_query', 'c_audit', 'c2_audit']) tokens.set(u, await loginAs(t, u));
  tokens.set('a_info', await loginAs(t, 'a_info', world.certDir));
  for (const [u, p] of [['a_query', 'Wrong-pass1'], ['b_query', 'Wrong-pass1'], ['nobody.here', PASSWORD]]) await t.gql(LOGIN, { u, p });
  await t.gql(`query($id: ID!) { teacher(id: $id) { idNumber assessments { data } } }`, { id: world.teachers.schoolA!.id }, tokens.get('a_info'));
  dataOf(await t.gql(`mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) { status } }`,
    { i: { accountId: world.accounts.get('b_sys')!.id, kind: 'info_change', payload: { realName: '乙校管理员' } } }, tokens.get('c2_sys')));
});
afterAll(async () => t?.close());

const entryCount = async (): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from audit_entry'))[0]!.n;
const verify = (batch?: number) => verifyAuditChain(t.app.orm.em.fork(), { batch });

/** Runs `statement` (`$n` parameters) with the append-only trigger switched off, as only the table's owner can. */
async function behindTheTrigger(statement: string, params: unknown[] = []): Promise<void> {
  const c = new pg.Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    await c.query('alter table audit_entry disable trigger audit_entry_no_update');
    try {
      await c.query(statement, params);
    } finally {
      await c.query('alter table audit_entry enable trigger audit_entry_no_update');
    }
  } finally {
    await c.end();
  }
}

describe('the chain', () => {
  it('verifies after real activity, in one batch or many', async () => {
    const n = await entryCount();
    expect(n).toBeGreaterThan(10); // two-digit seqs: order must be numeric, not textual
    // Every entry is keyed (a fresh database has no legacy entries); without checkpoints none is anchored.
    const [first] = await sql<{ seq: string }>(t, 'select min(seq)::text as seq from audit_entry');
    const whole = { ok: true, checked: n, checkpoints: 0, keyed: { from: first!.seq, count: n }, unanchored: { from: first!.seq, count: n } };
    expect(await verify()).toMatchObject(whole);
    expect(await verify(3)).toMatchObject(whole);
    expect((await verify()).unkeyed).toBeUndefined();
    const actions = (await sql<{ action: string }>(t, 'select distinct action from audit_entry')).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.login', 'auth.certificate_login', 'teacher.read_sensitive', 'account.change_applied']));
  });

  it('every entry links to the one before it', async () => {
    const rows = await sql<{ seq: string; prev_hash: string; hash: string }>(t, 'select seq::text as seq, prev_hash, hash from audit_entry order by audit_entry.seq');
    expect(rows[0]!.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
  });

  it.each([
    ['UPDATE', `update audit_entry set outcome = 'success' where seq = (select min(seq) from audit_entry)`],
    ['DELETE', `delete from audit_entry where seq = (select max(seq) from audit_entry)`],
    ['TRUNCATE', `truncate audit_entry`],
  ])('a plain %s is refused: the gateway role has no right to it, and the owner meets the trigger', async (op, statement) => {
    const n = await entryCount();
    await expect(sql(t, statement)).rejects.toThrow(/permission denied for table audit_entry/);
    await expect(ownerSql(t, statement)).rejects.toThrow(new RegExp(`append-only \\(${op} refused\\)`));
    expect(await entryCount()).toBe(n);
    expect((await verify()).ok).toBe(true);
  });

  it('an edit behind the trigger is found at the edited entry, and undoing it heals the chain', async () => {
    const [victim] = await sql<{ seq: string; detail: unknown }>(t,
      `select seq::text as seq, detail from audit_entry where action = 'auth.login' and outcome = 'failure' and actor_username = 'a_query'`);
    await behindTheTrigger(`update audit_entry set detail = '{"reason":"nothing happened"}' where seq = $1`, [victim!.seq]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: victim!.seq, reason: 'content' });
    expect(await verify(2)).toMatchObject({ ok: false, brokenAt: victim!.seq, reason: 'content' });

    await behindTheTrigger(`update audit_entry set detail = $1::jsonb where seq = $2`, [JSON.stringify(victim!.detail), victim!.seq]);
    expect((await verify()).ok).toBe(true);
  });

  it('a deleted entry breaks the link of the next one', async () => {
    const rows = await sql<Record<string, unknown>>(t, 'select * from audit_entry order by seq limit 3');
    const middle = rows[1]!;
    await behindTheTrigger('delete from audit_entry where seq = $1', [middle.seq]);
    expect(await verify()).toMatchObject({ ok: false, brokenAt: String(rows[2]!.seq), reason: 'link' });

    // Put it back exactly as it was.
    const cols = Object.keys(middle);
    await sql(t, `insert into audit_entry (${cols.join(', ')}) values (${cols.map(() => '?').join(', ')})`,
      cols.map((c) => (c === 'detail' && middle[c] !== null ? JSON.stringify(middle[c]) : middle[c])));
    expect((await verify()).ok).toBe(true);
  });
});

describe('the auditLog query', () => {
  const usernames = async (as: string, vars: Record<string, unknown> = {}): Promise<string[]> =>
    dataOf(await t.gql(AUDIT, { first: 500, ...vars }, tokens.get(as))).auditLog.nodes.map((n: { actorUsername: string | null }) => n.actorUsername);

  it('a county audit admin reads its subtree and nothing of another county; the system admin reads nothing (三员分立)', async () => {
    expect(errorCode(await t.gql(AUDIT, { first: 5 }, tokens.get('c_sys')))).toBe('FORBIDDEN');
    const seen = await usernames('c_audit', { a: 'auth.*' });
    expect(seen).toEqual(expect.arrayContaining(['c_sys', 'a_query', 'a_info']));
    expect(seen).not.toContain('b_query');
    expect(seen).not.toContain('c2_sys');
    // Failed logins of unknown users belong to no unit: nobody's subtree shows them.
    expect(seen).not.toContain(null);

    const other = dataOf(await t.gql(AUDIT, { actor: world.accounts.get('b_query')!.id }, tokens.get('c_audit'))).auditLog;
    expect(other).toEqual({ totalCount: 0, nodes: [] });
  });

  it('the other county sees its own, and the filters narrow', async () => {
    const seen = await usernames('c2_audit');
    expect(new Set(seen)).toEqual(new Set(['c2_sys', 'c2_audit', 'b_query']));
    const failures = dataOf(await t.gql(AUDIT, { a: 'auth.login', actor: world.accounts.get('b_query')!.id }, tokens.get('c2_audit'))).auditLog;
    expect(failures.nodes.map((n: { outcome: string }) => n.outcome).sort()).toEqual(['failure', 'success']);
    expect(failures.totalCount).toBe(2);
  });

  it('newest first, with the stored hash', async () => {
    const nodes = dataOf(await t.gql(AUDIT, { first: 5 }, tokens.get('c_audit'))).auditLog.nodes;
    const seqs = nodes.map((n: { seq: string }) => Number(n.seq));
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const stored = await sql<{ hash: string }>(t, 'select hash from audit_entry where seq = ?', [nodes[0].seq]);
    expect(nodes[0].hash).toBe(stored[0]!.hash);
  });

  it('a query user may not read the audit log', async () => {
    expect(errorCode(await t.gql(AUDIT, {}, tokens.get('a_query')))).toBe('FORBIDDEN');
  });
});

describe('the chain across a TMIS_CRYPTO switch (issue 15.1, 15.3)', () => {
  it('entries keyed with one profile\'s HMAC and then the other\'s verify as one chain; an edit after the switch is found', async () => {
    const profile = t.app.config.crypto;
    const other = profile === 'gm' ? 'intl' : 'gm';
    const macOf = (p: string) => (p === 'gm' ? 'sm3' : 'sha256');
    const before = await verify();
    expect(before.ok).toBe(true);
    expect(before.keyedByMac).toEqual({ sm3: 0, sha256: 0, [macOf(profile)]: before.checked });
    // The deployment switches profile (intl → gm, or back): same master key, the other HMAC from now on.
    bindAuditKeys(t.app.orm, deriveAuditKeys(t.app.config.secretKey, other));
    try {
      await appendAudit(t.app.orm.em.fork(), [{ action: 'test.after_switch', targetType: 'Test', targetId: null }, { action: 'test.after_switch', targetType: 'Test', targetId: null }]);
      const after = await verify();
      expect(after).toMatchObject({ ok: true, checked: before.checked + 2 });
      expect(after.keyedByMac).toEqual({ [macOf(profile)]: before.checked, [macOf(other)]: 2 });
      const [edited] = await sql<{ seq: string }>(t, `select seq::text as seq from audit_entry where action = 'test.after_switch' order by seq limit 1`);
      await behindTheTrigger(`update audit_entry set target_type = 'Other' where seq = $1`, [edited!.seq]);
      expect(await verify()).toMatchObject({ ok: false, brokenAt: edited!.seq, reason: 'content' });
      await behindTheTrigger(`update audit_entry set target_type = 'Test' where seq = $1`, [edited!.seq]);
      expect((await verify()).ok).toBe(true);
    } finally {
      bindAuditKeys(t.app.orm, deriveAuditKeys(t.app.config.secretKey, t.app.config.crypto));
    }
  });
});
