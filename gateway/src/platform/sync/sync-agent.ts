import type { KeyObject } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { SessionLock } from '../db/session-lock.js';
import { logger } from '../logging.js';
import { signRequest } from './signing.js';
import type { NationalTls } from '../config.js';
import { nationalTransport, NationalTransportError, type NationalTransport } from './national-transport.js';

/** A pending outbox row (see the Sync migration). */
export interface OutboxRow { seq: number; kind: 'unit' | 'teacher' | 'message'; refId: string; payload: Record<string, unknown> | null }

/** One change in a push: `seqs` are the outbox rows it stands for (several rows of one teacher send one snapshot). */
export interface BatchItem { changeId: string; kind: OutboxRow['kind']; seqs: number[]; data: unknown }
export type ChangeOutcome = 'applied' | 'duplicate' | 'stale' | 'rejected' | 'retry';
export interface PushResult { changeId: string; outcome: ChangeOutcome; code?: string }
export interface PulledMessage { id: string; kind: string; payload: Record<string, unknown> }
/** A row that is not sent, with the stable code that says why. */
export interface SkippedRow { seq: number; reason: string }
/** A row that will not reach the national system: refused there (`rejected`) or not reportable here (`skipped`). */
export interface RefusedRow { seq: number; kind: OutboxRow['kind']; refId: string; outcome: 'rejected' | 'skipped'; reason: string }

/** What the business side supplies: snapshots of changed rows, and how to apply national mail. */
export interface SyncAgentHooks {
  /** `skipped`: rows that are not reported (e.g. units outside the province), stamped as such with their reason. */
  buildItems(rows: OutboxRow[]): Promise<{ items: BatchItem[]; skipped: SkippedRow[] }>;
  /** Applies one message idempotently (by id); throwing leaves it unacknowledged for the next pull. */
  applyMessage(message: PulledMessage): Promise<void>;
  /** In the transaction that stamps refused rows (each row once), so the people who must act hear of it exactly once. */
  onRefused?(tx: EntityManager, rows: RefusedRow[]): Promise<void>;
}

export interface SyncAgentOptions {
  nationalUrl: string;
  /** Over https://: the pinned fingerprints and the trusted CA of the national server (TMIS_NATIONAL_CERT_PIN / TMIS_NATIONAL_CA). */
  tls?: NationalTls;
  provinceCode: string;
  key: Buffer;
  /** TMIS_SYNC_SIGNING_KEY: requests carry this key's SM2 / ECDSA signature beside the HMAC (issue 15.1). */
  signingKey?: KeyObject;
  intervalMs: number;
  batchSize?: number;
  /** Backoff after failures: min, doubling up to max (ms). */
  retryMinMs?: number;
  retryMaxMs?: number;
  requestTimeoutMs?: number;
  /** A change the national side asks for again this often (its unit is unknown there) is stamped rejected with that answer's code. */
  retryLimit?: number;
}

/** `busy`: another gateway process of this deployment held the delivery lock, so this one did nothing. */
export interface SyncRound { pushed: number; pulled: number; busy?: boolean }

/** The delivery state every process of the deployment shares (`sync_state` 'delivery'). */
export interface DeliveryState { lastSuccessAt: Date | null; lastError: string | null; lastFailureAt: Date | null; failures: number }

/** One delivery loop per database, whichever process runs it (session advisory lock). */
export const DELIVERY_LOCK = 727_003;
export const DEFAULT_RETRY_LIMIT = 10;

export async function readDeliveryState(em: EntityManager): Promise<DeliveryState> {
  const [row] = await em.getConnection().execute<{ value: string }[]>(`select value from sync_state where key = 'delivery'`, [], 'all', em.getTransactionContext());
  const v = row ? (JSON.parse(row.value) as Record<string, unknown>) : {};
  const date = (x: unknown): Date | null => (typeof x === 'string' ? new Date(x) : null);
  return { lastSuccessAt: date(v.lastSuccessAt), lastError: typeof v.lastError === 'string' ? v.lastError : null, lastFailureAt: date(v.lastFailureAt), failures: Number(v.failures ?? 0) };
}

// Knex would expand JS arrays into lists: arrays travel as PostgreSQL array literals.
const bigintArray = (xs: number[]): string => `{${xs.map((x) => Math.trunc(x)).join(',')}}`;
const textArray = (xs: (string | null)[]): string => `{${xs.map((x) => (x === null ? 'NULL' : `"${x.replace(/[^A-Za-z0-9_:.-]/g, '')}"`)).join(',')}}`;

export class SyncTransportError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) { super(message); }
}

/**
 * The province's delivery loop: pushes pending outbox rows to the national system until each is
 * acknowledged, then pulls the national mail. Runs on a schedule, on demand (`runNow`), and after
 * a failure again with exponential backoff. A row is stamped delivered only after the national
 * answer names its change — a lost answer means the same changes go again, which the national
 * side recognises (change id, version).
 *
 * Every gateway process of a province runs one, but a round runs under a session advisory lock:
 * one process delivers at a time, and a killed process's lock goes with its connection. What
 * `syncStatus` shows (last success, last error, failures) is kept in `sync_state`, not here.
 */
export class SyncAgent {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncRound> | null = null;
  private stopped = false;
  private readonly lock: SessionLock;
  private readonly transport: NationalTransport;
  /** This process's consecutive failures (its backoff); the deployment's are in `sync_state`. */
  failures = 0;
  lastError: string | null = null;
  lastSuccessAt: Date | null = null;
  totalPushed = 0;

  constructor(private readonly orm: MikroORM, private readonly opts: SyncAgentOptions, private readonly hooks: SyncAgentHooks) {
    this.lock = new SessionLock(orm.config.get('clientUrl')!, DELIVERY_LOCK);
    this.transport = nationalTransport(opts.nationalUrl, opts.tls);
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    await this.lock.close();
    this.transport.close();
  }

  /**
   * One full round now (or joins the one in progress). When another process is delivering, waits
   * for it and then runs a round of its own, so what was pending when called has been tried.
   * Rejects when the national side cannot be reached.
   */
  async runNow(): Promise<SyncRound> {
    if (this.stopped) throw new SyncTransportError('the delivery loop is stopped');
    const wait = this.opts.requestTimeoutMs ?? 30_000;
    const r = await this.joinOrStart(wait);
    // Joined a scheduled round that found another process delivering: now wait for our own.
    return r.busy ? this.joinOrStart(wait) : r;
  }

  private joinOrStart(waitMs: number): Promise<SyncRound> {
    if (this.running) return this.running;
    const round = this.round(waitMs).finally(() => { this.running = null; });
    this.running = round;
    return round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.joinOrStart(0).then(
        () => { this.failures = 0; this.schedule(this.opts.intervalMs); },
        (e: unknown) => {
          this.failures++;
          this.lastError = e instanceof Error ? e.message : String(e);
          if (!this.stopped) logger().warn({ err: this.lastError, code: (e as SyncTransportError).code, failures: this.failures }, 'sync delivery failed; retrying');
          this.schedule(this.backoff());
        },
      );
    }, ms);
    this.timer.unref?.();
  }

  private backoff(): number {
    const min = this.opts.retryMinMs ?? 200;
    const max = Math.min(this.opts.retryMaxMs ?? 60_000, Math.max(min, this.opts.intervalMs));
    const d = Math.min(max, min * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(d * (0.75 + Math.random() * 0.5));
  }

  private async round(waitMs: number): Promise<SyncRound> {
    const out = await this.lock.run(async () => {
      try {
        const r = await this.deliver();
        await this.saveState(null);
        return r;
      } catch (e) {
        await this.saveState(e instanceof Error ? e.message : String(e)).catch(() => undefined);
        throw e;
      }
    }, waitMs);
    if (out) return out.value;
    if (waitMs > 0) throw new SyncTransportError('another gateway process is still delivering; try again');
    return { pushed: 0, pulled: 0, busy: true };
  }

  private async deliver(): Promise<SyncRound> {
    let pushed = 0;
    for (;;) {
      const rows = await this.pending();
      if (!rows.length) break;
      const { items, skipped } = await this.hooks.buildItems(rows);
      const unaccounted = rows.filter((r) => !items.some((i) => i.seqs.includes(r.seq)) && !skipped.some((s) => s.seq === r.seq));
      // A row neither sent nor explained would vanish silently: it is stamped skipped, with a code that says so.
      await this.settle([...skipped.map((s) => ({ seq: s.seq, outcome: 'skipped', reason: s.reason })),
        ...unaccounted.map((r) => ({ seq: r.seq, outcome: 'skipped', reason: 'SYNC_RECORD_GONE' }))]);
      if (!items.length) continue;
      const res = await this.post<{ results: PushResult[] }>('/sync/push', { province: this.opts.provinceCode, items });
      const answers = new Map(res.results.map((r) => [r.changeId, r]));
      const settled: { seq: number; outcome: string; reason: string | null }[] = [];
      const again: { seq: number; reason: string | null }[] = [];
      for (const i of items) {
        const a = answers.get(i.changeId);
        if (!a || a.outcome === 'retry') again.push(...i.seqs.map((seq) => ({ seq, reason: a?.code ?? null })));
        else settled.push(...i.seqs.map((seq) => ({ seq, outcome: a.outcome, reason: a.code ?? null })));
      }
      await this.settle(settled);
      const acked = items.filter((i) => { const a = answers.get(i.changeId); return a && a.outcome !== 'retry'; }).length;
      pushed += acked;
      this.totalPushed += acked;
      await this.countAttempt(again);
      // Items the national side wants again (e.g. a unit it does not hold yet) wait for the next round.
      if (again.length) break;
    }
    const pulled = await this.pull();
    await this.prune();
    this.lastSuccessAt = new Date();
    this.lastError = null;
    return { pushed, pulled };
  }

  /** The shared state `syncStatus` reads: written by whichever process ran the round. */
  private async saveState(error: string | null): Promise<void> {
    const conn = this.orm.em.fork().getConnection();
    if (error === null) {
      await conn.execute(`insert into sync_state (key, value, updated_at) values ('delivery', jsonb_build_object('lastSuccessAt', now(), 'lastError', null, 'failures', 0)::text, now())
        on conflict (key) do update set value = (sync_state.value::jsonb || excluded.value::jsonb)::text, updated_at = now()`);
    } else {
      const msg = error.slice(0, 500);
      await conn.execute(`insert into sync_state (key, value, updated_at) values ('delivery', jsonb_build_object('lastError', ?::text, 'lastFailureAt', now(), 'failures', 1)::text, now())
        on conflict (key) do update set value = (sync_state.value::jsonb || jsonb_build_object('lastError', ?::text, 'lastFailureAt', now(),
          'failures', coalesce((sync_state.value::jsonb ->> 'failures')::int, 0) + 1))::text, updated_at = now()`, [msg, msg]);
    }
  }

  /**
   * Applies the national mail in order and acknowledges it in the next pull. A message that
   * fails stays unacknowledged (it comes again next round) without holding back the others.
   */
  private async pull(): Promise<number> {
    let ack: string[] = [];
    let total = 0;
    const failed = new Map<string, string>();
    for (;;) {
      const res = await this.post<{ messages: PulledMessage[] }>('/sync/pull', { province: this.opts.provinceCode, ack });
      const todo = res.messages.filter((m) => !failed.has(m.id));
      ack = [];
      if (!todo.length) break;
      for (const m of todo) {
        try {
          await this.hooks.applyMessage(m);
          ack.push(m.id);
          total++;
        } catch (e) {
          failed.set(m.id, e instanceof Error ? e.message : String(e));
          logger().error({ err: e, message: m.id, kind: m.kind }, 'sync: national message could not be applied');
        }
      }
    }
    if (failed.size) throw new SyncTransportError(`${failed.size} national message(s) could not be applied: ${[...failed.values()][0]!.slice(0, 200)}`);
    return total;
  }

  /**
   * Oldest first; rows the national side asked for again three times (e.g. waiting for a unit)
   * go behind fresh ones, so they cannot hold the queue up.
   */
  private async pending(): Promise<OutboxRow[]> {
    type Row = { seq: string; kind: OutboxRow['kind']; ref_id: string; payload: Record<string, unknown> | null };
    const conn = this.orm.em.fork().getConnection();
    const limit = this.opts.batchSize ?? 500;
    const rows = await conn.execute<Row[]>(`select seq, kind, ref_id, payload from sync_outbox where delivered_at is null and attempts < 3 order by seq limit ?`, [limit]);
    if (rows.length < limit) {
      rows.push(...await conn.execute<Row[]>(`select seq, kind, ref_id, payload from sync_outbox where delivered_at is null and attempts >= 3 order by seq limit ?`, [limit - rows.length]));
    }
    return rows.map((r) => ({ seq: Number(r.seq), kind: r.kind, refId: r.ref_id, payload: r.payload }));
  }

  /**
   * Rows the national side asked for again: counted, with the code of its answer kept as the
   * reason. After `retryLimit` answers of the same kind the row is stamped rejected with that
   * code: it will not arrive by waiting, and saying "pending" forever would hide it.
   */
  private async countAttempt(rows: { seq: number; reason: string | null }[]): Promise<void> {
    if (!rows.length) return;
    const out = await this.orm.em.fork().getConnection().execute<{ seq: string; attempts: number; reason: string | null }[]>(
      `update sync_outbox o set attempts = o.attempts + 1, reason = coalesce(v.reason, o.reason) from unnest(?::bigint[], ?::text[]) v (seq, reason)
        where o.seq = v.seq and o.delivered_at is null returning o.seq, o.attempts, o.reason`,
      [bigintArray(rows.map((r) => r.seq)), textArray(rows.map((r) => r.reason))]);
    const limit = this.opts.retryLimit ?? DEFAULT_RETRY_LIMIT;
    const exhausted = out.filter((r) => r.attempts >= limit);
    if (exhausted.length) {
      await this.settle(exhausted.map((r) => ({ seq: Number(r.seq), outcome: 'rejected', reason: r.reason ?? 'SYNC_UNIT_UNKNOWN' })));
      logger().warn({ rows: exhausted.length, reason: exhausted[0]!.reason }, 'sync: changes the national side kept asking for again are stamped rejected');
    }
  }

  private lastPrune = 0;
  /**
   * Delivered rows are kept a while (re-sends may look at them), then removed. A refusal stays
   * until the same unit or teacher has been delivered since, so it cannot drop out of sight.
   */
  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < 3_600_000) return;
    this.lastPrune = Date.now();
    await this.orm.em.fork().getConnection().execute(`delete from sync_outbox o where o.delivered_at < now() - interval '30 days'
      and (coalesce(o.outcome, '') not in ('rejected', 'skipped') or exists (select 1 from sync_outbox n where n.kind = o.kind and n.ref_id = o.ref_id
        and n.seq > o.seq and n.outcome in ('applied', 'duplicate', 'stale')))`);
  }

  /**
   * Stamps rows with the national answer (or the province's own reason), once: a row already
   * stamped is left alone. Refused rows are handed to `onRefused` in the same transaction.
   */
  private async settle(rows: { seq: number; outcome: string; reason: string | null }[]): Promise<void> {
    if (!rows.length) return;
    await this.orm.em.fork().transactional(async (tx) => {
      const stamped = await tx.getConnection().execute<{ seq: string; kind: OutboxRow['kind']; ref_id: string; outcome: string; reason: string | null }[]>(
        `update sync_outbox o set delivered_at = now(), outcome = v.outcome, reason = v.reason, attempts = o.attempts + 1
           from unnest(?::bigint[], ?::text[], ?::text[]) v (seq, outcome, reason) where o.seq = v.seq and o.delivered_at is null
         returning o.seq, o.kind, o.ref_id, o.outcome, o.reason`,
        [bigintArray(rows.map((r) => r.seq)), textArray(rows.map((r) => r.outcome)), textArray(rows.map((r) => r.reason))], 'all', tx.getTransactionContext());
      const refused = stamped.filter((r) => r.outcome === 'rejected' || r.outcome === 'skipped')
        .map((r) => ({ seq: Number(r.seq), kind: r.kind, refId: r.ref_id, outcome: r.outcome as RefusedRow['outcome'], reason: r.reason ?? 'SYNC_REASON_UNRECORDED' }));
      if (refused.length && this.hooks.onRefused) await this.hooks.onRefused(tx, refused);
    });
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const raw = JSON.stringify(body);
    let res: { status: number; text: string };
    try {
      res = await this.transport.post(path, { 'content-type': 'application/json', ...signRequest(this.opts.key, this.opts.provinceCode, raw, Date.now(), this.opts.signingKey) }, raw, this.opts.requestTimeoutMs ?? 30_000);
    } catch (e) {
      // SYNC_TLS_PIN_MISMATCH / SYNC_TLS_UNTRUSTED keep their code, so syncStatus and the log name it.
      throw new SyncTransportError((e as Error).message, undefined, e instanceof NationalTransportError ? e.code : undefined);
    }
    const { status, text } = res;
    if (status < 200 || status > 299) {
      let code: string | undefined;
      try { code = (JSON.parse(text) as { code?: string }).code; } catch { /* not JSON */ }
      throw new SyncTransportError(`national system answered ${status}${code ? ` ${code}` : ''}`, status, code);
    }
    return JSON.parse(text) as T;
  }
}
