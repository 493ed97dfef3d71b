import { randomBytes } from 'node:crypto';

/**
 * UUIDv7: time-ordered, so primary-key indexes stay compact and rows keep a stable global id
 * that survives the national⇄province exchange.
 */
export function uuidv7(now = Date.now()): string {
  const b = randomBytes(16);
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) b[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  b[6] = (b[6]! & 0x0f) | 0x70;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}

/** Many UUIDv7 at once (bulk imports): one call for the randomness instead of one per id. */
export function uuidv7Many(n: number, now = Date.now()): string[] {
  const all = randomBytes(16 * n);
  const ms = BigInt(now);
  const stamp = Array.from({ length: 6 }, (_, i) => Number((ms >> BigInt(8 * (5 - i))) & 0xffn));
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    const b = all.subarray(16 * k, 16 * k + 16);
    for (let i = 0; i < 6; i++) b[i] = stamp[i]!;
    b[6] = (b[6]! & 0x0f) | 0x70;
    b[8] = (b[8]! & 0x3f) | 0x80;
    const h = b.toString('hex');
    out.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return out;
}
