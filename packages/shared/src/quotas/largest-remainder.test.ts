import { describe, expect, it } from 'vitest';
import { allocateLargestRemainder, QuotaError } from './largest-remainder.js';

const claim = (weights: Record<string, number>) => Object.entries(weights).map(([key, weight]) => ({ key, weight }));
const finals = (total: number, weights: Record<string, number>) =>
  Object.fromEntries(allocateLargestRemainder(total, claim(weights)).rows.map((r) => [r.key, r.final]));

describe('largest remainder (Hare)', () => {
  it.each<[string, number, Record<string, number>, Record<string, number>]>([
    ['exact shares, nothing left over', 10, { a: 50, b: 30, c: 20 }, { a: 5, b: 3, c: 2 }],
    ['classic example', 10, { a: 47, b: 16, c: 15, d: 12, e: 6, f: 4 }, { a: 5, b: 2, c: 1, d: 1, e: 1, f: 0 }],
    ['leftover to the largest remainders', 100, { a: 1000, b: 600, c: 400, d: 333 }, { a: 43, b: 26, c: 17, d: 14 }],
    ['one unit takes all', 7, { a: 12, b: 0 }, { a: 7, b: 0 }],
    ['zero headcounts get nothing', 5, { a: 3, b: 0, c: 2, d: 0 }, { a: 3, b: 0, c: 2, d: 0 }],
    ['total 0', 0, { a: 3, b: 5 }, { a: 0, b: 0 }],
    ['total 0 with no headcount at all', 0, { a: 0, b: 0 }, { a: 0, b: 0 }],
    ['tie in remainder: larger headcount first', 1, { a: 1, b: 1, c: 2 }, { a: 0, b: 0, c: 1 }],
    ['tie in remainder and headcount: smaller key first', 1, { b: 5, a: 5 }, { a: 1, b: 0 }],
    ['three-way tie, two seats: key order', 2, { c: 1, a: 1, b: 1 }, { a: 1, b: 1, c: 0 }],
    ['more seats than people', 10, { a: 1, b: 2 }, { a: 3, b: 7 }],
    ['no claimants and total 0', 0, {}, {}],
  ])('%s', (_name, total, weights, expected) => {
    const result = allocateLargestRemainder(total, claim(weights));
    expect(finals(total, weights)).toEqual(expected);
    expect(result.rows.reduce((s, r) => s + r.final, 0)).toBe(total);
  });

  it('shows the working: exact quota, floor, remainder, +1 and its rank', () => {
    const r = allocateLargestRemainder(10, claim({ a: 47, b: 16, c: 15, d: 12, e: 6, f: 4 }));
    expect(r).toMatchObject({ total: 10, totalWeight: 100, leftover: 3 });
    expect(r.rows.find((x) => x.key === 'b')).toEqual({
      key: 'b', weight: 16, exactQuota: 1.6, floor: 1, remainder: 0.6, remainderNumerator: 60, fromRemainder: 1, remainderRank: 2, final: 2,
    });
    // b and e tie at 0.6: the larger headcount (b) ranks first.
    expect(r.rows.find((x) => x.key === 'e')).toMatchObject({ exactQuota: 0.6, floor: 0, fromRemainder: 1, remainderRank: 3, final: 1 });
    expect(r.rows.find((x) => x.key === 'c')).toMatchObject({ floor: 1, fromRemainder: 0, remainderRank: 4, final: 1 });
  });

  it('does not depend on input order (deterministic ties)', () => {
    const a = claim({ x: 3, y: 3, z: 3, w: 1 });
    expect(allocateLargestRemainder(5, a).rows.map((r) => [r.key, r.final]).sort())
      .toEqual(allocateLargestRemainder(5, [...a].reverse()).rows.map((r) => [r.key, r.final]).sort());
  });

  it('always sums to the total (random cases)', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const n = 1 + Math.floor(rand() * 12);
      const weights = Array.from({ length: n }, (_, k) => ({ key: `u${k}`, weight: Math.floor(rand() * 3000) }));
      if (weights.every((w) => w.weight === 0)) weights[0]!.weight = 1;
      const total = Math.floor(rand() * 500);
      const r = allocateLargestRemainder(total, weights);
      expect(r.rows.reduce((s, x) => s + x.final, 0)).toBe(total);
      // Hare quota property: nobody is more than one seat away from their exact share.
      for (const x of r.rows) expect(Math.abs(x.final - x.exactQuota)).toBeLessThan(1);
    }
  });

  it.each<[string, number, Record<string, number>, string]>([
    ['negative total', -1, { a: 1 }, 'QUOTA_TOTAL_INVALID'],
    ['fractional total', 2.5, { a: 1 }, 'QUOTA_TOTAL_INVALID'],
    ['huge total', 10_000_001, { a: 1 }, 'QUOTA_TOTAL_INVALID'],
    ['negative headcount', 3, { a: -1, b: 4 }, 'QUOTA_WEIGHT_INVALID'],
    ['seats but no headcount', 3, { a: 0, b: 0 }, 'QUOTA_NO_HEADCOUNT'],
    ['seats but no claimants', 3, {}, 'QUOTA_NO_HEADCOUNT'],
  ])('refuses %s', (_name, total, weights, code) => {
    expect(() => allocateLargestRemainder(total, claim(weights))).toThrow(QuotaError);
    try { allocateLargestRemainder(total, claim(weights)); } catch (e) { expect((e as QuotaError).code).toBe(code); }
  });
});
