// Checks a presented client certificate against the configured CA(s) — the whole path through
// intermediate CAs, SM2-with-SM3 or ECDSA/RSA — checks CRLs an operator loads, and verifies
// challenge signatures made with the certificate's key (SM2, ECDSA or RSA). Node's
// X509Certificate parses and reads validity and EKU; signatures go through signed-data.ts
// (Node cannot verify SM2 ones); @peculiar/x509 reads keyUsage, basicConstraints and CRLs.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, verify as cryptoVerify, type KeyObject } from 'node:crypto';
import { sm2PublicKeyHex, sm2Verify } from '../../crypto/profile.js';
import { SIG_NAMES, certificateParts, crlParts, isSm2PublicKey, signedBy, verifySignedData, type SignedParts } from './signed-data.js';

export type CertificateErrorCode =
  | 'CERT_INVALID'
  | 'CERT_UNTRUSTED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_USAGE';

export type CertificateCheck =
  | {
      ok: true;
      /** SHA-256 of the DER, uppercase hex with colons, e.g. "AB:01:…" (node's format). */
      fingerprint256: string;
      /** Certificate serial number, uppercase hex (node's format). */
      serialNumber: string;
      /** Subject DN as node prints it: one "attr=value" per line, e.g. "CN=刘小杰\nserialNumber=…". */
      subject: string;
      notAfter: Date;
      /** 'SM2-with-SM3', 'ECDSA-with-SHA256', …: how the CA signed it. */
      signatureAlgorithm: string;
      /** The certificate and its intermediates (not the anchor), each with the CA that signed it. */
      chain: ChainLink[];
    }
  | { ok: false; code: CertificateErrorCode };

export interface CertificateVerifier {
  /** `certPem`: the certificate, optionally followed by its intermediate CAs. */
  verifyClientCertificate(certPem: string, now?: Date): CertificateCheck;
  /**
   * A CRL (PEM) signed by a configured CA, or by an intermediate CA whose certificate follows the
   * CRL in the same text and chains to an anchor; with its revoked serial numbers.
   */
  verifyCrl(crlPem: string, now?: Date): CrlCheckOk | { ok: false; code: CrlErrorCode };
}

// Bounds so hostile input cannot make us parse megabytes.
const MAX_CERT_PEM = 16 * 1024;
const MAX_SIGNATURE_B64 = 2048;
const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_ANY = '2.5.29.37.0';

function parseCert(pem: string): X509Certificate | null {
  if (typeof pem !== 'string' || pem.length > MAX_CERT_PEM) return null;
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

function validAt(cert: X509Certificate, now: Date): 'ok' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' {
  if (now.getTime() < new Date(cert.validFrom).getTime()) return 'CERT_NOT_YET_VALID';
  if (now.getTime() > new Date(cert.validTo).getTime()) return 'CERT_EXPIRED';
  return 'ok';
}

/** A login certificate must be an end-entity cert allowed to sign (keyUsage/EKU when present). */
function usableForClientAuth(cert: X509Certificate): boolean {
  if (cert.ca) return false;
  const eku = cert.keyUsage; // node 20 names the extended key usage OIDs "keyUsage"
  if (eku && !eku.includes(EKU_CLIENT_AUTH) && !eku.includes(EKU_ANY)) return false;
  try {
    const ku = new x509.X509Certificate(cert.raw).getExtension(x509.KeyUsagesExtension);
    return !ku || (ku.usages & x509.KeyUsageFlags.digitalSignature) !== 0;
  } catch {
    return false;
  }
}

/** One certificate of a validated path below its trust anchor, for the revocation check. */
export interface ChainLink {
  /** Serial number, uppercase hex without leading zeros (normalizeSerial). */
  serialNumber: string;
  /** fingerprint256 of the CA certificate that signed it (the CRL's issuer). */
  issuerFingerprint256: string;
}

export interface CrlCheckOk {
  ok: true;
  issuerFingerprint256: string;
  issuerSubject: string;
  thisUpdate: Date;
  nextUpdate: Date | null;
  crlNumber: string | null;
  revokedSerials: string[];
  signatureAlgorithm: string;
  der: Buffer;
}
export type CrlErrorCode = 'CRL_INVALID' | 'CRL_UNTRUSTED' | 'CRL_NOT_YET_VALID';

const MAX_CHAIN = 6;
const MAX_PRESENTED = 5;
const MAX_CRL_PEM = 4 * 1024 * 1024;
const PEM_CERT = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g;
const PEM_CRL = /-----BEGIN X509 CRL-----[\s\S]*?-----END X509 CRL-----/;

/** Serial numbers compare as uppercase hex without leading zeros (CRLs and Node print them differently). */
export function normalizeSerial(hex: string): string {
  return hex.toUpperCase().replace(/^0+(?=.)/, '');
}

function certificatesIn(text: string): X509Certificate[] | null {
  const blocks = typeof text === 'string' && text.length <= MAX_CERT_PEM ? text.match(PEM_CERT) ?? [] : [];
  if (blocks.length === 0 || blocks.length > MAX_PRESENTED) return null;
  const certs = blocks.map(parseCert);
  return certs.every(Boolean) ? (certs as X509Certificate[]) : null;
}

function selfIssued(c: X509Certificate): boolean {
  return c.subject === c.issuer && signedBy(c.raw, c.publicKey);
}

/** A CA certificate may sign certificates below it: cA, keyCertSign (when keyUsage is present), in date. */
function caUsable(c: X509Certificate, now: Date): boolean {
  if (!c.ca || validAt(c, now) !== 'ok') return false;
  try {
    const ku = new x509.X509Certificate(c.raw).getExtension(x509.KeyUsagesExtension);
    return !ku || (ku.usages & x509.KeyUsageFlags.keyCertSign) !== 0;
  } catch {
    return false;
  }
}

function pathLength(c: X509Certificate): number | undefined {
  try {
    return new x509.X509Certificate(c.raw).getExtension(x509.BasicConstraintsExtension)?.pathLength;
  } catch {
    return undefined;
  }
}

/** `issuer` really issued `cert`: names (and key ids) match and the signature verifies, SM2 or not. */
function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && signedBy(cert.raw, issuer.publicKey);
  } catch {
    return false;
  }
}

/**
 * Trust is configured as CA certificates (TMIS_CA_CERTS): the self-signed ones are the anchors
 * (the education CA's root), the others intermediates that must chain to an anchor themselves.
 * A client may present its own intermediates after its certificate in the same PEM.
 */
export function createCertificateVerifier(options: { caCertPems: string[] }): CertificateVerifier {
  const configured = options.caCertPems.flatMap((pem) => {
    const certs = (pem.match(PEM_CERT) ?? []).map(parseCert);
    if (certs.length === 0 || certs.some((c) => !c)) throw new Error('createCertificateVerifier: a configured CA certificate does not parse');
    return certs as X509Certificate[];
  });
  const anchors = configured.filter(selfIssued);
  const intermediates = configured.filter((c) => !anchors.includes(c));

  /** The path leaf → … → anchor, checked link by link, or null when none exists at `now`. */
  function buildPath(leaf: X509Certificate, presented: X509Certificate[], now: Date): X509Certificate[] | null {
    const pool = [...presented, ...intermediates];
    const path = [leaf];
    while (path.length <= MAX_CHAIN) {
      const current = path[path.length - 1]!;
      const anchor = anchors.find((a) => caUsable(a, now) && issuedBy(current, a));
      if (anchor) return withinPathLengths([...path, anchor]) ? [...path, anchor] : null;
      const next = pool.find((c) => !path.includes(c) && caUsable(c, now) && issuedBy(current, c));
      if (!next) return null;
      path.push(next);
    }
    return null;
  }

  /** basicConstraints pathLenConstraint: how many CAs may follow below each CA in the path. */
  function withinPathLengths(path: X509Certificate[]): boolean {
    return path.every((c, i) => {
      if (i === 0) return true;
      const limit = pathLength(c);
      return limit === undefined || i - 1 <= limit;
    });
  }

  return {
    verifyClientCertificate(certPem, now = new Date()) {
      const certs = certificatesIn(certPem);
      if (!certs) return { ok: false, code: 'CERT_INVALID' };
      const [cert, ...presented] = certs as [X509Certificate, ...X509Certificate[]];
      // Name match alone is forgeable; every link's signature proves its CA really issued it.
      const path = buildPath(cert, presented, now);
      if (!path) return { ok: false, code: 'CERT_UNTRUSTED' };
      const validity = validAt(cert, now);
      if (validity !== 'ok') return { ok: false, code: validity };
      if (!usableForClientAuth(cert)) return { ok: false, code: 'CERT_USAGE' };
      return {
        ok: true,
        fingerprint256: cert.fingerprint256,
        serialNumber: cert.serialNumber,
        subject: cert.subject,
        notAfter: new Date(cert.validTo),
        signatureAlgorithm: SIG_NAMES[certificateParts(cert.raw).algorithmOid] ?? 'unknown',
        chain: path.slice(0, -1).map((c, i) => ({ serialNumber: normalizeSerial(c.serialNumber), issuerFingerprint256: path[i + 1]!.fingerprint256 })),
      };
    },

    verifyCrl(crlPem, now = new Date()) {
      if (typeof crlPem !== 'string' || crlPem.length > MAX_CRL_PEM) return { ok: false, code: 'CRL_INVALID' };
      const block = crlPem.match(PEM_CRL);
      let crl: x509.X509Crl;
      try {
        crl = new x509.X509Crl(block ? block[0] : crlPem.trim());
      } catch {
        return { ok: false, code: 'CRL_INVALID' };
      }
      // An intermediate CA's CRL may come with that CA's certificate, which must chain to an anchor.
      const presented = (crlPem.match(PEM_CERT) ?? []).slice(0, MAX_PRESENTED).map(parseCert).filter((c): c is X509Certificate => c !== null);
      const issuers = [...configured, ...presented.filter((c) => c.ca && buildPath(c, presented, now) !== null)];
      let parts: SignedParts;
      try {
        parts = crlParts(Buffer.from(crl.rawData));
      } catch {
        return { ok: false, code: 'CRL_INVALID' };
      }
      const { signed, signature: sig, algorithmOid: alg } = parts;
      // The CRL's issuer is a configured CA (anchor or intermediate) whose key signed it.
      const byName = issuers.filter((c) => sameName(c, crl));
      const signer = byName.find((c) => crlSigner(c) && verifySignedData(signed, alg, sig, c.publicKey));
      if (!signer) return { ok: false, code: 'CRL_UNTRUSTED' };
      if (crl.thisUpdate.getTime() > now.getTime() + 5 * 60_000) return { ok: false, code: 'CRL_NOT_YET_VALID' };
      const number = crl.getExtension<x509.Extension>('2.5.29.20');
      return {
        ok: true,
        issuerFingerprint256: signer.fingerprint256,
        issuerSubject: signer.subject,
        thisUpdate: crl.thisUpdate,
        nextUpdate: crl.nextUpdate ?? null,
        crlNumber: number ? crlNumberOf(number) : null,
        revokedSerials: crl.entries.map((e) => normalizeSerial(e.serialNumber)),
        signatureAlgorithm: SIG_NAMES[alg] ?? alg,
        der: Buffer.from(crl.rawData),
      };
    },
  };
}

function sameName(c: X509Certificate, crl: x509.X509Crl): boolean {
  try {
    return Buffer.from(new x509.X509Certificate(c.raw).subjectName.toArrayBuffer()).equals(Buffer.from(crl.issuerName.toArrayBuffer()));
  } catch {
    return false;
  }
}

function crlSigner(c: X509Certificate): boolean {
  try {
    const ku = new x509.X509Certificate(c.raw).getExtension(x509.KeyUsagesExtension);
    return c.ca && (!ku || (ku.usages & x509.KeyUsageFlags.cRLSign) !== 0);
  } catch {
    return false;
  }
}

/** The CRL number extension's INTEGER as a decimal string (it may exceed 2^53). */
function crlNumberOf(ext: x509.Extension): string | null {
  const v = Buffer.from(ext.value);
  if (v[0] !== 0x02 || v.length < 3 || v[1]! > 20) return null;
  return BigInt('0x' + v.subarray(2, 2 + v[1]!).toString('hex')).toString();
}

const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

function tryVerify(data: Buffer, key: KeyObject, sig: Buffer, dsaEncoding?: 'der' | 'ieee-p1363'): boolean {
  try {
    return cryptoVerify('sha256', data, dsaEncoding ? { key, dsaEncoding } : key, sig);
  } catch {
    return false;
  }
}

/**
 * Verifies a signature over the UTF-8 bytes of `data` with the (first) certificate's public key:
 * SM2 with SM3 and the default user id 1234567812345678, as DER or 64-byte r||s (what USB keys
 * return); ECDSA P-256/P-384 + SHA-256 as IEEE-P1363 (r||s, browser WebCrypto) or DER; or
 * RSA PKCS#1 v1.5 + SHA-256. Returns false on any malformed input; never throws.
 */
export function verifyChallengeSignature(params: {
  certPem: string;
  data: string;
  signatureBase64: string;
}): boolean {
  const { certPem, data, signatureBase64 } = params ?? ({} as typeof params);
  if (typeof data !== 'string' || typeof signatureBase64 !== 'string') return false;
  if (signatureBase64.length === 0 || signatureBase64.length > MAX_SIGNATURE_B64) return false;
  if (!BASE64.test(signatureBase64)) return false;
  const cert = certificatesIn(certPem)?.[0];
  if (!cert) return false;
  const key = cert.publicKey;
  const sig = Buffer.from(signatureBase64, 'base64');
  const bytes = Buffer.from(data, 'utf8');
  if (isSm2PublicKey(key)) return sm2Verify(sm2PublicKeyHex(key), bytes, sig);
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    if (curve !== 'prime256v1' && curve !== 'secp384r1') return false;
    return tryVerify(bytes, key, sig, 'ieee-p1363') || tryVerify(bytes, key, sig, 'der');
  }
  if (key.asymmetricKeyType === 'rsa') return tryVerify(bytes, key, sig);
  return false;
}

/**
 * Canonical fingerprint form used everywhere here (and to store on the account): uppercase hex
 * pairs joined by colons. Accepts any case, with or without ':' / spaces; null if not SHA-256.
 */
export function normalizeFingerprint256(input: string): string | null {
  if (typeof input !== 'string') return null;
  const hex = input.replace(/[\s:]/g, '').toUpperCase();
  if (!/^[0-9A-F]{64}$/.test(hex)) return null;
  return hex.match(/../g)!.join(':');
}
