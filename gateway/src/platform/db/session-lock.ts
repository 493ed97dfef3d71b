import pg from 'pg';
import { logger } from '../logging.js';

/**
 * A PostgreSQL session advisory lock on a connection of its own, for work that must run in one
 * gateway process at a time (the province's delivery loop, the statistics refresher). The lock
 * lives as long as that connection: a process killed with SIGKILL loses its connection, and with
 * it the lock, so another process takes over without waiting for a lease to run out.
 * Taken before the work's own transactions begin, so their snapshots see what the previous
 * holder committed. One user per instance: callers serialise their own rounds.
 */
export class SessionLock {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private held = false;

  constructor(private readonly url: string, private readonly key: number) {}

  private connect(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      // Named, so an operator (or a test) can see in pg_stat_activity which process holds it.
      const c = new pg.Client({ connectionString: this.url, keepAlive: true, application_name: `tmis-lock-${this.key}-${process.pid}` });
      // A lost connection is a lost lock: forget both, the next attempt connects again.
      c.on('error', (e) => {
        logger().warn({ err: e, lock: this.key }, 'advisory lock connection lost');
        if (this.client === c) { this.client = null; this.held = false; }
      });
      await c.connect();
      this.client = c;
      return c;
    })().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  /** True when this process now holds the lock (or already did). */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const c = await this.connect();
    const { rows } = await c.query<{ ok: boolean }>('select pg_try_advisory_lock($1) as ok', [this.key]);
    this.held = rows[0]!.ok;
    return this.held;
  }

  /** Waits (polling, so a stuck holder cannot hang a request forever) up to `timeoutMs`. */
  async acquire(timeoutMs: number, everyMs = 50): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      if (await this.tryAcquire()) return true;
      if (Date.now() >= until) return false;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }

  async release(): Promise<void> {
    if (!this.held || !this.client) return;
    this.held = false;
    await this.client.query('select pg_advisory_unlock($1)', [this.key]).catch(() => undefined);
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    this.held = false;
    await c?.end().catch(() => undefined);
  }

  /** Runs `fn` under the lock; `null` when another process holds it (and `waitMs` ran out). */
  async run<T>(fn: () => Promise<T>, waitMs = 0): Promise<{ value: T } | null> {
    if (!(waitMs > 0 ? await this.acquire(waitMs) : await this.tryAcquire())) return null;
    try {
      return { value: await fn() };
    } finally {
      await this.release();
    }
  }
}
