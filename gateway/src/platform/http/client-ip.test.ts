import type { IncomingMessage } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD } from '../../testing/world.js';
import { loadConfig } from '../config.js';
import { clientIpResolver, parseTrustedProxies } from './client-ip.js';

const req = (peer: string, forwarded?: string): IncomingMessage =>
  ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;

describe('the client address', () => {
  it.each([
    ['no trusted proxy: the peer, whatever the header says', [], req('203.0.113.9', '10.1.1.1'), '203.0.113.9'],
    ['from the trusted proxy: the address it added', ['10.0.0.5'], req('10.0.0.5', '198.51.100.7'), '198.51.100.7'],
    ['a client-written hop before the proxy\'s is ignored', ['10.0.0.5'], req('10.0.0.5', '1.2.3.4, 198.51.100.7'), '198.51.100.7'],
    ['two trusted proxies in a row (CIDR and preset)', ['10.0.0.0/8', 'loopback'], req('127.0.0.1', '198.51.100.7, 10.2.3.4'), '198.51.100.7'],
    ['a peer that is not a trusted proxy: its own address', ['10.0.0.5'], req('203.0.113.9', '198.51.100.7'), '203.0.113.9'],
    ['a trusted proxy that sent no header: the proxy', ['10.0.0.5'], req('10.0.0.5'), '10.0.0.5'],
  ] as const)('%s', (_, trusted, r, expected) => {
    expect(clientIpResolver(trusted)(r)).toBe(expected);
  });

  it.each([
    ['', []],
    [' 10.0.0.5 , loopback', ['10.0.0.5', 'loopback']],
    ['10.0.0.0/8,fd00::/8', ['10.0.0.0/8', 'fd00::/8']],
  ])('TMIS_TRUSTED_PROXIES=%j → %j', (raw, list) => {
    expect(parseTrustedProxies(raw)).toEqual(list);
  });

  it.each(['proxy.example', '10.0.0.0/33', '999.1.1.1'])('TMIS_TRUSTED_PROXIES=%j refuses to start', (raw) => {
    expect(() => loadConfig({ TMIS_ENV: 'test', TMIS_TRUSTED_PROXIES: raw, TMIS_SECRET_KEY: 'a'.repeat(64) })).toThrow(/TMIS_TRUSTED_PROXIES/);
  });
});

describe('behind a proxy on this machine', () => {
  const apps: TestApp[] = [];
  afterAll(async () => Promise.all(apps.map((a) => a.close())));

  const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
  async function loginFrom(env: Record<string, string>, forwardedFor: string): Promise<{ audit: string | null; session: string | null }> {
    const t = await createTestApp(env);
    apps.push(t);
    await buildWorld(t.app, { oneProvince: true, accounts: [['ip-user', 'schoolA', 'query_user']] });
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
      body: JSON.stringify({ query: LOGIN, variables: { u: 'ip-user', p: PASSWORD } }),
    });
    expect(((await res.json()) as { data: { login: { status: string } } }).data.login.status).toBe('OK');
    const [audit] = await sql<{ ip: string | null }>(t, `select ip from audit_entry where action = 'auth.login' order by seq desc limit 1`);
    const [session] = await sql<{ ip: string | null }>(t, `select ip from session order by created_at desc limit 1`);
    return { audit: audit?.ip ?? null, session: session?.ip ?? null };
  }

  it('with the proxy trusted, the login is recorded under the client\'s address', async () => {
    expect(await loginFrom({ TMIS_TRUSTED_PROXIES: 'loopback' }, '198.51.100.7')).toEqual({ audit: '198.51.100.7', session: '198.51.100.7' });
  });

  it('without it, a forged header changes nothing', async () => {
    const seen = await loginFrom({}, '198.51.100.7');
    expect(seen.audit).toMatch(/127\.0\.0\.1$/);
    expect(seen.session).toMatch(/127\.0\.0\.1$/);
  });
});
