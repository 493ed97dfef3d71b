import { yearInChina } from '@tmis/shared';
import type { MikroORM } from '@mikro-orm/postgresql';
import { logger } from '../../platform/logging.js';
import { SessionLock } from '../../platform/db/session-lock.js';
import { rollupInsertSql } from './statistics-cube.js';

/** Advisory lock key: one refresher at a time across every gateway process on the database. */
const LOCK_KEY = 727_007;

const newLock = (orm: MikroORM): SessionLock => new SessionLock(orm.config.get('clientUrl')!, LOCK_KEY);
const DEFAULT_BATCH = 200;

export interface RefreshResult { units: number; remaining: boolean; busy?: boolean }

/**
 * Recomputes the rollup rows of up to `maxUnits` dirty units in one REPEATABLE READ
 * transaction: the counts and the removal of the dirty marks see the same snapshot, so a mark
 * is only removed when every change it stands for is in the new rows. Marks written by
 * transactions that commit later stay, and those units are read live until the next round.
 *
 * One process at a time: the lock is a session lock taken *before* the transaction begins. (Taken
 * inside it, the REPEATABLE READ snapshot would already be fixed when the lock is granted, and
 * could miss the rows the previous holder committed just before letting go.)
 */
export async function refreshStatisticsOnce(orm: MikroORM, opts: { maxUnits?: number; year?: number; lock?: SessionLock } = {}): Promise<RefreshResult> {
  const lock = opts.lock ?? newLock(orm);
  try {
    const done = await lock.run(() => refreshLocked(orm, opts));
    return done?.value ?? { units: 0, remaining: true, busy: true };
  } finally {
    if (!opts.lock) await lock.close();
  }
}

async function refreshLocked(orm: MikroORM, opts: { maxUnits?: number; year?: number }): Promise<RefreshResult> {
  const knex = orm.em.getConnection().getKnex();
  const year = opts.year ?? yearInChina();
  const max = opts.maxUnits ?? DEFAULT_BATCH;
  return knex.transaction(async (trx) => {
    await trx.raw('set transaction isolation level repeatable read');
    const { rows: [meta] } = await trx.raw(`select value from stats_meta where key = 'age_year'`);
    if (Number(meta?.value) !== year) {
      // A new year moves everyone's statistical age: rebuild every unit (read live meanwhile).
      await trx.raw('delete from stats_rollup');
      await trx.raw('insert into stats_dirty (unit_id) select distinct unit_id from teacher');
      await trx.raw(`insert into stats_meta (key, value) values ('age_year', ?) on conflict (key) do update set value = excluded.value`, [String(year)]);
    }
    const { rows } = await trx.raw('select distinct unit_id from stats_dirty order by unit_id limit ?', [max + 1]);
    const ids = (rows as { unit_id: string }[]).slice(0, max).map((r) => r.unit_id);
    if (ids.length === 0) return { units: 0, remaining: false };
    const list = ids.map(() => '?::uuid').join(', ');
    await trx.raw(`delete from stats_rollup where unit_id in (${list})`, ids);
    await trx.raw(rollupInsertSql(list, year), [...ids, ...ids]);
    await trx.raw(`delete from stats_dirty where unit_id in (${list})`, ids);
    return { units: ids.length, remaining: rows.length > max };
  });
}

/** Refreshes until no unit is dirty (or another process holds the lock). */
export async function refreshStatistics(orm: MikroORM, opts: { maxUnits?: number; year?: number; lock?: SessionLock } = {}): Promise<number> {
  const lock = opts.lock ?? newLock(orm);
  let total = 0;
  try {
    for (;;) {
      const r = await refreshStatisticsOnce(orm, { ...opts, lock });
      total += r.units;
      if (!r.remaining || r.busy) return total;
    }
  } finally {
    if (!opts.lock) await lock.close();
  }
}

/**
 * Background refresher: looks for dirty units every `intervalMs` and recomputes them. Writers
 * never wait for it, and queries never depend on it for correctness (dirty units are read from
 * the teacher table), only for speed.
 */
export class StatisticsRefresher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = false;
  private readonly lock: SessionLock;

  constructor(private readonly orm: MikroORM, private readonly intervalMs: number) {
    this.lock = newLock(orm);
  }

  start(): void {
    if (this.intervalMs <= 0) return;
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = refreshStatistics(this.orm, { lock: this.lock })
        .catch((e: unknown) => { if (!this.stopped) logger().warn({ err: e }, 'statistics refresh failed'); })
        .finally(() => {
          this.running = null;
          this.schedule();
        });
    }, this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.lock.close();
  }
}
