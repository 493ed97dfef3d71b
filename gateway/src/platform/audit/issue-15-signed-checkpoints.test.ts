import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD } from '../../testing/world.js';
import { cryptoProfile, SIGNATURE_ALG, type CryptoProfileName } from '../crypto/profile.js';
import { deriveAuditKeys } from './audit-chain.js';
import { AUDIT_CHECKPOINT_TASK, checkpointKind, checkpointSignatureValid, checkpointValid, readCheckpoints, signCheckpoint, signCheckpointWithKey, writeCheckpoint, type Checkpoint } from './audit-checkpoint.js';
import { verifyAuditChain } from './audit.service.js';
import { runAuditVerify, runCheckpointFileVerify } from './audit-verify.command.js';

/**
 * Issue 15.1: audit checkpoints signed with SM2 (gm) or ECDSA P-256 (intl) when
 * TMIS_AUDIT_SIGNING_KEY is set, verifiable by an outside auditor with the public key alone; HMAC
 * checkpoints written before the key was configured still verify in the same file.
 */
const fields = { seq: '42', hash: 'ab'.repeat(32), at: '2026-12-07T10:00:00.000Z' };

describe.each<CryptoProfileName>(['gm', 'intl'])('checkpoint signatures under %s', (name) => {
  const profile = cryptoProfile(name);
  const pair = profile.generateSigningKeyPair();
  const other = profile.generateSigningKeyPair();
  const foreign = cryptoProfile(name === 'gm' ? 'intl' : 'gm').generateSigningKeyPair();
  const macKey = randomBytes(32);
  const good = signCheckpointWithKey(pair.privateKey, fields);
  const mac = signCheckpoint(macKey, fields, name === 'gm' ? 'sm3' : 'sha256');
  const { alg: _dropped, ...oldMac } = mac;

  it.each<[string, Checkpoint, boolean]>([
    ['a signed checkpoint', good, true],
    ['another seq under its signature', { ...good, seq: '43' }, false],
    ['another hash under its signature', { ...good, hash: 'cd'.repeat(32) }, false],
    ['another time under its signature', { ...good, at: '2026-12-07T10:05:00.000Z' }, false],
    ['a changed signature', { ...good, sig: good.sig.slice(0, -2) + (good.sig.endsWith('00') ? '01' : '00') }, false],
    ['signed by another key', signCheckpointWithKey(other.privateKey, fields), false],
    ['signed by a key of the other profile', signCheckpointWithKey(foreign.privateKey, fields), false],
    ['labelled with the other algorithm', { ...good, alg: SIGNATURE_ALG[name === 'gm' ? 'intl' : 'gm'] }, false],
    ['a MAC relabelled as a signature', { ...mac, alg: SIGNATURE_ALG[name] }, false],
    ['an unknown algorithm', { ...good, alg: 'rsa-sha1' as never }, false],
    ['a MAC checkpoint (its key)', mac, true],
    ['a MAC checkpoint of an older release, without alg', oldMac, true],
    ['a MAC checkpoint claiming the other HMAC', { ...mac, alg: name === 'gm' ? 'hmac-sha256' : 'hmac-sm3' }, false],
  ])('%s', (_n, c, valid) => {
    expect(checkpointValid(macKey, c, [pair.publicKey])).toBe(valid);
  });

  it('records its algorithm; the public key alone verifies it, and never a MAC', () => {
    expect(good.alg).toBe(SIGNATURE_ALG[name]);
    expect(checkpointKind(good)).toBe(SIGNATURE_ALG[name]);
    expect(checkpointKind(oldMac)).toBe('hmac');
    expect(checkpointSignatureValid([other.publicKey, pair.publicKey], good)).toBe(true);
    expect(checkpointSignatureValid([other.publicKey], good)).toBe(false);
    expect(checkpointSignatureValid([pair.publicKey], mac)).toBe(false);
    // Without a verification key a signed checkpoint does not pass.
    expect(checkpointValid(macKey, good)).toBe(false);
  });
});

describe('issue 15.1: a checkpoint file across the switch to signed checkpoints', () => {
  let t: TestApp;
  let file: string;
  let pubFile: string;
  const keyDir = mkdtempSync(join(tmpdir(), 'tmis-audit-signing-'));

  beforeAll(async () => {
    // The deployment's profile (TMIS_CRYPTO of the run): SM2 under gm, P-256 under intl.
    const name = (process.env.TMIS_CRYPTO as CryptoProfileName | undefined) ?? 'intl';
    const pair = cryptoProfile(name).generateSigningKeyPair();
    writeFileSync(join(keyDir, 'audit.key.pem'), pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
    pubFile = join(keyDir, 'audit.pub.pem');
    writeFileSync(pubFile, pair.publicKey.export({ format: 'pem', type: 'spki' }));
    t = await createTestApp({ TMIS_AUDIT_SIGNING_KEY: join(keyDir, 'audit.key.pem') });
    file = t.app.config.auditCheckpointFile;
    await buildWorld(t.app, { accounts: [['c_sys', 'countyA', 'system_admin']] });
    const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status } }`;
    await t.gql(LOGIN, { u: 'c_sys', p: PASSWORD });
    // Before the key was configured: MAC checkpoints, one of an older release without `alg`.
    const keys = deriveAuditKeys(t.app.config.secretKey, t.app.config.crypto);
    await writeCheckpoint(t.app.orm.em.fork(), keys.checkpoint, file, new Date(), keys.mac);
    const [line] = readFileSync(file, 'utf8').trim().split('\n');
    const { alg: _a, ...old } = JSON.parse(line!) as Checkpoint;
    writeFileSync(file, `${JSON.stringify(old)}\n`);
    await t.gql(LOGIN, { u: 'c_sys', p: 'Wrong-pass1' });
    await writeCheckpoint(t.app.orm.em.fork(), keys.checkpoint, file, new Date(), keys.mac);
    await t.gql(LOGIN, { u: 'c_sys', p: PASSWORD });
    // Now the gateway's own task, with TMIS_AUDIT_SIGNING_KEY.
    await t.app.jobs.runScheduled(AUDIT_CHECKPOINT_TASK, new Date());
    for (let i = 0; i < 200 && (await readCheckpoints(file)).checkpoints.length < 3; i++) await new Promise((r) => setTimeout(r, 50));
  });
  afterAll(async () => t?.close());

  const alg = (): string => SIGNATURE_ALG[t.app.config.crypto];

  it('the job signs with the configured key; audit:verify accepts both kinds and says which is which', async () => {
    const { checkpoints } = await readCheckpoints(file);
    expect(checkpoints.map((c) => c.alg ?? null)).toEqual([null, `hmac-${t.app.config.crypto === 'gm' ? 'sm3' : 'sha256'}`, alg()]);
    const report = await verifyAuditChain(t.app.orm.em.fork(), { checkpoints });
    expect(report).toMatchObject({ ok: true, checkpoints: 3, checkpointKinds: { hmac: 2, [alg()]: 1 } });
    const lines: string[] = [];
    expect(await runAuditVerify(t.app.orm.em.fork(), file, (l) => lines.push(l))).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain(`HMAC（需网关密钥验证 / needs the gateway key） 2`);
    expect(text).toContain(`${t.app.config.crypto === 'gm' ? 'SM2 签名' : 'ECDSA P-256 签名'}（公钥可验证 / verifiable with the public key） 1`);
  });

  it('an outside auditor checks the signed lines with the public key alone', async () => {
    const lines: string[] = [];
    expect(await runCheckpointFileVerify(file, [pubFile], (l) => lines.push(l))).toBe(0);
    expect(lines.join('\n')).toContain('2 HMAC checkpoint(s) need the gateway key');
    expect(lines.join('\n')).toContain('结果 / result: 通过 / OK');
    // Another public key: the signed line does not verify.
    const stranger = cryptoProfile(t.app.config.crypto).generateSigningKeyPair();
    writeFileSync(join(keyDir, 'stranger.pub.pem'), stranger.publicKey.export({ format: 'pem', type: 'spki' }));
    expect(await runCheckpointFileVerify(file, [join(keyDir, 'stranger.pub.pem')], () => {})).toBe(1);
  });

  it.each<[string, (c: Checkpoint) => Checkpoint]>([
    ['a signed checkpoint moved to another seq', (c) => ({ ...c, seq: String(BigInt(c.seq) - 1n) })],
    ['a signed checkpoint with another hash', (c) => ({ ...c, hash: 'cd'.repeat(32) })],
    ['a checkpoint signed by another key', (c) => signCheckpointWithKey(cryptoProfile(t.app.config.crypto).generateSigningKeyPair().privateKey, c)],
  ])('refuses a forged line: %s (checkpoint-signature)', async (_n, forge) => {
    const { checkpoints } = await readCheckpoints(file);
    const forgedFile = join(keyDir, `forged-${randomBytes(4).toString('hex')}.jsonl`);
    writeFileSync(forgedFile, [...checkpoints, forge(checkpoints.at(-1)!)].map((c) => JSON.stringify(c)).join('\n') + '\n');
    const lines: string[] = [];
    expect(await runAuditVerify(t.app.orm.em.fork(), forgedFile, (l) => lines.push(l))).toBe(1);
    expect(lines.join('\n')).toContain('a checkpoint signature does not verify');
    expect((await verifyAuditChain(t.app.orm.em.fork(), { checkpoints: (await readCheckpoints(forgedFile)).checkpoints })).reason).toBe('checkpoint-signature');
    expect(await runCheckpointFileVerify(forgedFile, [pubFile], () => {})).toBe(1);
  });
});
