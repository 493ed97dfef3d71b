import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, ownerSql, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { SessionCache } from './session-cache.js';

/**
 * The session cache (issue 18.1) through the running gateway: a known token costs no SQL for its
 * session, and every way a session can stop being valid — written by this process's mutations or
 * by anyone else straight into the database — takes effect at once (within the notification).
 */
let t: TestApp;
let world: World;
const statements: string[] = [];
let recording = false;

const ME = '{ me { id username } }';

beforeAll(async () => {
  t = await createTestApp({ TMIS_SESSION_CACHE_MS: '30000' }, {
    onQuery: (line) => {
      const text = line.replace(/\u001b\[[0-9;]*m/g, '');
      if (recording && text.startsWith('[query] ')) statements.push(text.slice(8));
    },
  });
  world = await buildWorld(t.app, {
    accounts: [
      ['q1', 'countyA', 'query_user'],
      ['q2', 'countyA', 'query_user'],
      ['q3', 'countyA', 'query_user'],
      ['q4', 'countyA', 'query_user'],
      ['q5', 'countyA', 'query_user'],
    ],
  });
});
afterAll(async () => t?.close());

/** The SQL statements of one `{ __typename }` request with the token: only what resolving the session costs. */
async function sessionStatements(token: string): Promise<number> {
  statements.length = 0;
  recording = true;
  const r = await t.gql('{ __typename }', {}, token);
  recording = false;
  expect(r.errors).toBeUndefined();
  return statements.length;
}

const refused = async (token: string): Promise<string | undefined> => errorCode(await t.gql(ME, {}, token));

describe('session cache', () => {
  it('answers a known token without SQL for its session, account or units', async () => {
    const token = await loginAs(t, 'q1', world.certDir);
    expect(await sessionStatements(token)).toBeGreaterThan(0);
    expect(t.app.sessions.serving).toBe(true);
    const hits = t.app.sessions.stats.hits;
    expect(await sessionStatements(token)).toBe(0);
    expect(t.app.sessions.stats.hits).toBe(hits + 1);
  });

  it('logout through this process: the very next request with the token is refused', async () => {
    const token = await loginAs(t, 'q2', world.certDir);
    await sessionStatements(token);
    expect(await sessionStatements(token)).toBe(0);
    expect((await t.gql('mutation { logout }', {}, token)).errors).toBeUndefined();
    expect(await refused(token)).toBe('UNAUTHENTICATED');
  });

  it.each([
    ['a session revoked in the database (another process)', "update session set revoked_at = now() where account_id = (select id from account where username = 'q3')", 'q3'],
    ['an account disabled in the database', "update account set status = 'disabled' where username = 'q4'", 'q4'],
  ])('%s: refused within the notification, no request later', async (_what, write, username) => {
    const token = await loginAs(t, username, world.certDir);
    await sessionStatements(token);
    expect(await sessionStatements(token)).toBe(0);
    await sql(t, write);
    await expect.poll(() => refused(token), { timeout: 2000, interval: 20 }).toBe('UNAUTHENTICATED');
  });

  it('a unit tree change empties the cache', async () => {
    const token = await loginAs(t, 'q5', world.certDir);
    await sessionStatements(token);
    const before = t.app.sessions.stats.invalidations;
    await sql(t, 'update unit set level = level where id = ?', [world.units.schoolA.id]);
    await expect.poll(() => t.app.sessions.stats.invalidations, { timeout: 2000, interval: 20 }).toBeGreaterThan(before);
    expect(await sessionStatements(token)).toBeGreaterThan(0);
  });

  it('when its LISTEN connection drops it serves nothing until it is back', async () => {
    const token = await loginAs(t, 'q5', world.certDir);
    await sessionStatements(token);
    expect(await sessionStatements(token)).toBe(0);
    await ownerSql(t, "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tmis-session-cache' and datname = current_database()");
    await expect.poll(() => t.app.sessions.serving, { timeout: 2000, interval: 20 }).toBe(false);
    expect(await sessionStatements(token)).toBeGreaterThan(0);
    expect(await sessionStatements(token)).toBeGreaterThan(0);
    // Reconnected (after ~1 s): served from memory again.
    await expect.poll(() => t.app.sessions.serving, { timeout: 5000, interval: 50 }).toBe(true);
    await sessionStatements(token);
    expect(await sessionStatements(token)).toBe(0);
  });
});

describe('SessionCache', () => {
  const snapshot = { sessionId: 's', authMethod: 'password', actor: { accountId: 'a', username: 'u', unitId: 'x', scopePath: '/1/' }, principal: {} as never, expiresAt: Date.now() + 60_000, lastSeenAt: Date.now(), lockedUntil: null } as const;

  it('does not store a lookup that raced an invalidation, and expires entries after the TTL', async () => {
    const c = new SessionCache({ databaseUrl: t.appDatabaseUrl, ttlMs: 1000 });
    await c.start();
    try {
      const key = Buffer.from('token-hash');
      const gen = c.currentGeneration;
      c.invalidate();
      c.put(key, { ...snapshot }, gen);
      expect(c.get(key)).toBeUndefined();
      c.put(key, { ...snapshot }, c.currentGeneration);
      expect(c.get(key)?.sessionId).toBe('s');
      expect(c.get(key, Date.now() + 1001)).toBeUndefined();
    } finally {
      await c.stop();
    }
  });

  it('off (TTL 0): never serves', async () => {
    const c = new SessionCache({ databaseUrl: t.appDatabaseUrl, ttlMs: 0 });
    await c.start();
    c.put(Buffer.from('k'), { ...snapshot }, c.currentGeneration);
    expect(c.serving).toBe(false);
    expect(c.get(Buffer.from('k'))).toBeUndefined();
    await c.stop();
  });
});
