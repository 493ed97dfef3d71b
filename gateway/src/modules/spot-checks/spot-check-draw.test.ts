import { describe, expect, it } from 'vitest';
import { draw, MAX_SEED, nextBelow, parseSeed, sample, splitMix64 } from './spot-check-draw.js';

const take = (seed: bigint, n: number): bigint[] => {
  const rng = splitMix64(seed);
  return Array.from({ length: n }, () => rng());
};

describe('splitMix64', () => {
  // Reference outputs of Vigna's splitmix64.c; any platform must give the same stream.
  it('matches the reference stream for seed 0', () => {
    expect(take(0n, 3)).toEqual([0xe220a8397b1dcdafn, 0x6e789e6aa1b965f4n, 0x06c45d188009454fn]);
  });

  it('gives the same stream for the same seed and another for another seed', () => {
    expect(take(42n, 10)).toEqual(take(42n, 10));
    expect(take(42n, 10)).not.toEqual(take(43n, 10));
  });
});

describe('nextBelow', () => {
  it.each([1, 2, 3, 7, 200])('stays in [0, %i) and reaches every value', (n) => {
    const rng = splitMix64(7n);
    const seen = new Set<number>();
    for (let i = 0; i < 20 * n + 50; i++) {
      const v = nextBelow(rng, n);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(n);
      seen.add(v);
    }
    expect(seen.size).toBe(n);
  });
});

describe('sample', () => {
  const pool = Array.from({ length: 20 }, (_, i) => `s${String(i).padStart(2, '0')}`);

  it.each([
    [0, 0], [1, 1], [5, 5], [20, 20], [25, 20],
  ])('taking %i of 20 gives %i distinct items in pool order', (k, size) => {
    const got = sample(pool, k, splitMix64(99n));
    expect(got).toHaveLength(size);
    expect(new Set(got).size).toBe(size);
    expect(got).toEqual([...got].sort());
  });

  it('is fair enough: every item is picked over many seeds', () => {
    const counts = new Map<string, number>();
    for (let s = 0n; s < 2000n; s++) for (const x of sample(pool, 3, splitMix64(s))) counts.set(x, (counts.get(x) ?? 0) + 1);
    // 2000 × 3 / 20 = 300 expected per item.
    for (const x of pool) expect(counts.get(x)).toBeGreaterThan(220);
  });
});

describe('draw', () => {
  const schools = ['a', 'b', 'c', 'd', 'e'];
  const teachersOf = async (picked: string[]) => picked.flatMap((s) => [`${s}1`, `${s}2`, `${s}3`]);

  it('replays exactly with the same seed', async () => {
    const one = await draw(123n, 2, 4, { schools, teachersOf });
    expect(await draw(123n, 2, 4, { schools, teachersOf })).toEqual(one);
    expect(one.schools).toHaveLength(2);
    expect(one.teachers).toHaveLength(4);
    for (const t of one.teachers) expect(one.schools).toContain(t[0]);
  });

  it('differs across seeds', async () => {
    const draws = new Set<string>();
    for (let s = 0n; s < 20n; s++) draws.add(JSON.stringify(await draw(s, 2, 4, { schools, teachersOf })));
    expect(draws.size).toBeGreaterThan(10);
  });
});

describe('parseSeed', () => {
  it.each([
    ['0', 0n], ['42', 42n], [' 7 ', 7n], [MAX_SEED.toString(), MAX_SEED],
    [(MAX_SEED + 1n).toString(), null], ['-1', null], ['1.5', null], ['abc', null], ['', null], ['12345678901234567890', null],
  ] as [string, bigint | null][])('%j → %s', (text, expected) => {
    expect(parseSeed(text)).toBe(expected);
  });
});
