import { RateLimiterPostgres, type RateLimiterRes } from 'rate-limiter-flexible';
import type { EntityManager } from '@mikro-orm/postgresql';

/** Rows of rate-limiter-flexible's PostgreSQL store (migration 20261207150000), shared by every process. */
const TABLE = 'auth_throttle';

/**
 * A progressive delay: the first `free` failures under one key cost nothing; each further one
 * refuses the next attempt for 1 s, 2 s, 4 s … up to `capSeconds`. Failures are forgotten
 * `windowSeconds` after the first one of a run, so a count lasts only while attempts go on.
 */
export interface ThrottleRule {
  name: string;
  free: number;
  capSeconds: number;
  windowSeconds: number;
}

/** Login: one address guessing one account is slowed hardest; the account alone caps low, so a stranger cannot keep its owner out. */
export const LOGIN_RULES = {
  accountAndAddress: { name: 'login-aa', free: 3, capSeconds: 15 * 60, windowSeconds: 60 * 60 },
  account: { name: 'login-a', free: 10, capSeconds: 60, windowSeconds: 15 * 60 },
  address: { name: 'login-ip', free: 20, capSeconds: 15 * 60, windowSeconds: 60 * 60 },
} satisfies Record<string, ThrottleRule>;

/** Anonymous calls that write audit rows, per client address. */
export const PASSWORD_RESET_RULE: ThrottleRule = { name: 'reset-ip', free: 5, capSeconds: 15 * 60, windowSeconds: 60 * 60 };
export const SHARING_CREDENTIAL_RULE: ThrottleRule = { name: 'sharing-ip', free: 10, capSeconds: 15 * 60, windowSeconds: 60 * 60 };

type Knex = ReturnType<ReturnType<EntityManager['getConnection']>['getKnex']>;

interface Limiters {
  failures: RateLimiterPostgres;
  blocks: RateLimiterPostgres;
}

// One pair of limiters per rule and connection pool (the limiters hold no state of their own).
const cache = new WeakMap<object, Map<string, Limiters>>();

function limiters(em: EntityManager, rule: ThrottleRule): Limiters {
  const knex: Knex = em.getConnection().getKnex();
  let byRule = cache.get(knex);
  if (!byRule) cache.set(knex, (byRule = new Map()));
  let l = byRule.get(rule.name);
  if (!l) {
    const common = { storeClient: knex, storeType: 'knex', tableName: TABLE, tableCreated: true, clearExpiredByTimeout: false };
    l = {
      failures: new RateLimiterPostgres({ ...common, keyPrefix: `${rule.name}:f`, points: 1_000_000, duration: rule.windowSeconds }),
      blocks: new RateLimiterPostgres({ ...common, keyPrefix: `${rule.name}:b`, points: 1, duration: 1 }),
    };
    byRule.set(rule.name, l);
  }
  return l;
}

export interface ThrottleKey {
  rule: ThrottleRule;
  key: string;
}

/** Seconds until the longest block among `keys` ends; 0 when none is blocked. */
export async function throttledFor(em: EntityManager, keys: ThrottleKey[]): Promise<number> {
  let ms = 0;
  for (const { rule, key } of keys) {
    const res: RateLimiterRes | null = await limiters(em, rule).blocks.get(key);
    if (res && res.consumedPoints > 1 && res.msBeforeNext > 0) ms = Math.max(ms, res.msBeforeNext);
  }
  return Math.ceil(ms / 1000);
}

/** Counts one failure under each key and blocks the keys past their free failures. */
export async function recordFailure(em: EntityManager, keys: ThrottleKey[]): Promise<void> {
  for (const { rule, key } of keys) {
    const l = limiters(em, rule);
    const res = await l.failures.penalty(key, 1);
    const over = res.consumedPoints - rule.free;
    if (over > 0) await l.blocks.block(key, Math.min(2 ** Math.min(over - 1, 30), rule.capSeconds));
  }
}

/** Forgets the failures under `keys` (after a success). */
export async function forgetFailures(em: EntityManager, keys: ThrottleKey[]): Promise<void> {
  for (const { rule, key } of keys) {
    const l = limiters(em, rule);
    await l.failures.delete(key);
    await l.blocks.delete(key);
  }
}

export const THROTTLE_EXPIRY_TASK = 'auth_throttle_expiry';

/** Deletes throttle rows whose window or block is over (the job queue's crontab, hourly); how many. */
export async function dropExpiredThrottleRows(em: EntityManager, at: Date = new Date()): Promise<number> {
  const r = await em.fork().getConnection().execute<{ affectedRows: number }>(`delete from ${TABLE} where expire is not null and expire <= ?`, [at.getTime()], 'run');
  return r.affectedRows;
}
