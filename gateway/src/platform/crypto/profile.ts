import { createHash, createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, getCiphers, getHashes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { sm2 } from 'sm-crypto-v2';

/**
 * The cryptographic profile of a deployment (TMIS_CRYPTO, docs/security.md "Cryptographic
 * profile"): `gm` uses the national algorithms (SM3 hashes and HMACs, SM4-GCM field encryption,
 * SM2 signatures), `intl` the international ones (SHA-256, AES-256-GCM, ECDSA P-256).
 * SM3 and SM4 come from Node's own OpenSSL; SM2 signatures from sm-crypto-v2, because OpenSSL as
 * Node exposes it signs an SM2-curve key with plain ECDSA (no Z value, no SM2 equation).
 * This module is the one place other code (the audit chain, sync signatures) takes them from.
 */
export type CryptoProfileName = 'gm' | 'intl';
export const CRYPTO_PROFILES: readonly CryptoProfileName[] = ['gm', 'intl'];

export interface CryptoProfile {
  name: CryptoProfileName;
  /** Node digest name of the profile's hash ('sm3' | 'sha256'), for HKDF and HMAC. */
  digest: 'sm3' | 'sha256';
  hash(data: Buffer | string): Buffer;
  /** HMAC-SM3 or HMAC-SHA256: 32 bytes. */
  hmac(key: Buffer, data: Buffer | string): Buffer;
  /** A signing key pair of the profile's algorithm (SM2 or P-256), as Node key objects. */
  generateSigningKeyPair(): { publicKey: KeyObject; privateKey: KeyObject };
  /** SM2-with-SM3 (default user id) or ECDSA P-256 with SHA-256; a DER-encoded signature. */
  sign(privateKey: KeyObject, data: Buffer | string): Buffer;
  /** Verifies a DER signature; in `gm` also a 64-byte r‖s one (what many USB keys return). */
  verify(publicKey: KeyObject, data: Buffer | string, signature: Buffer): boolean;
}

/** GB/T 35276 default signer identity when none is agreed: "1234567812345678". */
export const SM2_DEFAULT_USER_ID = '1234567812345678';

const bytes = (data: Buffer | string): Buffer => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

// SubjectPublicKeyInfo of an SM2 public key up to the 65-byte uncompressed point: id-ecPublicKey
// with the named curve 1.2.156.10197.1.301 (sm2p256v1).
const SM2_SPKI_PREFIX = Buffer.from('3059301306072a8648ce3d020106082a811ccf5501822d034200', 'hex');
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * Node names a generated SM2-curve key 'ec' with curve 'SM2', but one read from PEM/DER (which
 * OpenSSL 3 loads as an SM2 key) has no type name: the curve OID in its SubjectPublicKeyInfo decides.
 */
function assertSm2Key(key: KeyObject): void {
  let spki: Buffer | undefined;
  try {
    spki = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  } catch {
    spki = undefined;
  }
  if (!spki || !spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX)) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    throw new Error(`an SM2 key is needed (got ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''})`);
  }
}

/** The uncompressed public point (04‖x‖y) as hex, the form sm-crypto-v2 takes. */
export function sm2PublicKeyHex(key: KeyObject): string {
  assertSm2Key(key);
  const spki = (key.type === 'private' ? createPublicKey(key) : key).export({ format: 'der', type: 'spki' });
  if (!spki.subarray(0, SM2_SPKI_PREFIX.length).equals(SM2_SPKI_PREFIX) || spki.length !== SM2_SPKI_PREFIX.length + 65) {
    throw new Error('not an uncompressed SM2 public key');
  }
  return spki.subarray(SM2_SPKI_PREFIX.length).toString('hex');
}

/** The private scalar d as 64 hex digits: the ECPrivateKey (version 1, a 32-byte octet string) inside PKCS #8. */
export function sm2PrivateKeyHex(key: KeyObject): string {
  assertSm2Key(key);
  // PKCS #8, not SEC 1: OpenSSL will not write an SM2-typed key (one read from a file) as SEC 1.
  const der = key.export({ format: 'der', type: 'pkcs8' });
  const at = der.indexOf(Buffer.from('0201010420', 'hex'));
  if (at < 0 || der.length < at + 37) throw new Error('unexpected SM2 private key encoding');
  return der.subarray(at + 5, at + 37).toString('hex');
}

/** A Node key object for a raw SM2 public point (04‖x‖y hex), e.g. from a standard's example. */
export function sm2PublicKeyFromHex(pointHex: string): KeyObject {
  const point = Buffer.from(pointHex, 'hex');
  if (point.length !== 65 || point[0] !== 4) throw new Error('an uncompressed SM2 point is 65 bytes starting with 04');
  return createPublicKey({ key: Buffer.concat([SM2_SPKI_PREFIX, point]), format: 'der', type: 'spki' });
}

/** A Node key object for a raw SM2 private scalar (64 hex digits). */
export function sm2PrivateKeyFromHex(dHex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(dHex)) throw new Error('an SM2 private key is 32 bytes (64 hex digits)');
  const pub = Buffer.from(sm2.getPublicKeyFromPrivateKey(dHex.toLowerCase()), 'hex');
  // ECPrivateKey { 1, d, [0] curve, [1] public point }
  const body = Buffer.concat([
    Buffer.from('020101', 'hex'), Buffer.from('0420', 'hex'), Buffer.from(dHex, 'hex'),
    Buffer.from([0xa0, SM2_CURVE_OID.length]), SM2_CURVE_OID,
    Buffer.from([0xa1, pub.length + 3, 0x03, pub.length + 1, 0x00]), pub,
  ]);
  return createPrivateKey({ key: Buffer.concat([Buffer.from([0x30, body.length]), body]), format: 'der', type: 'sec1' });
}

/**
 * SM2 signature (GB/T 32918.2) over SM3(Z_A ‖ M). `k` fixes the per-signature random number, only
 * for reproducing a standard's worked example; real signatures always draw a fresh one.
 */
export function sm2Sign(dHex: string, data: Buffer | string, opts: { userId?: string; k?: string; der?: boolean } = {}): Buffer {
  const publicKey = sm2.getPublicKeyFromPrivateKey(dHex.toLowerCase());
  const pointPool = opts.k
    ? [{ k: BigInt('0x' + opts.k), x1: BigInt('0x' + sm2.getPublicKeyFromPrivateKey(opts.k.toLowerCase()).slice(2, 66)) }]
    : undefined;
  const sig = sm2.doSignature(new Uint8Array(bytes(data)), dHex.toLowerCase(), {
    hash: true, der: opts.der ?? true, publicKey, userId: opts.userId ?? SM2_DEFAULT_USER_ID, pointPool,
  });
  return Buffer.from(sig, 'hex');
}

/** Verifies an SM2 signature, DER or 64-byte r‖s; false (never a throw) for malformed input. */
export function sm2Verify(pointHex: string, data: Buffer | string, signature: Buffer, opts: { userId?: string } = {}): boolean {
  try {
    const raw = signature.length === 64;
    return sm2.doVerifySignature(new Uint8Array(bytes(data)), signature.toString('hex'), pointHex.toLowerCase(), {
      hash: true, der: !raw, userId: opts.userId ?? SM2_DEFAULT_USER_ID,
    });
  } catch {
    return false;
  }
}

const gm: CryptoProfile = {
  name: 'gm',
  digest: 'sm3',
  hash: (data) => createHash('sm3').update(bytes(data)).digest(),
  hmac: (key, data) => createHmac('sm3', key).update(bytes(data)).digest(),
  generateSigningKeyPair: () => generateKeyPairSync('ec', { namedCurve: 'SM2' }),
  sign: (privateKey, data) => sm2Sign(sm2PrivateKeyHex(privateKey), data),
  verify(publicKey, data, signature) {
    assertSm2Key(publicKey);
    return sm2Verify(sm2PublicKeyHex(publicKey), data, signature);
  },
};

const intl: CryptoProfile = {
  name: 'intl',
  digest: 'sha256',
  hash: (data) => createHash('sha256').update(bytes(data)).digest(),
  hmac: (key, data) => createHmac('sha256', key).update(bytes(data)).digest(),
  generateSigningKeyPair: () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' }),
  sign: (privateKey, data) => nodeSign('sha256', bytes(data), privateKey),
  verify(publicKey, data, signature) {
    try {
      return nodeVerify('sha256', bytes(data), publicKey, signature);
    } catch {
      return false;
    }
  },
};

/** What the `gm` profile needs from Node's OpenSSL; a build without them cannot run it. */
export function missingGmPrimitives(): string[] {
  const missing: string[] = [];
  if (!getHashes().includes('sm3')) missing.push('sm3');
  if (!getCiphers().includes('sm4-gcm')) missing.push('sm4-gcm');
  return missing;
}

export function cryptoProfile(name: CryptoProfileName): CryptoProfile {
  if (name === 'gm') {
    const missing = missingGmPrimitives();
    if (missing.length) throw new Error(`this Node build's OpenSSL lacks ${missing.join(', ')}: the gm profile cannot run (use the Node 24 the project pins)`);
    return gm;
  }
  return intl;
}

/** The signature algorithm names that travel with a signature (sync headers, checkpoint lines). */
export type SignatureAlg = 'sm2-sm3' | 'ecdsa-p256-sha256';
export const SIGNATURE_ALG: Record<CryptoProfileName, SignatureAlg> = { gm: 'sm2-sm3', intl: 'ecdsa-p256-sha256' };
export const SIGNATURE_ALGS: readonly SignatureAlg[] = ['sm2-sm3', 'ecdsa-p256-sha256'];
/** The profile that signs with `alg` (the inverse of SIGNATURE_ALG). */
export const profileOfSignatureAlg = (alg: SignatureAlg): CryptoProfileName => (CRYPTO_PROFILES.find((p) => SIGNATURE_ALG[p] === alg))!;

/**
 * The profile whose `sign`/`verify` a key belongs to: an SM2 key is `gm`, a P-256 key `intl`.
 * The key, not the configured profile, decides how a signature is checked, so a receiver can
 * still verify a sender that signs under the other profile. Any other key type throws.
 */
export function signingProfileOf(key: KeyObject): CryptoProfileName {
  try {
    assertSm2Key(key);
    return 'gm';
  } catch {
    if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'intl';
    const curve = key.asymmetricKeyDetails?.namedCurve;
    throw new Error(`an SM2 or ECDSA P-256 key is needed (got ${key.asymmetricKeyType ?? 'unknown'}${curve ? ` ${curve}` : ''})`);
  }
}
