// Throwaway TLS material for tests (issue 15.5): a private CA and server certificates it issues,
// written as PEM files, so the gateway and the sync channel are tested over real TLS.
// @peculiar/x509 pulls in tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, type webcrypto as wc } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const webcrypto = globalThis.crypto;
x509.cryptoProvider.set(webcrypto);

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface PemPair { certPem: string; keyPem: string; certFile: string; keyFile: string; fingerprint256: string }
export interface TestCa extends PemPair { keys: wc.CryptoKeyPair; cert: x509.X509Certificate }

async function keyPem(key: wc.CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

function write(dir: string, name: string, certPem: string, key: string): Omit<PemPair, 'fingerprint256'> {
  const certFile = join(dir, `${name}.crt.pem`);
  const keyFile = join(dir, `${name}.key.pem`);
  writeFileSync(certFile, certPem);
  writeFileSync(keyFile, key, { mode: 0o600 });
  return { certPem, keyPem: key, certFile, keyFile };
}

export const tlsTestDir = (): string => mkdtempSync(join(tmpdir(), 'tmis-tls-'));

export async function createTestCa(dir: string, name = 'ca'): Promise<TestCa> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as wc.CryptoKeyPair;
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [`TMIS Test TLS CA ${name}`] }], keys, signingAlgorithm: SIGNING,
    notBefore: new Date(Date.now() - DAY_MS), notAfter: new Date(Date.now() + 30 * DAY_MS),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pem = cert.toString('pem');
  return { ...write(dir, name, pem, await keyPem(keys.privateKey)), fingerprint256: new X509Certificate(pem).fingerprint256, keys, cert };
}

/**
 * A server certificate for localhost / 127.0.0.1 unless told otherwise (subjectAltName, serverAuth), issued by `ca`.
 * `validDays` below zero gives one that has already expired.
 */
export async function issueServerCertificate(ca: TestCa, dir: string, name: string, opts: { validDays?: number; dns?: string[]; ips?: string[] } = {}): Promise<PemPair> {
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as wc.CryptoKeyPair;
  const validDays = opts.validDays ?? 30;
  const notAfter = new Date(Date.now() + validDays * DAY_MS);
  const cert = await x509.X509CertificateGenerator.create({
    subject: [{ CN: ['localhost'] }], issuer: ca.cert.subjectName, publicKey: keys.publicKey, signingKey: ca.keys.privateKey,
    notBefore: new Date(Math.min(Date.now(), notAfter.getTime()) - DAY_MS), notAfter, signingAlgorithm: SIGNING,
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^[89a-f]/, '1'),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([...(opts.dns ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })), ...(opts.ips ?? ['127.0.0.1']).map((value) => ({ type: 'ip' as const, value }))]),
      await x509.AuthorityKeyIdentifierExtension.create(ca.keys.publicKey),
    ],
  });
  const pem = cert.toString('pem');
  return { ...write(dir, name, pem, await keyPem(keys.privateKey)), fingerprint256: new X509Certificate(pem).fingerprint256 };
}
