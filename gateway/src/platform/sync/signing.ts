import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual, type CipherGCMTypes, type KeyObject } from 'node:crypto';
import { cryptoProfile, profileOfSignatureAlg, SIGNATURE_ALG, SIGNATURE_ALGS, signingProfileOf, type CryptoProfileName, type SignatureAlg } from '../crypto/profile.js';

/**
 * Message authentication between a province and the national system (docs/security.md,
 * "Cryptographic profile"). Two ways over one signing input (province, timestamp, nonce, hash of
 * the body):
 * - a signature by the province's own key pair (issue 15.1): SM2 with SM3 (`sm2-sm3`, body hash
 *   SM3) or ECDSA P-256 (`ecdsa-p256-sha256`, body hash SHA-256), named in the algorithm header;
 *   the national side verifies it with the public key it registered for the province, so it
 *   cannot forge the province's messages;
 * - HMAC-SHA256 under the province's shared key (the first release's way), accepted only from a
 *   province without a registered public key (migration). A signing province sends both, so a
 *   national system that does not know its key yet still accepts it.
 * The receiver checks the clock window and refuses a nonce it has seen (replay).
 */
export const SYNC_HEADERS = {
  province: 'x-tmis-province', timestamp: 'x-tmis-timestamp', nonce: 'x-tmis-nonce',
  /** HMAC-SHA256 (hex) under the shared key. */
  signature: 'x-tmis-signature',
  /** `sm2-sm3` | `ecdsa-p256-sha256`: the algorithm of `keySignature`. */
  algorithm: 'x-tmis-signature-alg',
  /** The province key's signature (DER, base64). */
  keySignature: 'x-tmis-key-signature',
} as const;
export const MAX_SKEW_MS = 5 * 60_000;

/** How a request was authenticated, for the log and tests. */
export type SyncAuth = SignatureAlg | 'hmac-sha256';

const macKey = (key: Buffer): Buffer => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tmis/sync/mac/v1', 32));

function signingInput(province: string, timestamp: string, nonce: string, bodyHash: Buffer): string {
  return `${province}\n${timestamp}\n${nonce}\n${bodyHash.toString('hex')}`;
}

const hmacOf = (key: Buffer, province: string, timestamp: string, nonce: string, body: string): Buffer =>
  createHmac('sha256', macKey(key)).update(signingInput(province, timestamp, nonce, createHash('sha256').update(body).digest())).digest();

/** The input a key signature covers: the body hashed by the signing key's profile (SM3 for SM2). */
function keySigningInput(profile: CryptoProfileName, province: string, timestamp: string, nonce: string, body: string): string {
  return signingInput(province, timestamp, nonce, cryptoProfile(profile).hash(body));
}

/**
 * Headers of a request: the HMAC under the shared key always (older national systems check only
 * that), and with `signingKey` (TMIS_SYNC_SIGNING_KEY) the key signature and its algorithm.
 */
export function signRequest(key: Buffer, province: string, body: string, now = Date.now(), signingKey?: KeyObject): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('hex');
  const headers: Record<string, string> = {
    [SYNC_HEADERS.province]: province, [SYNC_HEADERS.timestamp]: timestamp, [SYNC_HEADERS.nonce]: nonce,
    [SYNC_HEADERS.signature]: hmacOf(key, province, timestamp, nonce, body).toString('hex'),
  };
  if (signingKey) {
    const profile = signingProfileOf(signingKey);
    headers[SYNC_HEADERS.algorithm] = SIGNATURE_ALG[profile];
    headers[SYNC_HEADERS.keySignature] = cryptoProfile(profile).sign(signingKey, keySigningInput(profile, province, timestamp, nonce, body)).toString('base64');
  }
  return headers;
}

export type VerifyResult = { ok: true; province: string; nonce: string; auth: SyncAuth } | { ok: false; code: 'SYNC_UNAUTHENTICATED' | 'SYNC_CLOCK_SKEW' };

/**
 * Checks authentication and clock window; the caller checks the nonce against those already seen.
 * `publicKeys`: the registered public keys by province (TMIS_SYNC_PUBLIC_KEYS; several during a
 * rotation). A province with one must send a key signature that one of them verifies; its HMAC
 * alone is refused. A province without one is checked by HMAC under its shared key.
 */
export function verifyRequest(keys: Map<string, Buffer>, headers: Record<string, string | undefined>, body: string, now = Date.now(),
  publicKeys: ReadonlyMap<string, readonly KeyObject[]> = new Map()): VerifyResult {
  const province = headers[SYNC_HEADERS.province] ?? '';
  const timestamp = headers[SYNC_HEADERS.timestamp] ?? '';
  const nonce = headers[SYNC_HEADERS.nonce] ?? '';
  const refused = { ok: false, code: 'SYNC_UNAUTHENTICATED' } as const;
  if (!/^\d{13}$/.test(timestamp) || !/^[0-9a-f]{32}$/.test(nonce)) return refused;
  const registered = publicKeys.get(province) ?? [];
  let auth: SyncAuth;
  if (registered.length) {
    const alg = headers[SYNC_HEADERS.algorithm] ?? '';
    const sig = headers[SYNC_HEADERS.keySignature] ?? '';
    if (!(SIGNATURE_ALGS as readonly string[]).includes(alg) || !/^[A-Za-z0-9+/]{40,200}={0,2}$/.test(sig)) return refused;
    const profile = profileOfSignatureAlg(alg as SignatureAlg);
    const input = keySigningInput(profile, province, timestamp, nonce, body);
    const signature = Buffer.from(sig, 'base64');
    // Only a key of the named algorithm is tried: the header cannot switch a province to another one.
    const verified = registered.some((pub) => signingProfileOf(pub) === profile && cryptoProfile(profile).verify(pub, input, signature));
    if (!verified) return refused;
    auth = alg as SignatureAlg;
  } else {
    const key = keys.get(province);
    const signature = headers[SYNC_HEADERS.signature] ?? '';
    if (!key || !/^[0-9a-f]{64}$/.test(signature)) return refused;
    if (!timingSafeEqual(hmacOf(key, province, timestamp, nonce, body), Buffer.from(signature, 'hex'))) return refused;
    auth = 'hmac-sha256';
  }
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_MS) return { ok: false, code: 'SYNC_CLOCK_SKEW' };
  return { ok: true, province, nonce, auth };
}

/**
 * Document numbers travel sealed under a key derived from the shared key, never in clear:
 * `intl` AES-256-GCM in the first release's format (iv ‖ tag ‖ ciphertext, no version byte, so
 * a national system of that release still opens it), `gm` SM4-GCM as version byte 2 ‖ iv ‖ tag ‖
 * ciphertext. `openValue` opens both whatever the receiver's own profile.
 */
const SM4_SEAL = 2;
const aesSealKey = (key: Buffer): Buffer => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tmis/sync/seal/v1', 32));
const sm4SealKey = (key: Buffer): Buffer => Buffer.from(hkdfSync('sm3', key, Buffer.alloc(0), 'tmis/gm/sync/seal/v1', 16));

export function sealValue(key: Buffer, plain: string, profile: CryptoProfileName): string {
  const iv = randomBytes(12);
  const gm = profile === 'gm';
  const c = createCipheriv((gm ? 'sm4-gcm' : 'aes-256-gcm') as CipherGCMTypes, gm ? sm4SealKey(key) : aesSealKey(key), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([...(gm ? [Buffer.from([SM4_SEAL])] : []), iv, c.getAuthTag(), body]).toString('base64');
}

function open(cipher: 'sm4-gcm' | 'aes-256-gcm', key: Buffer, raw: Buffer): string {
  const d = createDecipheriv(cipher as CipherGCMTypes, key, raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

export function openValue(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  if (raw.length < 28) throw new Error('sealed value too short');
  if (raw[0] === SM4_SEAL && raw.length >= 29) {
    try {
      return open('sm4-gcm', sm4SealKey(key), raw.subarray(1));
    } catch {
      // An AES value whose random iv starts with 02 (1 in 256): the GCM tag decides below.
    }
  }
  return open('aes-256-gcm', aesSealKey(key), raw);
}

/**
 * The national comparison hash of a document: the same in every province (each province's own
 * blind index is keyed differently), so the national registry compares persons without numbers.
 */
export function comparisonHash(registryKey: Buffer, idType: string, normalizedNumber: string): Buffer {
  const k = Buffer.from(hkdfSync('sha256', registryKey, Buffer.alloc(0), 'tmis/registry/compare/v1', 32));
  return createHmac('sha256', k).update(`doc:${idType}`).update('\u0000').update(normalizedNumber).digest();
}
