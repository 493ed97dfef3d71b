import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import pg from 'pg';
import type { Principal } from '@tmis/shared';
import type { AuthMethod } from './session.entity.js';
import { logger } from '../../platform/logging.js';

/**
 * A few seconds' cache of resolved sessions per process (issue 18.1): a request with a known
 * token then costs no SQL for its session, its account and the units its scope depends on.
 *
 * Revocation stays immediate. Triggers on `session` (revoked, expiry, restriction, delete),
 * `account` (anything but login bookkeeping) and `unit` (tree and levels) send
 * `pg_notify('tmis_auth_changed')` when their transaction commits, on whichever process or job
 * wrote; every process LISTENs and empties its cache. The cache serves only while that LISTEN
 * connection is up: when it drops, the cache is emptied and bypassed until it is back, so a lost
 * notification can never leave a revoked session served. A lookup that raced a notification (read
 * before the commit, stored after the clear) is not stored: stores carry the generation they read
 * under. Mutations of this process empty the cache themselves when they answer, so the next request
 * of the same client never sees its own revocation late.
 */
export const AUTH_CHANGED_CHANNEL = 'tmis_auth_changed';

export interface SessionSnapshot {
  sessionId: string;
  authMethod: AuthMethod;
  actor: { accountId: string; username: string; unitId: string; scopePath: string };
  principal: Principal;
  expiresAt: number;
  lastSeenAt: number;
  lockedUntil: number | null;
}

export interface SessionCacheOptions {
  databaseUrl: string;
  /** How long an entry is served (ms); 0 turns the cache off. */
  ttlMs: number;
  /** Entries kept at most; the oldest go first. */
  maxEntries?: number;
  /** Wait before reconnecting a dropped LISTEN connection (ms). */
  reconnectMs?: number;
}

export class SessionCache {
  private readonly entries = new Map<string, { value: SessionSnapshot; until: number }>();
  private generation = 0;
  private client: pg.Client | null = null;
  private listening = false;
  private stopped = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  readonly stats = { hits: 0, misses: 0, invalidations: 0 };

  constructor(private readonly opts: SessionCacheOptions) {}

  get enabled(): boolean {
    return this.opts.ttlMs > 0;
  }

  /** Whether entries are served now (enabled and listening). */
  get serving(): boolean {
    return this.enabled && this.listening && !this.stopped;
  }

  async start(): Promise<void> {
    if (!this.enabled) return;
    await this.connect();
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: 'tmis-session-cache' });
    client.on('notification', (n) => {
      if (n.channel === AUTH_CHANGED_CHANNEL) this.invalidate();
    });
    const lost = (e?: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.listening = false;
      this.invalidate();
      if (e) logger().warn({ err: e.message }, 'session cache: LISTEN connection lost, serving from the database until it is back');
      this.scheduleReconnect();
    };
    client.on('error', lost);
    client.on('end', () => lost());
    this.client = client;
    try {
      await client.connect();
      await client.query(`listen ${AUTH_CHANGED_CHANNEL}`);
      // Anything committed before LISTEN took effect is not in the cache: it starts empty now.
      this.invalidate();
      this.listening = true;
    } catch (e) {
      lost(e as Error);
      await client.end().catch(() => undefined);
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, this.opts.reconnectMs ?? 1000);
    this.reconnectTimer.unref();
  }

  /** The generation to pass to `put`: read it before looking the session up in the database. */
  get currentGeneration(): number {
    return this.generation;
  }

  get(tokenHash: Buffer, now = Date.now()): SessionSnapshot | undefined {
    if (!this.serving) return undefined;
    const key = tokenHash.toString('base64');
    const e = this.entries.get(key);
    if (!e || e.until <= now) {
      if (e) this.entries.delete(key);
      this.stats.misses++;
      return undefined;
    }
    this.stats.hits++;
    return e.value;
  }

  put(tokenHash: Buffer, value: SessionSnapshot, generation: number, now = Date.now()): void {
    if (!this.serving || generation !== this.generation) return;
    const key = tokenHash.toString('base64');
    if (!this.entries.has(key) && this.entries.size >= (this.opts.maxEntries ?? 50_000)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, until: now + this.opts.ttlMs });
  }

  /** Drops one token's entry (the session was found revoked or idle). */
  forget(tokenHash: Buffer): void {
    this.entries.delete(tokenHash.toString('base64'));
  }

  invalidate(): void {
    this.generation++;
    this.stats.invalidations++;
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.listening = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const c = this.client;
    this.client = null;
    this.entries.clear();
    await c?.end().catch(() => undefined);
  }
}

/**
 * Empties the cache when a mutation of this process answers: its writes (a logout, a disabled
 * account, a moved unit) are committed by then, and the client's next request must see them even
 * before the database's notification has come back.
 */
export function sessionCachePlugin(cache: SessionCache): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse(rc) {
          if (rc.operation?.operation === 'mutation') cache.invalidate();
        },
      };
    },
  };
}
