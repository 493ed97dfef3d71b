import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/auth-helpers.js';
import { dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { createTestCa, issueServerCertificate, tlsTestDir, type PemPair, type TestCa } from '../../testing/tls-certs.js';
import { SYNC_HEADERS } from '../../platform/sync/signing.js';
import { buildProvince, freshDatabase, startGateway, waitFor, type Gateway } from './testing/cluster.js';

/**
 * Issue 15.5 end to end: the national gateway serves HTTPS itself (TMIS_TLS_CERT/KEY); province A
 * pins its certificate (two pins, as during a rotation) and reports; province B trusts the same
 * CA but pins another certificate of it, so its agent refuses the national server in the
 * handshake: SYNC_TLS_PIN_MISMATCH in its status, no request reaches the national side, nothing
 * of B is applied there and its outbox stays pending.
 */
const KEY_A = randomBytes(32).toString('hex');
const KEY_B = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const A = '330000';
const B = '110000';
const STATUS = `{ syncStatus { pending delivered failures lastError lastSuccessAt } }`;

const dir = tlsTestDir();
let ca: TestCa;
let nationalCert: PemPair;
let retired: PemPair;
let national: Gateway;
let provA: Gateway;
let provB: Gateway;
const requestsFrom: Record<string, number> = {};
const tokens: Record<string, string> = {};
const asTestApp = (g: Gateway): TestApp => g as unknown as TestApp;

beforeAll(async () => {
  ca = await createTestCa(dir);
  nationalCert = await issueServerCertificate(ca, dir, 'national');
  retired = await issueServerCertificate(ca, dir, 'retired');
  const [dbN, dbA, dbB] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
  national = await startGateway(dbN, {
    TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${A}:${KEY_A},${B}:${KEY_B}`, TMIS_REGISTRY_KEY: REGISTRY,
    TMIS_TLS_CERT: nationalCert.certFile, TMIS_TLS_KEY: nationalCert.keyFile,
  });
  national.app.server.on('request', (req) => {
    const p = String(req.headers[SYNC_HEADERS.province] ?? '-');
    requestsFrom[p] = (requestsFrom[p] ?? 0) + 1;
  });
  const province = (code: string, key: string, pin: string): Record<string, string> => ({
    TMIS_PROVINCE_CODE: code, TMIS_NATIONAL_URL: national.url, TMIS_SYNC_KEY: key, TMIS_REGISTRY_KEY: REGISTRY, TMIS_SYNC_INTERVAL_MS: '100',
    TMIS_NATIONAL_CA: ca.certFile, TMIS_NATIONAL_CERT_PIN: pin,
  });
  [provA, provB] = await Promise.all([
    startGateway(dbA, province(A, KEY_A, `${retired.fingerprint256},${nationalCert.fingerprint256}`)),
    startGateway(dbB, province(B, KEY_B, retired.fingerprint256)),
  ]);
  await buildProvince(provA, { code: A, name: '甲省', prefix: 'a', teachers: 3, idRegion: '330102', seqBase: 100 });
  await buildProvince(provB, { code: B, name: '乙省', prefix: 'b', teachers: 2, idRegion: '110108', seqBase: 300 });
  tokens.a = await loginAs(asTestApp(provA), 'a-sys');
  tokens.b = await loginAs(asTestApp(provB), 'b-sys');
});

afterAll(async () => {
  await Promise.all([provA?.close(), provB?.close()]);
  await national?.close();
});

describe('the national exchange over HTTPS with a pinned certificate', () => {
  it('province A (pinned certificate among two pins) reports over https and its teachers arrive', async () => {
    expect(national.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    await waitFor('province A to drain its outbox', async () => {
      const s = dataOf(await provA.gql(STATUS, {}, tokens.a)).syncStatus;
      return s.pending === 0 && s.delivered > 0 && s.lastSuccessAt !== null;
    }, 30_000);
    const [held] = await national.sql<{ n: number }>(`select count(*)::int as n from registry_entry where owner_province = ?`, [A]);
    expect(held!.n).toBe(3);
    expect(requestsFrom[A]).toBeGreaterThan(0);
  });

  it('province B (CA trusted, certificate not pinned) refuses the national server: SYNC_TLS_PIN_MISMATCH, nothing sent or applied', async () => {
    const s = await waitFor('province B to record the refusal', async () => {
      const st = dataOf(await provB.gql(STATUS, {}, tokens.b)).syncStatus;
      return st.failures >= 2 && st.lastError ? st : undefined;
    }, 30_000);
    expect(s.lastError).toMatch(new RegExp(`^SYNC_TLS_PIN_MISMATCH: 国家系统服务器证书的指纹（${nationalCert.fingerprint256}）与 TMIS_NATIONAL_CERT_PIN 不符`));
    expect(s.lastSuccessAt).toBeNull();
    expect(s.delivered).toBe(0);
    expect(s.pending).toBeGreaterThan(0);
    // Asked by hand, the same refusal comes back with its code.
    const now = await provB.gql(`mutation { syncNow { pushed pulled } }`, {}, tokens.b);
    expect(errorCode(now)).toBe('SYNC_UNREACHABLE');
    expect(now.errors![0]!.extensions!.details).toMatchObject({ cause: 'SYNC_TLS_PIN_MISMATCH' });
    // The national side never saw a request of B, and holds nothing of it.
    expect(requestsFrom[B]).toBeUndefined();
    const [units] = await national.sql<{ n: number }>(`select count(*)::int as n from unit where code = '110000' or code like '%1101%'`);
    const [teachers] = await national.sql<{ n: number }>(`select count(*)::int as n from registry_entry where owner_province = ?`, [B]);
    expect([units!.n, teachers!.n]).toEqual([0, 0]);
  });
});
