import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHECKPOINT_TASK, readCheckpoints } from '../../platform/audit/audit-checkpoint.js';
import { runAuditVerify } from '../../platform/audit/audit-verify.command.js';
import { SIGNATURE_ALG } from '../../platform/crypto/profile.js';
import { signRequest, SYNC_HEADERS } from '../../platform/sync/signing.js';
import { fetchNationalCheckpoints } from './audit-anchor.js';
import { buildProvince, freshDatabase, signingKeyFiles, startFaultProxy, startGateway, waitFor, type FaultProxy, type Gateway } from './testing/cluster.js';

/**
 * Issue 15.1 through the two-level harness: province A signs its sync requests (SM2 under
 * TMIS_CRYPTO=gm, ECDSA P-256 under intl) and its audit checkpoints; the national side registered
 * A's public key, so A must sign, while province B, with no key registered yet, is still accepted
 * by HMAC (migration). Run under both profiles (`TMIS_CRYPTO=gm npx vitest run <this file>`).
 */
const KEY_A = randomBytes(32).toString('hex');
const KEY_B = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const A = '330000';
const B = '110000';
const syncKeyA = signingKeyFiles();
const auditKeyA = signingKeyFiles();

let national: Gateway;
let provA: Gateway;
let provB: Gateway;
let proxyA: FaultProxy;

const registered = async (province: string): Promise<number> =>
  Number((await national.sql<{ n: string }>('select count(*) as n from registry_entry where owner_province = ?', [province]))[0]!.n);
const post = (path: string, headers: Record<string, string>, body: string): Promise<Response> =>
  fetch(`${national.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
  const [dbN, dbA, dbB] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
  national = await startGateway(dbN, { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${A}:${KEY_A},${B}:${KEY_B}`, TMIS_SYNC_PUBLIC_KEYS: `${A}:${syncKeyA.publicKey}`, TMIS_REGISTRY_KEY: REGISTRY });
  proxyA = await startFaultProxy(national.port);
  const province = (code: string, key: string, url: string) => ({ TMIS_PROVINCE_CODE: code, TMIS_NATIONAL_URL: url, TMIS_SYNC_KEY: key, TMIS_REGISTRY_KEY: REGISTRY, TMIS_SYNC_INTERVAL_MS: '100' });
  [provA, provB] = await Promise.all([
    startGateway(dbA, { ...province(A, KEY_A, proxyA.url), TMIS_SYNC_SIGNING_KEY: syncKeyA.privateKey, TMIS_AUDIT_SIGNING_KEY: auditKeyA.privateKey }),
    startGateway(dbB, province(B, KEY_B, national.url)),
  ]);
  await buildProvince(provA, { code: A, name: '甲省', prefix: 'a', teachers: 3, idRegion: '330102', seqBase: 100 });
  await buildProvince(provB, { code: B, name: '乙省', prefix: 'b', teachers: 2, idRegion: '110108', seqBase: 300 });
});

afterAll(async () => {
  await Promise.all([provA?.close(), provB?.close()]);
  await proxyA?.close();
  await national?.close();
});

describe('issue 15.1: signed sync messages', () => {
  it('a signed push from the province with a registered key is accepted; its document numbers travel sealed by the profile', async () => {
    await waitFor('A\'s teachers in the national registry', async () => (await registered(A)) === 3, 30_000);
    const push = proxyA.lastPush!;
    const alg = SIGNATURE_ALG[provA.app.config.crypto];
    expect(push.headers[SYNC_HEADERS.algorithm]).toBe(alg);
    expect(push.headers[SYNC_HEADERS.keySignature]).toMatch(/^[A-Za-z0-9+/]+=*$/);
    const sealed = (JSON.parse(push.body) as { items: { kind: string; data: { idSealed?: string } }[] }).items.find((i) => i.kind === 'teacher')!.data.idSealed!;
    const raw = Buffer.from(sealed, 'base64');
    // SM4-GCM behind version byte 2 under gm (1 + 12 + 16 + 18 bytes); the first release's AES format under intl.
    expect(raw.length).toBe(provA.app.config.crypto === 'gm' ? 47 : 46);
    if (provA.app.config.crypto === 'gm') expect(raw[0]).toBe(2);
  });

  it('the province without a registered key is still accepted by its HMAC (migration)', async () => {
    await waitFor('B\'s teachers in the national registry', async () => (await registered(B)) === 2, 30_000);
  });

  it('A\'s HMAC alone, a tampered body, a wrong key and a replay are refused', async () => {
    const body = JSON.stringify({ province: A, items: [] });
    const hmacOnly = await post('/sync/push', signRequest(Buffer.from(KEY_A, 'hex'), A, body), body);
    expect([hmacOnly.status, ((await hmacOnly.json()) as { code: string }).code]).toEqual([401, 'SYNC_UNAUTHENTICATED']);
    const stranger = (await import('node:crypto')).createPrivateKey((await import('node:fs')).readFileSync(signingKeyFiles().privateKey));
    const wrongKey = await post('/sync/push', signRequest(Buffer.from(KEY_A, 'hex'), A, body, Date.now(), stranger), body);
    expect([wrongKey.status, ((await wrongKey.json()) as { code: string }).code]).toEqual([401, 'SYNC_UNAUTHENTICATED']);
    // The captured request's own authentication headers (its content-length would not fit a changed body).
    const last = { body: proxyA.lastPush!.body, headers: Object.fromEntries(Object.entries(proxyA.lastPush!.headers).filter(([k]) => k.startsWith('x-tmis-'))) };
    const tampered = await post('/sync/push', last.headers, last.body.replace(/"items":\[/, '"items":[ '));
    expect([tampered.status, ((await tampered.json()) as { code: string }).code]).toEqual([401, 'SYNC_UNAUTHENTICATED']);
    // The signed request itself, sent again: the nonce is already used.
    const replay = await post('/sync/push', last.headers, last.body);
    expect([replay.status, ((await replay.json()) as { code: string }).code]).toEqual([409, 'SYNC_REPLAY']);
    // A's own signing key still gets through (the channel is not just closed).
    const { createPrivateKey } = await import('node:crypto');
    const own = createPrivateKey((await import('node:fs')).readFileSync(syncKeyA.privateKey));
    const signed = await post('/sync/pull', signRequest(Buffer.from(KEY_A, 'hex'), A, JSON.stringify({ province: A, ack: [] }), Date.now(), own), JSON.stringify({ province: A, ack: [] }));
    expect(signed.status).toBe(200);
  });

  it('A\'s signed audit checkpoint reaches the national copy with its alg, and verifies with the public key', async () => {
    // Audited requests (failed logins of unknown users), so the chain has a head to anchor.
    for (const u of ['nobody.one', 'nobody.two']) await provA.gql('mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status } }', { u, p: 'Wrong-pass1' });
    await provA.app.jobs.runScheduled(AUDIT_CHECKPOINT_TASK, new Date());
    const alg = SIGNATURE_ALG[provA.app.config.crypto];
    const rows = await waitFor('the signed checkpoint at the national system', async () => {
      const r = await national.sql<{ alg: string | null; sig: string }>('select alg, sig from province_audit_checkpoint where province_code = ?', [A]);
      return r.length ? r : undefined;
    }, 20_000);
    expect(rows.map((r) => r.alg)).toEqual([alg]);
    const link = { nationalUrl: national.url, provinceCode: A, syncKey: Buffer.from(KEY_A, 'hex'), signingKey: provA.app.config.syncSigningKey };
    const copy = await fetchNationalCheckpoints(link);
    expect(copy).toEqual((await readCheckpoints(provA.app.config.auditCheckpointFile)).checkpoints);
    const lines: string[] = [];
    expect(await runAuditVerify(provA.app.orm.em.fork(), provA.app.config.auditCheckpointFile, (l) => lines.push(l), () => fetchNationalCheckpoints(link))).toBe(0);
    expect(lines.join('\n')).toMatch(/(SM2|ECDSA P-256) 签名（公钥可验证 \/ verifiable with the public key） 1/);
  });
});
