import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { comparisonHash, openValue, sealValue, signRequest, SYNC_HEADERS, verifyRequest } from './signing.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const keys = new Map([['330000', keyA], ['110000', keyB]]);
const body = '{"province":"330000","items":[]}';
const now = 1_800_000_000_000;

describe('sync message authentication', () => {
  const good = signRequest(keyA, '330000', body, now);
  it.each<[string, Record<string, string>, string, number, string | null]>([
    ['a correctly signed request', good, body, now, null],
    ['within the clock window', good, body, now + 4 * 60_000, null],
    ['outside the clock window', good, body, now + 6 * 60_000, 'SYNC_CLOCK_SKEW'],
    ['a changed body', good, body.replace('[]', '[1]'), now, 'SYNC_UNAUTHENTICATED'],
    ['another province\'s name on A\'s signature', { ...good, [SYNC_HEADERS.province]: '110000' }, body, now, 'SYNC_UNAUTHENTICATED'],
    ['signed with the wrong key', signRequest(keyB, '330000', body, now), body, now, 'SYNC_UNAUTHENTICATED'],
    ['an unknown province', signRequest(keyA, '440000', body, now), body, now, 'SYNC_UNAUTHENTICATED'],
    ['a changed nonce', { ...good, [SYNC_HEADERS.nonce]: 'a'.repeat(32) }, body, now, 'SYNC_UNAUTHENTICATED'],
    ['a missing signature', { ...good, [SYNC_HEADERS.signature]: '' }, body, now, 'SYNC_UNAUTHENTICATED'],
  ])('%s', (_name, headers, b, at, code) => {
    const r = verifyRequest(keys, headers, b, at);
    if (code === null) expect(r).toEqual({ ok: true, province: '330000', nonce: headers[SYNC_HEADERS.nonce] });
    else expect(r).toEqual({ ok: false, code });
  });

  it('every request carries a fresh nonce', () => {
    expect(signRequest(keyA, '330000', body)[SYNC_HEADERS.nonce]).not.toBe(signRequest(keyA, '330000', body)[SYNC_HEADERS.nonce]);
  });
});

describe('document numbers in transit and in the registry', () => {
  it('travel sealed: only the key holder opens them, and tampering is detected', () => {
    const sealed = sealValue(keyA, '330102198604121008');
    expect(sealed).not.toContain('330102198604121008');
    expect(openValue(keyA, sealed)).toBe('330102198604121008');
    expect(() => openValue(keyB, sealed)).toThrow();
    const raw = Buffer.from(sealed, 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => openValue(keyA, raw.toString('base64'))).toThrow();
  });

  it.each([
    ['same registry key, same document', 'k1', '1', '330102198604121008', 'k1', '1', '330102198604121008', true],
    ['another number', 'k1', '1', '330102198604121008', 'k1', '1', '330102198604121016', false],
    ['another document type', 'k1', '1', '330102198604121008', 'k1', '2', '330102198604121008', false],
    ['another registry key', 'k1', '1', '330102198604121008', 'k2', '1', '330102198604121008', false],
  ])('comparison hash: %s', (_n, k1, t1, n1, k2, t2, n2, equal) => {
    const key = (k: string): Buffer => Buffer.alloc(32, k);
    expect(comparisonHash(key(k1), t1, n1).equals(comparisonHash(key(k2), t2, n2))).toBe(equal);
  });
});
