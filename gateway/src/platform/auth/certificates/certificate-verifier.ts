// Checks a presented client certificate against the configured CA(s) and verifies challenge
// signatures made with its key. Node's X509Certificate does trust, validity and EKU; the
// keyUsage bits are not exposed by node 20, so @peculiar/x509 reads that one extension.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { X509Certificate, verify as cryptoVerify, type KeyObject } from 'node:crypto';

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
    }
  | { ok: false; code: CertificateErrorCode };

export interface CertificateVerifier {
  verifyClientCertificate(certPem: string, now?: Date): CertificateCheck;
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

export function createCertificateVerifier(options: { caCertPems: string[] }): CertificateVerifier {
  const cas = options.caCertPems.map((pem) => {
    const ca = parseCert(pem);
    if (!ca) throw new Error('createCertificateVerifier: a configured CA certificate does not parse');
    return ca;
  });

  return {
    verifyClientCertificate(certPem, now = new Date()) {
      const cert = parseCert(certPem);
      if (!cert) return { ok: false, code: 'CERT_INVALID' };
      // Name match alone is forgeable; the signature check proves the CA really issued it.
      const trusted = cas.some((ca) => {
        try {
          return validAt(ca, now) === 'ok' && cert.checkIssued(ca) && cert.verify(ca.publicKey);
        } catch {
          return false;
        }
      });
      if (!trusted) return { ok: false, code: 'CERT_UNTRUSTED' };
      const validity = validAt(cert, now);
      if (validity !== 'ok') return { ok: false, code: validity };
      if (!usableForClientAuth(cert)) return { ok: false, code: 'CERT_USAGE' };
      return {
        ok: true,
        fingerprint256: cert.fingerprint256,
        serialNumber: cert.serialNumber,
        subject: cert.subject,
        notAfter: new Date(cert.validTo),
      };
    },
  };
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
 * Verifies a signature over the UTF-8 bytes of `data` with the certificate's public key:
 * ECDSA P-256/P-384 + SHA-256 as IEEE-P1363 (r||s, browser WebCrypto) or DER, or
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
  const cert = parseCert(certPem);
  if (!cert) return false;
  const key = cert.publicKey;
  const sig = Buffer.from(signatureBase64, 'base64');
  const bytes = Buffer.from(data, 'utf8');
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
