import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Message authentication between a province and the national system: HMAC-SHA256 with the
 * province's shared key over (province, timestamp, nonce, SHA-256 of the body). The receiver
 * checks the clock window and refuses a nonce it has seen (replay).
 */
export const SYNC_HEADERS = { province: 'x-tmis-province', timestamp: 'x-tmis-timestamp', nonce: 'x-tmis-nonce', signature: 'x-tmis-signature' } as const;
export const MAX_SKEW_MS = 5 * 60_000;

const macKey = (key: Buffer): Buffer => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tmis/sync/mac/v1', 32));
const sealKey = (key: Buffer): Buffer => Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'tmis/sync/seal/v1', 32));

function signingInput(province: string, timestamp: string, nonce: string, body: string): string {
  return `${province}\n${timestamp}\n${nonce}\n${createHash('sha256').update(body).digest('hex')}`;
}

export function signRequest(key: Buffer, province: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const nonce = randomBytes(16).toString('hex');
  const signature = createHmac('sha256', macKey(key)).update(signingInput(province, timestamp, nonce, body)).digest('hex');
  return { [SYNC_HEADERS.province]: province, [SYNC_HEADERS.timestamp]: timestamp, [SYNC_HEADERS.nonce]: nonce, [SYNC_HEADERS.signature]: signature };
}

export type VerifyResult = { ok: true; province: string; nonce: string } | { ok: false; code: 'SYNC_UNAUTHENTICATED' | 'SYNC_CLOCK_SKEW' };

/** Checks signature and clock window; the caller checks the nonce against those already seen. */
export function verifyRequest(keys: Map<string, Buffer>, headers: Record<string, string | undefined>, body: string, now = Date.now()): VerifyResult {
  const province = headers[SYNC_HEADERS.province] ?? '';
  const timestamp = headers[SYNC_HEADERS.timestamp] ?? '';
  const nonce = headers[SYNC_HEADERS.nonce] ?? '';
  const signature = headers[SYNC_HEADERS.signature] ?? '';
  const key = keys.get(province);
  if (!key || !/^\d{13}$/.test(timestamp) || !/^[0-9a-f]{32}$/.test(nonce) || !/^[0-9a-f]{64}$/.test(signature)) return { ok: false, code: 'SYNC_UNAUTHENTICATED' };
  const expected = createHmac('sha256', macKey(key)).update(signingInput(province, timestamp, nonce, body)).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return { ok: false, code: 'SYNC_UNAUTHENTICATED' };
  if (Math.abs(now - Number(timestamp)) > MAX_SKEW_MS) return { ok: false, code: 'SYNC_CLOCK_SKEW' };
  return { ok: true, province, nonce };
}

/** Document numbers travel sealed (AES-256-GCM under a key derived from the shared key), never in clear. */
export function sealValue(key: Buffer, plain: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', sealKey(key), iv);
  const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
}

export function openValue(key: Buffer, sealed: string): string {
  const raw = Buffer.from(sealed, 'base64');
  const d = createDecipheriv('aes-256-gcm', sealKey(key), raw.subarray(0, 12));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
}

/**
 * The national comparison hash of a document: the same in every province (each province's own
 * blind index is keyed differently), so the national registry compares persons without numbers.
 */
export function comparisonHash(registryKey: Buffer, idType: string, normalizedNumber: string): Buffer {
  const k = Buffer.from(hkdfSync('sha256', registryKey, Buffer.alloc(0), 'tmis/registry/compare/v1', 32));
  return createHmac('sha256', k).update(`doc:${idType}`).update('\u0000').update(normalizedNumber).digest();
}
