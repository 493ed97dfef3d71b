import { randomBytes } from 'node:crypto';

/**
 * The random draw of a spot check (随机抽查), kept pure so it can be replayed: the same seed over
 * the same ordered candidates always picks the same rows. SplitMix64 is tiny, fully specified
 * and identical on every platform, which is what "reproducible" needs; it is not used for secrets.
 */
const MASK64 = (1n << 64n) - 1n;
export const MAX_SEED = (1n << 63n) - 1n;

export type Rng = () => bigint;

export function splitMix64(seed: bigint): Rng {
  let state = seed & MASK64;
  return () => {
    state = (state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  };
}

/** A uniform integer in [0, n): values from the biased top of the 64-bit range are rejected. */
export function nextBelow(rng: Rng, n: number): number {
  const bound = BigInt(n);
  const limit = (1n << 64n) - ((1n << 64n) % bound);
  for (;;) {
    const x = rng();
    if (x < limit) return Number(x % bound);
  }
}

/** Picks min(k, pool.length) distinct items (partial Fisher–Yates); returned in pool order. */
export function sample<T>(pool: readonly T[], k: number, rng: Rng): T[] {
  const idx = pool.map((_, i) => i);
  const take = Math.min(Math.max(k, 0), pool.length);
  for (let i = 0; i < take; i++) {
    const j = i + nextBelow(rng, idx.length - i);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, take).sort((a, b) => a - b).map((i) => pool[i]!);
}

export interface DrawCandidates<S, T> {
  /** Schools in the authority's subtree, ordered by id. */
  schools: readonly S[];
  /** The active teachers of the picked schools, ordered by id. */
  teachersOf: (schools: S[]) => Promise<readonly T[]>;
}

/** N schools first, then M teachers among the active teachers of those schools, from one stream. */
export async function draw<S, T>(seed: bigint, schoolCount: number, teacherCount: number, c: DrawCandidates<S, T>): Promise<{ schools: S[]; teachers: T[] }> {
  const rng = splitMix64(seed);
  const schools = sample(c.schools, schoolCount, rng);
  const teachers = sample(await c.teachersOf(schools), teacherCount, rng);
  return { schools, teachers };
}

/** Decimal text of a non-negative 63-bit integer (it is stored in a signed bigint column), or null. */
export function parseSeed(text: string): bigint | null {
  if (!/^\d{1,19}$/.test(text.trim())) return null;
  const seed = BigInt(text.trim());
  return seed <= MAX_SEED ? seed : null;
}

export function newSeed(): bigint {
  return randomBytes(8).readBigUInt64BE() & MAX_SEED;
}
