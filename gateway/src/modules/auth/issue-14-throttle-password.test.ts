import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/app.js';
import { loadConfig } from '../../platform/config.js';
import { dropExpiredThrottleRows } from '../../platform/auth/throttle.js';
import { createTestApp, dataOf, errorCode, sql, type GqlResult, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type World } from '../../testing/world.js';

/**
 * Issue 14.4 and 14.5 replayed through the real GraphQL API on PostgreSQL: a stranger's wrong
 * passwords slow the stranger, not the owner; the throttle lives in the database, so a second
 * gateway process on the same database refuses too; a locked account's old token is refused;
 * a flood of password-reset requests is held back; common and recent passwords are refused;
 * an administrator's old password opens only a password-change session.
 */
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const CHANGE = `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { status token } }`;
const RESET = `mutation($u: String!, $n: String!) { requestPasswordReset(username: $u, idNumber: $n) }`;
const TEACHERS = `{ teachers { totalCount } }`;

let t: TestApp;
let world: World;
let second: { app: App; url: string } | undefined;

/** POSTs as a client at `ip` (the test gateway trusts loopback as its proxy). */
async function gqlFrom(base: string, ip: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GqlResult> {
  const res = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { ...((await res.json()) as GqlResult), status: res.status, headers: res.headers };
}
const login = (ip: string, u: string, p = PASSWORD, base = t.url): Promise<GqlResult> => gqlFrom(base, ip, LOGIN, { u, p });

/** A stranger at `ip` guesses until the throttle answers (bounded); the throttled answer. */
async function guessUntilThrottled(ip: string, username: string, base = t.url): Promise<{ answer: GqlResult; failures: number }> {
  for (let i = 0; i < 12; i++) {
    const r = await login(ip, username, `Wrong-guess-${i}`, base);
    if (errorCode(r) === 'LOGIN_THROTTLED') return { answer: r, failures: i };
    expect(errorCode(r)).toBe('LOGIN_FAILED');
  }
  throw new Error('never throttled');
}

beforeAll(async () => {
  t = await createTestApp({ TMIS_TRUSTED_PROXIES: 'loopback' });
  world = await buildWorld(t.app, {
    accounts: [
      ['q_owner', 'schoolA', 'query_user'],
      ['q_spread', 'schoolA', 'query_user'],
      ['q_multi', 'schoolA', 'query_user'],
      ['q_locked', 'schoolA', 'query_user'],
      ['q_policy', 'schoolA', 'query_user'],
      ['q_reuse', 'schoolA', 'query_user'],
      ['s_sys', 'schoolA', 'system_admin'],
      ['s_sys_new', 'schoolA2', 'system_admin'],
    ],
  });
});
afterAll(async () => {
  await second?.app.close();
  await t?.close();
});

describe('login throttling (14.4)', () => {
  it('a stranger guessing from one address is answered LOGIN_THROTTLED with retryAfter, while the owner logs in from their address', async () => {
    const { answer, failures } = await guessUntilThrottled('203.0.113.9', 'q_owner');
    expect(failures).toBe(4);
    const retryAfter = answer.errors![0]!.extensions!.details!.retryAfter as number;
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(answer.errors![0]!.message).toBe(`登录尝试过于频繁，请于${retryAfter}秒后再试`);
    // HTTP says so too: 429 with Retry-After, so a proxy or a script can tell it from a failure.
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe(String(retryAfter));
    // The right password from the stranger's address is held back too: the throttle says nothing about it.
    expect(errorCode(await login('203.0.113.9', 'q_owner'))).toBe('LOGIN_THROTTLED');
    // The owner, elsewhere, is not held back at all.
    expect(dataOf(await login('198.51.100.20', 'q_owner')).login.status).toBe('OK');
  });

  it('failures from many addresses hold the account back for at most the account cap, and never at the owner\'s usual address', async () => {
    expect(dataOf(await login('198.51.100.30', 'q_spread')).login.status).toBe('OK'); // the owner's usual place
    for (let i = 1; i <= 11; i++) expect(errorCode(await login(`203.0.113.${100 + i}`, 'q_spread', 'Wrong-guess-1'))).toBe('LOGIN_FAILED');
    const newPlace = await login('198.51.100.31', 'q_spread');
    expect(errorCode(newPlace)).toBe('LOGIN_THROTTLED');
    expect(dataOf(await login('198.51.100.30', 'q_spread')).login.status).toBe('OK');

    // A long distributed attack (its count stands at 40): the next failure still blocks for no more than 60 s.
    await sql(t, `update auth_throttle set points = 40 where key = 'login-a:f:q_spread'`);
    await sql(t, `update auth_throttle set expire = 0 where key = 'login-a:b:q_spread'`);
    expect(errorCode(await login('203.0.113.150', 'q_spread', 'Wrong-guess-2'))).toBe('LOGIN_FAILED');
    const capped = await login('198.51.100.31', 'q_spread');
    const wait = capped.errors![0]!.extensions!.details!.retryAfter as number;
    expect(wait).toBeGreaterThan(30);
    expect(wait).toBeLessThanOrEqual(60);
    // Once that block has run out (the clock moved on), the owner gets in from the new address.
    await sql(t, `update auth_throttle set expire = 0 where key = 'login-a:b:q_spread'`);
    expect(dataOf(await login('198.51.100.31', 'q_spread')).login.status).toBe('OK');
  });

  it('unknown usernames count like known ones, per address', async () => {
    const { answer, failures } = await guessUntilThrottled('203.0.113.60', 'nobody.at.all');
    expect(failures).toBe(4);
    expect(errorCode(answer)).toBe('LOGIN_THROTTLED');
  });

  it('holds across two gateway processes on the same database', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmis-test-data-'));
    const config = loadConfig({
      TMIS_ENV: 'test', TMIS_SECRET_KEY: t.app.config.secretKey.toString('hex'), TMIS_CRYPTO: t.app.config.crypto, TMIS_DATA_DIR: dataDir,
      TMIS_CA_CERTS: join(dataDir, 'certs', 'ca.crt.pem'), LOG_LEVEL: 'silent', TMIS_TRUSTED_PROXIES: 'loopback',
    });
    const app = await createApp(config, t.databaseUrl, { poolMax: 5 });
    await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
    second = { app, url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}` };

    // Guesses alternate between the two processes; the count is one.
    for (let i = 0; i < 4; i++) expect(errorCode(await login('203.0.113.77', 'q_multi', `Wrong-${i}`, i % 2 ? second.url : t.url))).toBe('LOGIN_FAILED');
    expect(errorCode(await login('203.0.113.77', 'q_multi', 'Wrong-x', second.url))).toBe('LOGIN_THROTTLED');
    expect(errorCode(await login('203.0.113.77', 'q_multi', 'Wrong-y', t.url))).toBe('LOGIN_THROTTLED');
  });

  it('a locked account\'s old token is refused', async () => {
    const token = dataOf(await login('198.51.100.40', 'q_locked')).login.token;
    expect(dataOf(await gqlFrom(t.url, '198.51.100.40', TEACHERS, {}, token)).teachers.totalCount).toBeGreaterThanOrEqual(0);
    await sql(t, `update account set locked_until = now() + interval '10 minutes' where username = 'q_locked'`);
    expect(errorCode(await gqlFrom(t.url, '198.51.100.40', TEACHERS, {}, token))).toBe('UNAUTHENTICATED');
  });

  it('a flood of password-reset requests from one address is throttled and stops writing audit rows', async () => {
    const before = (await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'account.password_reset_requested'`))[0]!.n;
    let refused: GqlResult | undefined;
    let answered = 0;
    for (let i = 0; i < 12 && !refused; i++) {
      const r = await gqlFrom(t.url, '203.0.113.200', RESET, { u: `someone${i}`, n: '330102198001010011' });
      if (errorCode(r) === 'RATE_LIMITED') refused = r;
      else answered += Number(dataOf(r).requestPasswordReset === true);
    }
    expect(answered).toBe(6);
    expect(refused!.errors![0]!.extensions!.details!.retryAfter).toBeGreaterThanOrEqual(1);
    expect(refused!.errors![0]!.message).toMatch(/^请求过于频繁，请于\d+秒后再试$/);
    expect(refused!.status).toBe(429);
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const after = (await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'account.password_reset_requested'`))[0]!.n;
    expect(after - before).toBe(6);
    // Another address is not affected.
    expect(dataOf(await gqlFrom(t.url, '198.51.100.50', RESET, { u: 'q_owner', n: '330102198001010011' })).requestPasswordReset).toBe(true);
  });
});

describe('anonymous calls and housekeeping (14.4)', () => {
  it('guessing data-sharing credentials from one address is answered 429 RATE_LIMITED', async () => {
    let last: { status: number; code?: string } | undefined;
    for (let i = 0; i < 15 && last?.status !== 429; i++) {
      const res = await fetch(`${t.url}/api/data-sharing/teachers.xlsx`, { headers: { 'x-tmis-sharing-credential': `tmis_ds_guess${i}`, 'x-forwarded-for': '203.0.113.220' } });
      const body = (await res.json()) as GqlResult;
      last = { status: res.status, code: errorCode(body) };
      if (res.status !== 429) expect(last).toEqual({ status: 401, code: 'SHARING_CREDENTIAL_INVALID' });
    }
    expect(last).toEqual({ status: 429, code: 'RATE_LIMITED' });
  });

  it('rows whose window is over are dropped by the hourly task', async () => {
    const [{ n }] = await sql<{ n: number }>(t, 'select count(*)::int as n from auth_throttle');
    expect(n).toBeGreaterThan(0);
    expect(await dropExpiredThrottleRows(t.app.orm.em, new Date(Date.now() + 2 * 3_600_000))).toBe(n);
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from auth_throttle'))[0]!.n).toBe(0);
  });
});

describe('password policy (14.5)', () => {
  it.each(['Password1', 'Aa123456', 'Qwerty123', 'Woaini1314!'])('%s is refused with PASSWORD_COMMON', async (pw) => {
    const token = dataOf(await login('198.51.100.60', 'q_policy')).login.token;
    const r = await gqlFrom(t.url, '198.51.100.60', CHANGE, { c: PASSWORD, n: pw }, token);
    expect(errorCode(r)).toBe('PASSWORD_COMMON');
    expect(r.errors![0]!.message).toBe('密码过于常见或容易猜测，请换一个更复杂的密码');
  });

  it('the current password and the four before it are refused with PASSWORD_REUSED; the fifth back is allowed', async () => {
    const chain = [PASSWORD, 'Birch-Lantern-18', 'Lark-Meadow-71', 'Quartz-Harbor-52', 'Velvet-Canyon-33', 'Ember-Tundra-84', 'Cobalt-Fjord-95'];
    let token = dataOf(await login('198.51.100.70', 'q_reuse')).login.token;
    for (let i = 1; i < chain.length; i++) {
      token = dataOf(await gqlFrom(t.url, '198.51.100.70', CHANGE, { c: chain[i - 1], n: chain[i] }, token)).changePassword.token;
    }
    const current = chain[chain.length - 1]!;
    for (const old of chain.slice(2)) {
      expect(errorCode(await gqlFrom(t.url, '198.51.100.70', CHANGE, { c: current, n: old }, token))).toBe('PASSWORD_REUSED');
    }
    const back = dataOf(await gqlFrom(t.url, '198.51.100.70', CHANGE, { c: current, n: chain[1] }, token)).changePassword;
    expect(back.status).toBe('OK');
  });

  it('an administrator whose password is older than 90 days gets a session restricted to changing it', async () => {
    await sql(t, `update account set password_changed_at = now() - interval '91 days' where username = 's_sys'`);
    await sql(t, `update account set password_changed_at = now() - interval '89 days' where username = 's_sys_new'`);
    expect(dataOf(await login('198.51.100.80', 's_sys_new')).login.status).toBe('OK');

    const r = dataOf(await login('198.51.100.80', 's_sys')).login;
    expect(r.status).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(errorCode(await gqlFrom(t.url, '198.51.100.80', TEACHERS, {}, r.token))).toBe('PASSWORD_CHANGE_REQUIRED');
    const changed = dataOf(await gqlFrom(t.url, '198.51.100.80', CHANGE, { c: PASSWORD, n: 'Granite-Osprey-46' }, r.token)).changePassword;
    expect(changed.status).toBe('OK');
    expect(dataOf(await gqlFrom(t.url, '198.51.100.80', TEACHERS, {}, changed.token)).teachers.totalCount).toBeGreaterThanOrEqual(0);
    expect(world.accounts.get('s_sys')).toBeDefined();
  });
});
