import { mkdirSync, writeFileSync } from 'node:fs';
import { request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD } from '../../testing/world.js';
import { createTestCa, issueServerCertificate, tlsTestDir, type TestCa } from '../../testing/tls-certs.js';
import { GQL } from '../../testing/auth-helpers.js';

/**
 * Issue 15.5: with TMIS_TLS_CERT / TMIS_TLS_KEY the gateway itself serves HTTPS — the ops routes,
 * GraphQL and the portal as over HTTP, TLS 1.2 at least, AEAD ciphers only, HSTS, Secure cookies.
 */
const dir = tlsTestDir();
let ca: TestCa;
let t: TestApp;
let base: string;
let port: number;

interface Answer { status: number; headers: IncomingHttpHeaders; body: string; protocol: string | null }

function call(path: string, opts: RequestOptions & { body?: string } = {}): Promise<Answer> {
  return new Promise((resolveCall, reject) => {
    const req = request(`${base}${path}`, { ca: ca.certPem, ...opts }, (res) => {
      const protocol = (res.socket as TLSSocket).getProtocol();
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolveCall({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), protocol }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const gql = (query: string, variables: Record<string, unknown> = {}): Promise<Answer> =>
  call('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });

/** A bare TLS handshake with the given client settings: the negotiated protocol, or the error code. */
function handshake(opts: ConnectionOptions): Promise<string> {
  return new Promise((resolveHandshake) => {
    const s = connect({ host: '127.0.0.1', port, ca: ca.certPem, ...opts }, () => { resolveHandshake(s.getProtocol() ?? 'none'); s.end(); });
    s.on('error', (e: NodeJS.ErrnoException) => resolveHandshake(e.code ?? e.message));
  });
}

beforeAll(async () => {
  ca = await createTestCa(dir);
  const server = await issueServerCertificate(ca, dir, 'gateway');
  const portal = join(dir, 'portal');
  mkdirSync(portal);
  writeFileSync(join(portal, 'index.html'), '<!doctype html><title>TMIS</title>');
  t = await createTestApp({ TMIS_TLS_CERT: server.certFile, TMIS_TLS_KEY: server.keyFile, TMIS_PORTAL_DIR: portal });
  port = (t.app.server.address() as AddressInfo).port;
  base = `https://127.0.0.1:${port}`;
  await buildWorld(t.app, { accounts: [['tls_sys', 'provA', 'system_admin']] });
});

afterAll(async () => {
  await t?.close();
});

describe('the gateway over HTTPS', () => {
  it('answers /healthz, /readyz, GraphQL and the portal over TLS, with HSTS', async () => {
    const health = await call('/healthz');
    expect(health.status).toBe(200);
    expect(health.protocol).toBe('TLSv1.3');
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');
    expect((await call('/readyz')).status).toBe(200);
    const g = await gql('{ __typename }');
    expect(g.status).toBe(200);
    expect(JSON.parse(g.body)).toEqual({ data: { __typename: 'Query' } });
    expect(g.headers['strict-transport-security']).toBe('max-age=31536000');
    const page = await call('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>TMIS</title>');
  });

  it('sets the session cookie Secure (outside production too: the connection is TLS)', async () => {
    const r = await gql(GQL.LOGIN, { u: 'tls_sys', p: PASSWORD });
    expect(JSON.parse(r.body).data.login.token).toEqual(expect.any(String));
    const cookies = r.headers['set-cookie'] ?? [];
    expect(cookies.length).toBeGreaterThan(0);
    expect(cookies.every((c) => /;\s*Secure(;|$)/i.test(c))).toBe(true);
  });

  it('speaks TLS 1.2 with an AEAD cipher, and refuses CBC ciphers and TLS 1.1', async () => {
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256' })).toBe('TLSv1.2');
    expect(await handshake({ maxVersion: 'TLSv1.2', ciphers: 'ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384' })).toMatch(/HANDSHAKE_FAILURE|NO_SHARED_CIPHER/);
    // The client is lowered to allow TLS 1.1: the refusal is the server's (a protocol_version alert).
    expect(await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  });

  it('is refused by a client that does not trust its CA (real certificate checking, no shortcut)', async () => {
    await expect(call('/healthz', { ca: undefined })).rejects.toMatchObject({ code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });
});
