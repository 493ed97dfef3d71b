// Demo stand-in for the education CA (教育CA) and the USB keys it issues to information
// administrators, as PEM files: under the `intl` profile an ECDSA P-256 CA that issues each
// person's client certificate; under `gm` an SM2 root CA, an SM2 intermediate CA below it and
// the persons' SM2 certificates from the intermediate (their files carry the intermediate too).
// @peculiar/x509 pulls in tsyringe, which needs the Reflect polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, createPrivateKey, type webcrypto as wc } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCertificateVerifier } from './certificate-verifier.js';
import { issueCertificate, keyAlgorithm, type KeyAlgorithm } from './issuer.js';

const webcrypto = globalThis.crypto;
x509.cryptoProvider.set(webcrypto);

const EC_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 86_400_000;

export interface DemoCa {
  certPem: string;
  keyPem: string;
}

export interface IssuedClientCertificate {
  certPem: string;
  /** PKCS#8 PEM ("BEGIN PRIVATE KEY"); plays the role of the USB key's private key. */
  keyPem: string;
  /** SHA-256 of the DER, uppercase hex with colons (node's X509Certificate.fingerprint256). */
  fingerprint256: string;
}

export interface ClientSubject {
  /** The holder's real name (实名). */
  commonName: string;
  /** Account username, carried in the subject serialNumber attribute (2.5.4.5). */
  serialNumber?: string;
  /** Unit name. */
  organization?: string;
}

export interface DemoPerson {
  username: string;
  realName: string;
  unitName: string;
}

async function exportKeyPem(key: wc.CryptoKey): Promise<string> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', key);
  return x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
}

function pemBody(pem: string): ArrayBuffer {
  return x509.PemConverter.decodeFirst(pem);
}

export async function createDemoCa(
  options: { commonName?: string; validYears?: number } = {},
): Promise<DemoCa> {
  const { commonName = 'TMIS Demo Education CA', validYears = 10 } = options;
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as wc.CryptoKeyPair;
  const notBefore = new Date();
  const notAfter = new Date(notBefore.getTime() + validYears * 365 * DAY_MS);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: [{ CN: [commonName] }, { O: ['TMIS Demo'] }, { C: ['CN'] }],
    keys,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await exportKeyPem(keys.privateKey) };
}

export async function issueClientCertificate(params: {
  caCertPem: string;
  caKeyPem: string;
  subject: ClientSubject;
  validDays?: number;
  notBefore?: Date;
}): Promise<IssuedClientCertificate> {
  const { caCertPem, caKeyPem, subject, validDays = 365, notBefore = new Date() } = params;
  // An SM2 CA (the gm profile's demo CA) issues through issuer.ts: WebCrypto cannot sign with SM2.
  if (keyAlgorithm(caKeyPem) === 'sm2') {
    const name: x509.JsonName = [{ CN: [subject.commonName] }];
    if (subject.serialNumber) name.push({ '2.5.4.5': [subject.serialNumber] });
    if (subject.organization) name.push({ O: [subject.organization] });
    const issued = issueCertificate({ subject: name, issuer: { certPem: caCertPem, keyPem: caKeyPem }, notBefore, validDays });
    return { certPem: issued.certPem, keyPem: issued.keyPem, fingerprint256: issued.fingerprint256 };
  }
  const caCert = new x509.X509Certificate(caCertPem);
  // Only ECDSA CAs are supported here; the curve is taken from the CA certificate.
  const caAlg = caCert.publicKey.algorithm as wc.EcKeyImportParams;
  if (caAlg.name !== 'ECDSA') throw new Error('issueClientCertificate: CA key must be ECDSA');
  const caKey = await webcrypto.subtle.importKey('pkcs8', pemBody(caKeyPem), caAlg, false, ['sign']);
  const keys = (await webcrypto.subtle.generateKey(EC_P256, true, ['sign', 'verify'])) as wc.CryptoKeyPair;

  // JSON names avoid RFC 2253 escaping issues with real names containing commas etc.
  const name: x509.JsonName = [{ CN: [subject.commonName] }];
  if (subject.serialNumber) name.push({ '2.5.4.5': [subject.serialNumber] });
  if (subject.organization) name.push({ O: [subject.organization] });

  const cert = await x509.X509CertificateGenerator.create({
    subject: name,
    issuer: caCert.subjectName,
    publicKey: keys.publicKey,
    signingKey: caKey,
    notBefore,
    notAfter: new Date(notBefore.getTime() + validDays * DAY_MS),
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert.publicKey),
    ],
  });
  const certPem = cert.toString('pem');
  return {
    certPem,
    keyPem: await exportKeyPem(keys.privateKey),
    fingerprint256: new X509Certificate(certPem).fingerprint256,
  };
}

const USERNAME_FILE_SAFE = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

async function readIfExists(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

async function writePem(path: string, pem: string, mode: number): Promise<void> {
  await writeFile(path, pem, { mode });
  await chmod(path, mode); // mode on writeFile only applies when the file is created
}

/** The demo CA's algorithm for a cryptographic profile: SM2 under `gm`, ECDSA P-256 under `intl`. */
export function demoCertificateAlgorithm(profile: 'gm' | 'intl'): KeyAlgorithm {
  return profile === 'gm' ? 'sm2' : 'p256';
}

/** Existing person files are kept only if they still chain to the CA, match, and are in date. */
function usableFingerprint(certPem: string, keyPem: string, caCertPem: string): string | null {
  try {
    const check = createCertificateVerifier({ caCertPems: [caCertPem] }).verifyClientCertificate(certPem);
    return check.ok && new X509Certificate(certPem).checkPrivateKey(createPrivateKey(keyPem)) ? check.fingerprint256 : null;
  } catch {
    return null;
  }
}

function caUsable(certPem: string | null, keyPem: string | null, algorithm: KeyAlgorithm, issuerPem?: string): boolean {
  if (!certPem || !keyPem) return false;
  try {
    const cert = new X509Certificate(certPem);
    const now = Date.now();
    const chained = !issuerPem || cert.checkIssued(new X509Certificate(issuerPem));
    return keyAlgorithm(keyPem) === algorithm && cert.checkPrivateKey(createPrivateKey(keyPem)) && chained &&
      new Date(cert.validFrom).getTime() <= now && now <= new Date(cert.validTo).getTime();
  } catch {
    return false;
  }
}

/**
 * Creates dir/ca.{crt,key}.pem (and, for SM2, dir/intermediate.{crt,key}.pem) and
 * dir/<username>.{crt,key}.pem where missing or unusable, so repeated runs keep the same
 * certificates; a CA of the other algorithm is replaced. Returns username → fingerprint256.
 */
export async function ensureDemoCertificates(
  dir: string,
  people: DemoPerson[],
  options: { algorithm?: KeyAlgorithm } = {},
): Promise<Record<string, string>> {
  const algorithm = options.algorithm ?? 'p256';
  await mkdir(dir, { recursive: true });
  const caCrtPath = join(dir, 'ca.crt.pem');
  const caKeyPath = join(dir, 'ca.key.pem');
  let caCertPem = await readIfExists(caCrtPath);
  let caKeyPem = await readIfExists(caKeyPath);
  if (!caUsable(caCertPem, caKeyPem, algorithm)) {
    ({ certPem: caCertPem, keyPem: caKeyPem } = algorithm === 'sm2'
      ? issueCertificate({ subject: [{ CN: ['TMIS Demo Education SM2 Root CA'] }, { O: ['TMIS Demo'] }, { C: ['CN'] }], ca: { pathLength: 1 }, algorithm })
      : await createDemoCa());
    await writePem(caKeyPath, caKeyPem, 0o600);
    await writePem(caCrtPath, caCertPem, 0o644);
  }
  let issuer = { certPem: caCertPem!, keyPem: caKeyPem! };
  if (algorithm === 'sm2') {
    const crtPath = join(dir, 'intermediate.crt.pem');
    const keyPath = join(dir, 'intermediate.key.pem');
    let certPem = await readIfExists(crtPath);
    let keyPem = await readIfExists(keyPath);
    if (!caUsable(certPem, keyPem, algorithm, caCertPem!)) {
      ({ certPem, keyPem } = issueCertificate({ subject: [{ CN: ['TMIS Demo Education SM2 Issuing CA'] }, { O: ['TMIS Demo'] }, { C: ['CN'] }], ca: { pathLength: 0 }, issuer, validDays: 1825 }));
      await writePem(keyPath, keyPem, 0o600);
      await writePem(crtPath, certPem, 0o644);
    }
    issuer = { certPem: certPem!, keyPem: keyPem! };
  }

  const fingerprints: Record<string, string> = {};
  for (const person of people) {
    if (!USERNAME_FILE_SAFE.test(person.username)) {
      throw new Error(`ensureDemoCertificates: username not usable as a file name: ${person.username}`);
    }
    const crtPath = join(dir, `${person.username}.crt.pem`);
    const keyPath = join(dir, `${person.username}.key.pem`);
    const [certPem, keyPem] = [await readIfExists(crtPath), await readIfExists(keyPath)];
    const existing = certPem && keyPem ? usableFingerprint(certPem, keyPem, caCertPem!) : null;
    if (existing) {
      fingerprints[person.username] = existing;
      continue;
    }
    const subject = { commonName: person.realName, serialNumber: person.username, organization: person.unitName };
    const issued = algorithm === 'sm2'
      ? sm2Person(issuer, subject)
      : await issueClientCertificate({ caCertPem: caCertPem!, caKeyPem: caKeyPem!, subject });
    await writePem(keyPath, issued.keyPem, 0o600);
    await writePem(crtPath, issued.certPem, 0o644);
    fingerprints[person.username] = issued.fingerprint256;
  }
  return fingerprints;
}

/** An SM2 person certificate; its file holds the intermediate CA after it, as USB-key middleware exports the chain. */
function sm2Person(issuer: { certPem: string; keyPem: string }, subject: ClientSubject): IssuedClientCertificate {
  const name: x509.JsonName = [{ CN: [subject.commonName] }];
  if (subject.serialNumber) name.push({ '2.5.4.5': [subject.serialNumber] });
  if (subject.organization) name.push({ O: [subject.organization] });
  const issued = issueCertificate({ subject: name, issuer });
  return { certPem: `${issued.certPem.trim()}\n${issuer.certPem.trim()}\n`, keyPem: issued.keyPem, fingerprint256: issued.fingerprint256 };
}
