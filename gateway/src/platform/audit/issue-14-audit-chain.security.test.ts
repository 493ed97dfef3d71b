import { readFileSync, writeFileSync, appendFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD } from '../../testing/world.js';
import { chainMac, deriveAuditKeys, GENESIS_HASH, legacyEntryHash, type ChainedFields } from './audit-chain.js';
import { AUDIT_CHECKPOINT_TASK, checkpointValid, readCheckpoints, type Checkpoint } from './audit-checkpoint.js';
import { verifyAuditChain } from './audit.service.js';
import { runAuditVerify } from './audit-verify.command.js';
import { auditPowersOf } from '../db/roles.js';

/**
 * Issue 14.3, must show: the database owner rewrites the audit chain. Audited requests go through
 * the HTTP API; then, as the owner of the table (trigger switched off), an entry is edited and the
 * hashes after it recomputed the only way possible without the gateway's key, and the last entries
 * are deleted. `audit:verify` (runAuditVerify, what the CLI runs) reports both, against the signed
 * checkpoint file the job queue writes. A database of an older deployment starts with unkeyed
 * entries: they verify as legacy and are named unprotected.
 */
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;

let t: TestApp;
let file: string;
let legacyCount = 0;

/** A statement as the owner of the database (what a DBA, or whoever holds the owner's password, can do). */
async function asOwner<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    await c.query('alter table audit_entry disable trigger audit_entry_no_update');
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.query('alter table audit_entry enable trigger audit_entry_no_update');
    }
  } finally {
    await c.end();
  }
}

interface Row extends Record<string, unknown> { seq: string; prev_hash: string; hash: string }
const rows = (): Promise<Row[]> => sql<Row>(t, 'select *, seq::text as seq from audit_entry order by audit_entry.seq');
const fieldsOf = (r: Row): ChainedFields => ({
  at: new Date(r.at as string), actorId: r.actor_id as string, actorUsername: r.actor_username as string, unitId: r.unit_id as string,
  scopePath: r.scope_path as string, action: r.action as string, targetType: r.target_type as string, targetId: r.target_id as string,
  outcome: r.outcome as string, detail: r.detail, ip: r.ip as string,
});

/** Re-chains every entry from `fromSeq` on with `hashOf`, as the owner: what a rewrite after an edit must do. */
async function rechain(all: Row[], fromSeq: string, hashOf: (prev: string, f: ChainedFields) => string): Promise<void> {
  let prev = GENESIS_HASH;
  for (const r of all) {
    if (BigInt(r.seq) >= BigInt(fromSeq)) {
      const hash = hashOf(prev, fieldsOf(r));
      await asOwner('update audit_entry set prev_hash = $1, hash = $2 where seq = $3', [prev, hash, r.seq]);
      prev = hash;
    } else prev = r.hash;
  }
}

/** Puts the rows back exactly as they were (after each attack). */
async function restore(saved: Row[]): Promise<void> {
  const now = await rows();
  for (const r of now) if (!saved.some((s) => s.seq === r.seq)) await asOwner('delete from audit_entry where seq = $1', [r.seq]);
  for (const s of saved) {
    const cols = ['seq', 'at', 'actor_id', 'actor_username', 'unit_id', 'scope_path', 'action', 'target_type', 'target_id', 'outcome', 'detail', 'ip', 'prev_hash', 'hash'];
    const values = cols.map((c) => (c === 'detail' && s[c] !== null ? JSON.stringify(s[c]) : s[c]));
    await asOwner(`insert into audit_entry (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')})
      on conflict (seq) do update set ${cols.slice(1).map((c) => `${c} = excluded.${c}`).join(', ')}`, values);
  }
}

const report = async (checkpointFile = file): Promise<{ code: number; text: string }> => {
  const lines: string[] = [];
  const code = await runAuditVerify(t.app.orm.em.fork(), checkpointFile, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
};

const checkpointNow = async (): Promise<void> => {
  await t.app.jobs.runScheduled(AUDIT_CHECKPOINT_TASK, new Date());
  // The task runs on the queue; wait until the file names the current head.
  const [head] = await sql<{ seq: string }>(t, 'select max(seq)::text as seq from audit_entry');
  for (let i = 0; i < 200; i++) {
    const { checkpoints } = await readCheckpoints(file);
    if (checkpoints.at(-1)?.seq === head!.seq) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('no checkpoint of the head was written');
};

beforeAll(async () => {
  t = await createTestApp();
  file = t.app.config.auditCheckpointFile;
  // An older deployment: entries written before the chain was keyed carry the plain SHA-256.
  let prev = GENESIS_HASH;
  for (const action of ['auth.login', 'auth.logout', 'auth.login']) {
    const f: ChainedFields = { at: new Date('2026-01-05T08:00:00Z'), actorUsername: 'old.admin', action, outcome: 'success' };
    const hash = legacyEntryHash(prev, f);
    await sql(t, `insert into audit_entry (at, actor_username, action, outcome, prev_hash, hash) values (?, ?, ?, ?, ?, ?)`,
      [f.at, f.actorUsername, f.action, f.outcome, prev, hash]);
    prev = hash;
    legacyCount++;
  }
  await buildWorld(t.app, { accounts: [['c_sys', 'countyA', 'system_admin'], ['a_query', 'schoolA', 'query_user']] });
  // Audited requests over HTTP: logins and failed logins.
  for (const [u, p] of [['c_sys', PASSWORD], ['a_query', PASSWORD], ['a_query', 'Wrong-pass1'], ['nobody.here', PASSWORD], ['c_sys', 'Wrong-pass2']]) {
    await t.gql(LOGIN, { u, p });
  }
});
afterAll(async () => t?.close());

describe('issue 14.3: the keyed chain and its signed checkpoints', () => {
  it('the checkpoint job writes a signed line of the chain head into the checkpoint file', async () => {
    expect(file.startsWith(t.dataDir)).toBe(true); // default: under the data directory
    await checkpointNow();
    const { checkpoints, badLines } = await readCheckpoints(file);
    expect(badLines).toEqual([]);
    const all = await rows();
    const last = checkpoints.at(-1)!;
    expect(last).toMatchObject({ seq: all.at(-1)!.seq, hash: all.at(-1)!.hash });
    expect(Math.abs(Date.parse(last.at) - Date.now())).toBeLessThan(60_000);
    const keys = deriveAuditKeys(t.app.config.secretKey);
    expect(checkpointValid(keys.checkpoint, last)).toBe(true);
    // Signed with the gateway's key: another key, or a changed field, does not verify.
    expect(checkpointValid(deriveAuditKeys(randomBytes(32)).checkpoint, last)).toBe(false);
    expect(checkpointValid(keys.checkpoint, { ...last, seq: String(BigInt(last.seq) + 1n) })).toBe(false);
    // A tick with no new entry adds nothing: the file grows with activity, not with the clock.
    await t.app.jobs.runScheduled(AUDIT_CHECKPOINT_TASK, new Date());
    await t.app.jobs.idle();
    expect((await readCheckpoints(file)).checkpoints.length).toBe(checkpoints.length);
  });

  it('verify says which entries the key protects, which are legacy, and which are after the last checkpoint', async () => {
    const all = await rows();
    await t.gql(LOGIN, { u: 'c_sys', p: PASSWORD }); // after the checkpoint
    const r = await verifyAuditChain(t.app.orm.em.fork(), { checkpoints: (await readCheckpoints(file)).checkpoints });
    expect(r).toMatchObject({
      ok: true,
      unkeyed: { from: all[0]!.seq, to: all[legacyCount - 1]!.seq, count: legacyCount },
      keyed: { from: all[legacyCount]!.seq, count: all.length - legacyCount + 1 },
      lastCheckpoint: { seq: all.at(-1)!.seq },
      unanchored: { count: 1 },
    });
    const out = await report();
    expect(out.code).toBe(0);
    expect(out.text).toContain('旧版无密钥、不受保护 / legacy, unprotected');
    expect(out.text).toContain(`seq ${all[0]!.seq}–${all[legacyCount - 1]!.seq} (${legacyCount})`);
    expect(out.text).toContain('after the last checkpoint, not anchored');
    expect(out.text).toContain('结果 / result: 通过 / OK');
    await checkpointNow();
  });

  it('an edited entry with the hashes after it recomputed without the key is reported', async () => {
    const saved = await rows();
    const victim = saved.find((r) => r.action === 'auth.login' && r.outcome === 'failure' && r.actor_username === 'a_query')!;
    await asOwner(`update audit_entry set outcome = 'success', detail = null where seq = $1`, [victim.seq]);
    const edited = await rows();
    // Plain SHA-256 (the old, unkeyed algorithm): the chain links, every hash "matches".
    await rechain(edited, victim.seq, legacyEntryHash);
    expect(await verifyAuditChain(t.app.orm.em.fork())).toMatchObject({ ok: false, brokenAt: victim.seq, reason: 'unkeyed' });
    const out = await report();
    expect(out.code).toBe(1);
    expect(out.text).toContain(`结果 / result: 失败 / BROKEN at seq ${victim.seq}`);
    expect(out.text).toContain('edited and recomputed without the key');

    // An HMAC under a guessed key does not match either.
    const guess = randomBytes(32);
    await rechain(edited, victim.seq, (prev, f) => chainMac(guess, JSON.stringify([prev, f])));
    expect(await verifyAuditChain(t.app.orm.em.fork())).toMatchObject({ ok: false, brokenAt: victim.seq, reason: 'content' });

    // The whole chain recomputed as "legacy" from the first entry: only the checkpoints catch it.
    await rechain(edited, saved[0]!.seq, legacyEntryHash);
    const whole = await verifyAuditChain(t.app.orm.em.fork(), { checkpoints: (await readCheckpoints(file)).checkpoints });
    expect(whole).toMatchObject({ ok: false, reason: 'checkpoint' });
    expect((await report()).code).toBe(1);

    await restore(saved);
    expect((await report()).code).toBe(0);
  });

  it('deleting the last entries leaves the head behind the last checkpoint: truncation is reported', async () => {
    const saved = await rows();
    const { checkpoints } = await readCheckpoints(file);
    const last = checkpoints.at(-1)!;
    expect(last.seq).toBe(saved.at(-1)!.seq);
    await asOwner('delete from audit_entry where seq > $1', [saved.at(-3)!.seq]);
    // The chain itself still links: without the checkpoints the cut is invisible.
    expect(await verifyAuditChain(t.app.orm.em.fork())).toMatchObject({ ok: true, checked: saved.length - 2 });
    expect(await verifyAuditChain(t.app.orm.em.fork(), { checkpoints })).toMatchObject({ ok: false, reason: 'truncated', brokenAt: last.seq, head: saved.at(-3)!.seq });
    const out = await report();
    expect(out.code).toBe(1);
    expect(out.text).toContain('the chain head is behind the last checkpoint');

    // New entries after the cut (the gateway carries on) do not hide it: the checkpointed entry is missing.
    await t.gql(LOGIN, { u: 'c_sys', p: PASSWORD });
    expect(await verifyAuditChain(t.app.orm.em.fork(), { checkpoints })).toMatchObject({ ok: false, reason: 'checkpoint-missing' });
    expect((await report()).code).toBe(1);

    await restore(saved);
    expect((await report()).code).toBe(0);
  });

  it('a forged or edited checkpoint line fails the check', async () => {
    const text = readFileSync(file, 'utf8');
    const forged: Checkpoint = { seq: '999999', hash: 'f'.repeat(64), at: new Date().toISOString(), sig: 'a'.repeat(64) };
    appendFileSync(file, `${JSON.stringify(forged)}\n`);
    const out = await report();
    expect(out.code).toBe(1);
    expect(out.text).toContain('a checkpoint signature does not verify');
    writeFileSync(file, `${text}not json\n`);
    expect((await report()).text).toContain('unreadable lines in the checkpoint file: ');
    writeFileSync(file, text);
    expect((await report()).code).toBe(0);
    expect(existsSync(file)).toBe(true);
  });
});

describe('issue 14.3: the gateway runs as a least-privilege database role', () => {
  const asApp = async (text: string): Promise<unknown> => {
    const c = new pg.Client({ connectionString: t.appDatabaseUrl });
    await c.connect();
    try {
      return (await c.query(text)).rows;
    } finally {
      await c.end();
    }
  };

  it('requests run as the application role, which is no superuser and owns nothing', async () => {
    const [me] = await sql<{ role: string; superuser: boolean }>(t, 'select current_user as role, rolsuper as superuser from pg_roles where rolname = current_user');
    expect(me).toEqual({ role: 'tmis_app', superuser: false });
    expect(await auditPowersOf(t.appDatabaseUrl)).toEqual([]);
    // The owner (here the embedded superuser) could: that is why requests do not run as it.
    expect(await auditPowersOf(t.databaseUrl)).toEqual(expect.arrayContaining(['superuser']));
  });

  it.each([
    ['ALTER TABLE … DISABLE TRIGGER', 'alter table audit_entry disable trigger audit_entry_no_update', /must be owner of table audit_entry/],
    ['ALTER TABLE … DISABLE TRIGGER ALL', 'alter table audit_entry disable trigger all', /must be owner of table audit_entry/],
    ['UPDATE', `update audit_entry set outcome = 'success'`, /permission denied for table audit_entry/],
    ['DELETE', 'delete from audit_entry where seq = (select max(seq) from audit_entry)', /permission denied for table audit_entry/],
    ['TRUNCATE', 'truncate audit_entry', /permission denied for table audit_entry/],
    ['DROP TABLE', 'drop table audit_entry', /must be owner of table audit_entry/],
    ['SET ROLE to the owner', 'set role postgres', /permission denied to set role|does not exist/],
  ])('the application role cannot %s', async (_what, statement, refusal) => {
    const before = await rows();
    await expect(asApp(statement)).rejects.toThrow(refusal);
    expect(await rows()).toEqual(before);
  });

  it('the application role reads and appends: the gateway keeps auditing', async () => {
    const n = (await rows()).length;
    await t.gql(LOGIN, { u: 'c_sys', p: PASSWORD });
    expect((await rows()).length).toBe(n + 1);
    expect(await asApp('select count(*)::int as n from audit_entry')).toEqual([{ n: n + 1 }]);
  });
});
