import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCertificateVerifier, issueCertificate, issueCrl, normalizeSerial, verifyChallengeSignature } from './index.js';
import { sm2PrivateKeyHex, sm2Sign } from '../../crypto/profile.js';
import { createPrivateKey } from 'node:crypto';

/** Issue 15.2: SM2 paths through intermediates, path lengths, certificates made by OpenSSL, CRLs. */
const fixture = (name: string): string => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const root = issueCertificate({ subject: [{ CN: ['Root'] }], ca: { pathLength: 1 }, algorithm: 'sm2' });
const mid = issueCertificate({ subject: [{ CN: ['Issuing'] }], ca: { pathLength: 0 }, issuer: root });
const leaf = issueCertificate({ subject: [{ CN: ['刘小杰'] }], issuer: mid });
const sub = issueCertificate({ subject: [{ CN: ['Too deep'] }], ca: {}, issuer: mid });
const deep = issueCertificate({ subject: [{ CN: ['Deep leaf'] }], issuer: sub });
const p256 = issueCertificate({ subject: [{ CN: ['P-256 Root'] }], ca: {}, algorithm: 'p256' });
const p256Leaf = issueCertificate({ subject: [{ CN: ['P-256 leaf'] }], issuer: p256 });
const expiredMid = issueCertificate({ subject: [{ CN: ['Issuing'] }], ca: {}, issuer: root, notBefore: new Date(Date.now() - 20 * 86_400_000), validDays: 10 });

describe('certificate paths', () => {
  const verifier = createCertificateVerifier({ caCertPems: [root.certPem, p256.certPem] });
  it.each([
    ['SM2 leaf with its intermediate presented', leaf.certPem + mid.certPem, 'ok'],
    ['SM2 leaf without its intermediate', leaf.certPem, 'CERT_UNTRUSTED'],
    ['SM2 intermediate as a login certificate', mid.certPem + root.certPem, 'CERT_USAGE'],
    ['a CA below a pathLength 0 intermediate', deep.certPem + sub.certPem + mid.certPem, 'CERT_UNTRUSTED'],
    ['an expired intermediate', issueCertificate({ subject: [{ CN: ['x'] }], issuer: expiredMid }).certPem + expiredMid.certPem, 'CERT_UNTRUSTED'],
    ['P-256 leaf of a P-256 root', p256Leaf.certPem, 'ok'],
    ['not a certificate', 'hello', 'CERT_INVALID'],
  ])('%s → %s', (_name, pem, want) => {
    const r = verifier.verifyClientCertificate(pem);
    expect(r.ok ? 'ok' : r.code).toBe(want);
  });

  it('a configured intermediate needs no presenting, and the chain names each issuer', () => {
    const v = createCertificateVerifier({ caCertPems: [root.certPem, mid.certPem] });
    const r = v.verifyClientCertificate(leaf.certPem);
    expect(r.ok && r.signatureAlgorithm).toBe('SM2-with-SM3');
    expect(r.ok && r.chain.map((c) => c.serialNumber)).toEqual([normalizeSerial(leaf.serialNumber), normalizeSerial(mid.serialNumber)]);
    expect(r.ok && r.chain[0]!.issuerFingerprint256).toBe(mid.fingerprint256);
  });

  it('verifies a certificate OpenSSL made (SM2-with-SM3, default user id) against OpenSSL’s root', () => {
    const v = createCertificateVerifier({ caCertPems: [fixture('openssl-sm2-root.crt.pem')] });
    expect(v.verifyClientCertificate(fixture('openssl-sm2-leaf.crt.pem'), new Date('2027-01-01')).ok).toBe(true);
    expect(verifier.verifyClientCertificate(fixture('openssl-sm2-leaf.crt.pem'), new Date('2027-01-01'))).toEqual({ ok: false, code: 'CERT_UNTRUSTED' });
  });

  it('SM2 challenge signatures verify as DER and r||s, and not under another key', () => {
    const d = sm2PrivateKeyHex(createPrivateKey(leaf.keyPem));
    for (const der of [true, false]) {
      expect(verifyChallengeSignature({ certPem: leaf.certPem, data: 'TMIS-LOGIN|a|b', signatureBase64: sm2Sign(d, 'TMIS-LOGIN|a|b', { der }).toString('base64') })).toBe(true);
    }
    expect(verifyChallengeSignature({ certPem: mid.certPem, data: 'TMIS-LOGIN|a|b', signatureBase64: sm2Sign(d, 'TMIS-LOGIN|a|b').toString('base64') })).toBe(false);
  });
});

describe('CRLs', () => {
  const verifier = createCertificateVerifier({ caCertPems: [root.certPem] });
  it('an intermediate’s CRL with its certificate: serials, number and algorithm', () => {
    const r = verifier.verifyCrl(issueCrl({ issuer: mid, revoked: [leaf.serialNumber], crlNumber: 42 }) + mid.certPem);
    expect(r).toMatchObject({ ok: true, issuerFingerprint256: mid.fingerprint256, crlNumber: '42', revokedSerials: [normalizeSerial(leaf.serialNumber)], signatureAlgorithm: 'SM2-with-SM3' });
  });
  it.each([
    ['signed by an unknown CA', () => issueCrl({ issuer: p256, revoked: [] }) + p256.certPem, 'CRL_UNTRUSTED'],
    ['the intermediate’s CRL without its certificate', () => issueCrl({ issuer: mid, revoked: [] }), 'CRL_UNTRUSTED'],
    ['issued in the future', () => issueCrl({ issuer: root, revoked: [], thisUpdate: new Date(Date.now() + 86_400_000) }), 'CRL_NOT_YET_VALID'],
    ['garbage', () => '-----BEGIN X509 CRL-----\nAAAA\n-----END X509 CRL-----', 'CRL_INVALID'],
  ])('%s → %s', (_name, make, want) => {
    const r = verifier.verifyCrl(make());
    expect(r.ok ? 'ok' : r.code).toBe(want);
  });
});
