// Signatures of X.509 certificates and CRLs by algorithm. Node's X509Certificate.verify cannot
// check an SM2-with-SM3 signature (it does plain ECDSA on the SM2 curve, without the Z value of
// GB/T 32918), and Node has no CRL API at all; so the signed bytes (tbsCertificate, tbsCertList)
// are read with @peculiar/x509 and checked here: SM2 through sm-crypto-v2, the rest through Node.
import { AsnConvert } from '@peculiar/asn1-schema';
import { Certificate, CertificateList } from '@peculiar/asn1-x509';
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { sm2PublicKeyHex, sm2Verify } from '../../crypto/profile.js';

export const SIG_OID = {
  sm2WithSm3: '1.2.156.10197.1.501',
  ecdsaSha256: '1.2.840.10045.4.3.2',
  ecdsaSha384: '1.2.840.10045.4.3.3',
  rsaSha256: '1.2.840.113549.1.1.11',
  rsaSha384: '1.2.840.113549.1.1.12',
  rsaSha512: '1.2.840.113549.1.1.13',
} as const;

const NODE_HASH: Record<string, 'sha256' | 'sha384' | 'sha512'> = {
  [SIG_OID.ecdsaSha256]: 'sha256', [SIG_OID.ecdsaSha384]: 'sha384',
  [SIG_OID.rsaSha256]: 'sha256', [SIG_OID.rsaSha384]: 'sha384', [SIG_OID.rsaSha512]: 'sha512',
};

/** What people read in audit details and the portal. */
export const SIG_NAMES: Record<string, string> = {
  [SIG_OID.sm2WithSm3]: 'SM2-with-SM3', [SIG_OID.ecdsaSha256]: 'ECDSA-with-SHA256', [SIG_OID.ecdsaSha384]: 'ECDSA-with-SHA384',
  [SIG_OID.rsaSha256]: 'RSA-SHA256', [SIG_OID.rsaSha384]: 'RSA-SHA384', [SIG_OID.rsaSha512]: 'RSA-SHA512',
};

/** Whether a public key is on the SM2 curve (its SubjectPublicKeyInfo names sm2p256v1). */
export function isSm2PublicKey(key: KeyObject): boolean {
  try {
    sm2PublicKeyHex(key);
    return true;
  } catch {
    return false;
  }
}

/**
 * Verifies `signature` over `signed` with the signer's public key under the named algorithm.
 * An SM2 key only with SM2-with-SM3 (default user id), other keys only with the Node algorithms
 * above; anything else, or malformed input, is false and never a throw.
 */
export function verifySignedData(signed: Buffer, algorithmOid: string, signature: Buffer, signerKey: KeyObject): boolean {
  const sm2 = isSm2PublicKey(signerKey);
  if (algorithmOid === SIG_OID.sm2WithSm3) return sm2 && sm2Verify(sm2PublicKeyHex(signerKey), signed, signature);
  const hash = NODE_HASH[algorithmOid];
  if (!hash || sm2) return false;
  try {
    return nodeVerify(hash, signed, signerKey, signature);
  } catch {
    return false;
  }
}

export interface SignedParts {
  signed: Buffer;
  algorithmOid: string;
  signature: Buffer;
}

/** The signed bytes of a certificate exactly as issued (not re-encoded), its algorithm and signature. */
export function certificateParts(der: Buffer): SignedParts {
  const asn = AsnConvert.parse(der, Certificate);
  if (!asn.tbsCertificateRaw) throw new Error('certificate without raw tbsCertificate');
  return { signed: Buffer.from(asn.tbsCertificateRaw), algorithmOid: asn.signatureAlgorithm.algorithm, signature: Buffer.from(asn.signatureValue) };
}

/** The same for a CRL (DER). */
export function crlParts(der: Buffer): SignedParts {
  const asn = AsnConvert.parse(der, CertificateList);
  if (!asn.tbsCertListRaw) throw new Error('CRL without raw tbsCertList');
  return { signed: Buffer.from(asn.tbsCertListRaw), algorithmOid: asn.signatureAlgorithm.algorithm, signature: Buffer.from(asn.signature) };
}

/** Whether `cert` carries a valid signature of `issuer`'s key, whatever the algorithm. */
export function signedBy(certDer: Buffer, issuerKey: KeyObject): boolean {
  try {
    const parts = certificateParts(certDer);
    return verifySignedData(parts.signed, parts.algorithmOid, parts.signature, issuerKey);
  } catch {
    return false;
  }
}

/** A Node public key object from SubjectPublicKeyInfo DER. */
export function publicKeyFromSpki(spki: Buffer): KeyObject {
  return createPublicKey({ key: spki, format: 'der', type: 'spki' });
}
