import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, issueCrl } from '../../platform/auth/certificates/index.js';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type World } from '../../testing/world.js';
import { answerChallenge, loginAs, readCertificate, GQL } from '../../testing/auth-helpers.js';

/**
 * Issue 15.2 — must show: an information admin logs in with an SM2 certificate issued by an
 * intermediate SM2 CA; a certificate in a loaded CRL and one from an untrusted SM2 CA are
 * refused with their codes. The deployment runs the `gm` profile, so the demo CA is an SM2 root
 * with an SM2 issuing CA below it (ca.crt.pem is the only configured trust anchor).
 */
const LOAD_CRL = `mutation($p: String!) { loadCertificateRevocationList(crlPem: $p) { issuerSubject crlNumber entries signatureAlgorithm loadedBy } }`;
const CRLS = `{ certificateRevocationLists { issuerSubject entries crlNumber } }`;
const ME = `{ me { username authMethod } }`;

let t: TestApp;
let world: World;
let intermediate: { certPem: string; keyPem: string };

beforeAll(async () => {
  t = await createTestApp({ TMIS_CRYPTO: 'gm' });
  world = await buildWorld(t.app, {
    accounts: [
      ['sm2_info', 'schoolA', 'info_admin'],
      ['sm2_revoked', 'schoolA2', 'info_admin'],
      ['prov_sys', 'provA', 'system_admin'],
      ['prov_sec', 'provA', 'security_admin'],
      ['prov_info', 'provA', 'info_admin'],
    ],
  });
  intermediate = {
    certPem: readFileSync(join(world.certDir, 'intermediate.crt.pem'), 'utf8'),
    keyPem: readFileSync(join(world.certDir, 'intermediate.key.pem'), 'utf8'),
  };
});
afterAll(async () => t?.close());

async function challenge(username: string): Promise<{ id: string; nonce: string }> {
  const r = dataOf(await t.gql(GQL.LOGIN, { u: username, p: PASSWORD }));
  expect(r.login.status).toBe('CERTIFICATE_REQUIRED');
  return r.login.challenge;
}

describe('SM2 certificate login (gm profile)', () => {
  it('the demo CA is an SM2 root with an SM2 intermediate, and the admin’s certificate comes from the intermediate', () => {
    const files = readCertificate(world.certDir, 'sm2_info');
    const leaf = new X509Certificate(files.certPem);
    const root = new X509Certificate(readFileSync(join(world.certDir, 'ca.crt.pem'), 'utf8'));
    const mid = new X509Certificate(intermediate.certPem);
    expect(leaf.issuer).toBe(mid.subject);
    expect(mid.issuer).toBe(root.subject);
    expect(leaf.checkIssued(root)).toBe(false);
    // SM2 public keys: SubjectPublicKeyInfo names the curve 1.2.156.10197.1.301.
    expect(leaf.publicKey.export({ format: 'der', type: 'spki' }).includes(Buffer.from('06082a811ccf5501822d', 'hex'))).toBe(true);
  });

  it('logs in with the SM2 certificate through the intermediate; the audit entry names SM2-with-SM3', async () => {
    const token = await loginAs(t, 'sm2_info', world.certDir);
    expect(dataOf(await t.gql(ME, {}, token)).me).toEqual({ username: 'sm2_info', authMethod: 'password+certificate' });
    const [entry] = await sql<{ detail: { signatureAlgorithm: string } }>(t,
      `select detail from audit_entry where action = 'auth.certificate_login' and actor_username = 'sm2_info' and outcome = 'success' order by seq desc limit 1`);
    expect(entry!.detail.signatureAlgorithm).toBe('SM2-with-SM3');
  });

  it('accepts the signature as DER and as 64-byte r||s (what many USB keys return)', async () => {
    const files = readCertificate(world.certDir, 'sm2_info');
    const { sm2PrivateKeyHex, sm2Sign } = await import('../../platform/crypto/profile.js');
    const { createPrivateKey } = await import('node:crypto');
    const { challengeSigningInput } = await import('../../platform/auth/certificates/index.js');
    const c = await challenge('sm2_info');
    const raw = sm2Sign(sm2PrivateKeyHex(createPrivateKey(files.keyPem)), challengeSigningInput(c.id, c.nonce), { der: false });
    expect(raw.length).toBe(64);
    const r = await t.gql(GQL.CERT, { id: c.id, pem: files.certPem, sig: raw.toString('base64') });
    expect(dataOf(r).completeCertificateLogin.status).toBe('OK');
  });

  it('refuses a certificate from an SM2 CA that is not configured: CERT_UNTRUSTED', async () => {
    const rogueRoot = issueCertificate({ subject: [{ CN: ['Rogue SM2 Root'] }], ca: {}, algorithm: 'sm2' });
    const rogueMid = issueCertificate({ subject: [{ CN: ['TMIS Demo Education SM2 Issuing CA'] }, { O: ['TMIS Demo'] }, { C: ['CN'] }], ca: { pathLength: 0 }, issuer: rogueRoot });
    const rogue = issueCertificate({ subject: [{ CN: ['管理员sm2_info'] }], issuer: rogueMid });
    const r = await answerChallenge(t, await challenge('sm2_info'), { certPem: `${rogue.certPem}${rogueMid.certPem}`, keyPem: rogue.keyPem });
    expect(errorCode(r)).toBe('CERT_UNTRUSTED');
  });

  it('only the security administrator loads CRLs; a CRL from an untrusted CA is refused', async () => {
    const crl = issueCrl({ issuer: intermediate, revoked: [], crlNumber: 1 }) + intermediate.certPem;
    expect(errorCode(await t.gql(LOAD_CRL, { p: crl }, await loginAs(t, 'prov_sys')))).toBe('FORBIDDEN');
    const sec = await loginAs(t, 'prov_sec');
    // Without the intermediate's certificate, its CRL has no trusted signer.
    expect(errorCode(await t.gql(LOAD_CRL, { p: issueCrl({ issuer: intermediate, revoked: [], crlNumber: 1 }) }, sec))).toBe('CRL_UNTRUSTED');
    const rogue = issueCertificate({ subject: [{ CN: ['Rogue SM2 Root'] }], ca: {}, algorithm: 'sm2' });
    expect(errorCode(await t.gql(LOAD_CRL, { p: issueCrl({ issuer: rogue, revoked: [] }) + rogue.certPem }, sec))).toBe('CRL_UNTRUSTED');
    expect(errorCode(await t.gql(LOAD_CRL, { p: '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----\n' }, sec))).toBe('CRL_INVALID');
  });

  it('refuses a certificate listed in the loaded CRL of its intermediate CA: CERT_REVOKED; an older CRL cannot un-revoke it', async () => {
    const revokedFiles = readCertificate(world.certDir, 'sm2_revoked');
    // Before the CRL the certificate works.
    await loginAs(t, 'sm2_revoked', world.certDir);
    const serial = new X509Certificate(revokedFiles.certPem).serialNumber;
    const sec = await loginAs(t, 'prov_sec');
    // The issuing CA's CRL, with that CA's certificate after it (the intermediate is not configured).
    const loaded = dataOf(await t.gql(LOAD_CRL, { p: issueCrl({ issuer: intermediate, revoked: [serial], crlNumber: 7 }) + intermediate.certPem }, sec)).loadCertificateRevocationList;
    expect(loaded).toMatchObject({ issuerSubject: expect.stringContaining('TMIS Demo Education SM2 Issuing CA'), crlNumber: '7', entries: 1, signatureAlgorithm: 'SM2-with-SM3', loadedBy: 'prov_sec' });
    expect(dataOf(await t.gql(CRLS, {}, sec)).certificateRevocationLists).toHaveLength(1);

    const r = await answerChallenge(t, await challenge('sm2_revoked'), revokedFiles);
    expect(errorCode(r)).toBe('CERT_REVOKED');
    // Others of the same CA still log in.
    await loginAs(t, 'sm2_info', world.certDir);
    // Binding a revoked certificate is refused too.
    const [acc] = await sql<{ id: string }>(t, `select id from account where username = 'prov_info'`);
    const bind = await t.gql(`mutation($i: AccountChangeInput!) { requestAccountChange(input: $i) { status } }`,
      { i: { accountId: acc!.id, kind: 'certificate_bind', payload: { certificatePem: revokedFiles.certPem } } }, sec);
    expect(errorCode(bind)).toBe('CERT_REVOKED');

    expect(errorCode(await t.gql(LOAD_CRL, { p: issueCrl({ issuer: intermediate, revoked: [], crlNumber: 6 }) + intermediate.certPem }, sec))).toBe('CRL_OUTDATED');
    expect(errorCode(await answerChallenge(t, await challenge('sm2_revoked'), revokedFiles))).toBe('CERT_REVOKED');
    const audit = await sql<{ action: string; detail: { entries: number } }>(t, `select action, detail from audit_entry where action = 'certificate.crl_loaded'`);
    expect(audit.map((a) => a.detail.entries)).toEqual([1]);
  });
});
