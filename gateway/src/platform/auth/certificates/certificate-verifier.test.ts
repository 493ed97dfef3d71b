import { beforeAll, describe, expect, it } from 'vitest';
import { X509Certificate, generateKeyPairSync, sign as cryptoSign, createPrivateKey, type webcrypto } from 'node:crypto';
import { createDemoCa, issueClientCertificate, type DemoCa, type IssuedClientCertificate } from './demo-ca.js';
import {
  createCertificateVerifier,
  normalizeFingerprint256,
  verifyChallengeSignature,
  type CertificateVerifier,
} from './certificate-verifier.js';
import { challengeSigningInput, newChallengeNonce, signChallenge } from './challenge.js';

const DAY = 86_400_000;
const subject = { commonName: '刘小杰', serialNumber: 'cfgy-info', organization: '赤峰工业职业技术学院' };

let ca: DemoCa;
let otherCa: DemoCa;
let sameNameCa: DemoCa;
let client: IssuedClientCertificate;
let verifier: CertificateVerifier;

beforeAll(async () => {
  ca = await createDemoCa();
  otherCa = await createDemoCa({ commonName: 'Some Other CA' });
  sameNameCa = await createDemoCa();
  client = await issueClientCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject });
  verifier = createCertificateVerifier({ caCertPems: [ca.certPem] });
});

describe('createDemoCa', () => {
  it('creates a self-signed CA certificate', () => {
    const cert = new X509Certificate(ca.certPem);
    expect(cert.ca).toBe(true);
    expect(cert.subject).toContain('CN=TMIS Demo Education CA');
    expect(cert.checkIssued(cert) && cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(ca.keyPem))).toBe(true);
  });
});

describe('verifyClientCertificate', () => {
  it('accepts a certificate issued by the configured CA', () => {
    const result = verifier.verifyClientCertificate(client.certPem);
    expect(result).toMatchObject({ ok: true, fingerprint256: client.fingerprint256 });
    if (!result.ok) throw new Error('unreachable');
    expect(result.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(result.subject).toContain('CN=刘小杰');
    expect(result.subject).toContain('serialNumber=cfgy-info');
    expect(result.notAfter.getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
  });

  it('accepts any of several configured CAs', async () => {
    const other = await issueClientCertificate({ caCertPem: otherCa.certPem, caKeyPem: otherCa.keyPem, subject });
    const both = createCertificateVerifier({ caCertPems: [ca.certPem, otherCa.certPem] });
    expect(both.verifyClientCertificate(other.certPem).ok).toBe(true);
  });

  const issue = (opts: { notBefore?: Date; validDays?: number } = {}, by: () => DemoCa = () => ca) => async () =>
    (await issueClientCertificate({ caCertPem: by().certPem, caKeyPem: by().keyPem, subject, ...opts })).certPem;

  it.each<[string, string, () => Promise<string>]>([
    ['issued by another CA', 'CERT_UNTRUSTED', issue({}, () => otherCa)],
    ['a self-signed client certificate', 'CERT_UNTRUSTED', async () => (await createDemoCa({ commonName: '刘小杰' })).certPem],
    ['from a CA with the same name but another key', 'CERT_UNTRUSTED', async () => issue({}, () => sameNameCa)()],
    // No authority key id, so only the signature check can tell it apart from the real CA's certs.
    ['forged with the CA name as issuer', 'CERT_UNTRUSTED', forgedWithCaIssuerName],
    ['the CA certificate itself', 'CERT_USAGE', async () => ca.certPem],
    ['expired', 'CERT_EXPIRED', issue({ notBefore: new Date(Date.now() - 10 * DAY), validDays: 1 })],
    ['not yet valid', 'CERT_NOT_YET_VALID', issue({ notBefore: new Date(Date.now() + 2 * DAY) })],
    ['garbage text', 'CERT_INVALID', async () => 'not a certificate'],
    ['a PEM block with garbage inside', 'CERT_INVALID', async () => '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'],
    ['a truncated certificate', 'CERT_INVALID', async () => client.certPem.slice(0, 300) + '\n-----END CERTIFICATE-----\n'],
    ['an empty string', 'CERT_INVALID', async () => ''],
  ])('rejects %s with %s', async (_label, code, make) => {
    expect(verifier.verifyClientCertificate(await make())).toEqual({ ok: false, code });
  });

  it('judges validity at the given time', () => {
    expect(verifier.verifyClientCertificate(client.certPem, new Date(Date.now() + 400 * DAY)))
      .toEqual({ ok: false, code: 'CERT_EXPIRED' });
  });

  it('refuses to start with an unparsable CA', () => {
    expect(() => createCertificateVerifier({ caCertPems: ['nope'] })).toThrow();
  });
});

describe('verifyChallengeSignature', () => {
  const data = challengeSigningInput('c-1', newChallengeNonce());

  it('accepts a WebCrypto (IEEE-P1363) signature', async () => {
    const signatureBase64 = await signChallenge({ keyPem: client.keyPem, data });
    expect(Buffer.from(signatureBase64, 'base64')).toHaveLength(64);
    expect(verifyChallengeSignature({ certPem: client.certPem, data, signatureBase64 })).toBe(true);
  });

  it('accepts a DER signature from node crypto.sign', () => {
    const der = cryptoSign('sha256', Buffer.from(data), createPrivateKey(client.keyPem));
    expect(der[0]).toBe(0x30); // DER SEQUENCE
    expect(verifyChallengeSignature({ certPem: client.certPem, data, signatureBase64: der.toString('base64') })).toBe(true);
  });

  it.each(['ieee-p1363', 'der'] as const)('accepts P-384 signatures (%s)', async (dsaEncoding) => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
    const certPem = await selfSignedPem(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, 'P-384');
    const sig = cryptoSign('sha256', Buffer.from(data), { key: privateKey, dsaEncoding });
    expect(verifyChallengeSignature({ certPem, data, signatureBase64: sig.toString('base64') })).toBe(true);
  });

  it('accepts RSA PKCS#1 v1.5 SHA-256 signatures', async () => {
    const certPem = await rsaCertPem();
    const sig = cryptoSign('sha256', Buffer.from(data), createPrivateKey(rsaKeyPem));
    expect(verifyChallengeSignature({ certPem, data, signatureBase64: sig.toString('base64') })).toBe(true);
  });

  it.each([
    ['signed by another key', async () => {
      const other = await issueClientCertificate({ caCertPem: ca.certPem, caKeyPem: ca.keyPem, subject });
      return { signatureBase64: await signChallenge({ keyPem: other.keyPem, data }) };
    }],
    ['signed over other data', async () => ({
      signatureBase64: await signChallenge({ keyPem: client.keyPem, data: challengeSigningInput('c-2', 'x') }),
    })],
    ['truncated signature', async () => ({
      signatureBase64: Buffer.from(await signChallenge({ keyPem: client.keyPem, data }), 'base64').subarray(0, 40).toString('base64'),
    })],
    ['garbage signature', async () => ({ signatureBase64: '!!!not base64!!!' })],
    ['empty signature', async () => ({ signatureBase64: '' })],
    ['all-zero signature', async () => ({ signatureBase64: Buffer.alloc(64).toString('base64') })],
    ['huge signature', async () => ({ signatureBase64: 'A'.repeat(100_000) })],
    ['garbage certificate', async () => ({ certPem: 'junk', signatureBase64: await signChallenge({ keyPem: client.keyPem, data }) })],
    ['non-string input', async () => ({ signatureBase64: 42 as unknown as string })],
  ])('rejects %s', async (_label, make) => {
    const overrides = await make();
    expect(verifyChallengeSignature({ certPem: client.certPem, data, ...overrides })).toBe(false);
  });
});

describe('normalizeFingerprint256', () => {
  it.each<[string, (fp: string) => string]>([
    ['lower case', (fp) => fp.toLowerCase()],
    ['without colons', (fp) => fp.replace(/:/g, '')],
    ['space separated', (fp) => fp.replace(/:/g, ' ')],
  ])('canonicalises %s', (_label, variant) => {
    expect(normalizeFingerprint256(variant(client.fingerprint256))).toBe(client.fingerprint256);
  });

  it.each(['', 'AB:CD', 'ZZ'.repeat(32)])('rejects %j', (input) => {
    expect(normalizeFingerprint256(input)).toBeNull();
  });
});

// --- helpers for certificates the demo CA does not issue ---

async function forgedWithCaIssuerName(): Promise<string> {
  const x509 = await import('@peculiar/x509');
  const alg = { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = (await crypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.create({
    subject: 'CN=刘小杰',
    issuer: new x509.X509Certificate(ca.certPem).subjectName,
    publicKey: keys.publicKey,
    signingKey: keys.privateKey,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    extensions: [
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    ],
  });
  return cert.toString('pem');
}

const { privateKey: rsaPrivate } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rsaKeyPem = rsaPrivate.export({ type: 'pkcs8', format: 'pem' }) as string;

async function rsaCertPem(): Promise<string> {
  const { X509CertificateGenerator, PemConverter } = await import('@peculiar/x509');
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const privateKey = await crypto.subtle.importKey('pkcs8', PemConverter.decodeFirst(rsaKeyPem), alg, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = await crypto.subtle.importKey('jwk', { kty: jwk.kty, n: jwk.n, e: jwk.e, alg: jwk.alg }, alg, true, ['verify']);
  const cert = await X509CertificateGenerator.createSelfSigned({ name: 'CN=rsa', keys: { privateKey, publicKey }, signingAlgorithm: alg });
  return cert.toString('pem');
}

async function selfSignedPem(keyPem: string, namedCurve: string): Promise<string> {
  const { X509CertificateGenerator, PemConverter } = await import('@peculiar/x509');
  const alg = { name: 'ECDSA', namedCurve };
  const privateKey = await crypto.subtle.importKey('pkcs8', PemConverter.decodeFirst(keyPem), alg, true, ['sign']);
  const jwk = await crypto.subtle.exportKey('jwk', privateKey);
  const publicKey = await crypto.subtle.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y }, alg, true, ['verify']);
  const cert = await X509CertificateGenerator.createSelfSigned({
    name: 'CN=p384', keys: { privateKey, publicKey }, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
  });
  return cert.toString('pem');
}
