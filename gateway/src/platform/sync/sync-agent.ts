import type { MikroORM } from '@mikro-orm/postgresql';
import { logger } from '../logging.js';
import { signRequest } from './signing.js';

/** A pending outbox row (see the Sync migration). */
export interface OutboxRow { seq: number; kind: 'unit' | 'teacher' | 'message'; refId: string; payload: Record<string, unknown> | null }

/** One change in a push: `seqs` are the outbox rows it stands for (several rows of one teacher send one snapshot). */
export interface BatchItem { changeId: string; kind: OutboxRow['kind']; seqs: number[]; data: unknown }
export type ChangeOutcome = 'applied' | 'duplicate' | 'stale' | 'rejected' | 'retry';
export interface PushResult { changeId: string; outcome: ChangeOutcome; code?: string }
export interface PulledMessage { id: string; kind: string; payload: Record<string, unknown> }

/** What the business side supplies: snapshots of changed rows, and how to apply national mail. */
export interface SyncAgentHooks {
  /** `skipped`: rows that are not reported (e.g. units outside the province) and are stamped as such. */
  buildItems(rows: OutboxRow[]): Promise<{ items: BatchItem[]; skipped: number[] }>;
  /** Applies one message idempotently (by id); throwing leaves it unacknowledged for the next pull. */
  applyMessage(message: PulledMessage): Promise<void>;
}

export interface SyncAgentOptions {
  nationalUrl: string;
  provinceCode: string;
  key: Buffer;
  intervalMs: number;
  batchSize?: number;
  /** Backoff after failures: min, doubling up to max (ms). */
  retryMinMs?: number;
  retryMaxMs?: number;
  requestTimeoutMs?: number;
}

export interface SyncRound { pushed: number; pulled: number }

export class SyncTransportError extends Error {
  constructor(message: string, readonly status?: number, readonly code?: string) { super(message); }
}

/**
 * The province's delivery loop: pushes pending outbox rows to the national system until each is
 * acknowledged, then pulls the national mail. Runs on a schedule, on demand (`runNow`), and after
 * a failure again with exponential backoff. A row is stamped delivered only after the national
 * answer names its change — a lost answer means the same changes go again, which the national
 * side recognises (change id, version).
 */
export class SyncAgent {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncRound> | null = null;
  private stopped = false;
  failures = 0;
  lastError: string | null = null;
  lastSuccessAt: Date | null = null;
  totalPushed = 0;

  constructor(private readonly orm: MikroORM, private readonly opts: SyncAgentOptions, private readonly hooks: SyncAgentHooks) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
  }

  /** One full round now (or joins the one in progress); rejects when the national side cannot be reached. */
  runNow(): Promise<SyncRound> {
    if (this.running) return this.running;
    const round = this.round().finally(() => { this.running = null; });
    this.running = round;
    return round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runNow().then(
        () => { this.failures = 0; this.schedule(this.opts.intervalMs); },
        (e: unknown) => {
          this.failures++;
          this.lastError = e instanceof Error ? e.message : String(e);
          logger().warn({ err: this.lastError, failures: this.failures }, 'sync delivery failed; retrying');
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

  private async round(): Promise<SyncRound> {
    let pushed = 0;
    for (;;) {
      const rows = await this.pending();
      if (!rows.length) break;
      const { items, skipped } = await this.hooks.buildItems(rows);
      await this.markDelivered(skipped.map((seq) => ({ seq, outcome: 'skipped' })));
      if (!items.length) continue;
      const res = await this.post<{ results: PushResult[] }>('/sync/push', { province: this.opts.provinceCode, items });
      const done = new Map(res.results.filter((r) => r.outcome !== 'retry').map((r) => [r.changeId, r.outcome]));
      const acked = items.filter((i) => done.has(i.changeId));
      await this.markDelivered(acked.flatMap((i) => i.seqs.map((seq) => ({ seq, outcome: done.get(i.changeId)! }))));
      pushed += acked.length;
      this.totalPushed += acked.length;
      await this.countAttempt(items.filter((i) => !done.has(i.changeId)).flatMap((i) => i.seqs));
      // Items the national side wants again (e.g. a unit it does not hold yet) wait for the next round.
      if (acked.length < items.length) break;
    }
    const pulled = await this.pull();
    await this.prune();
    this.lastSuccessAt = new Date();
    this.lastError = null;
    return { pushed, pulled };
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

  private async countAttempt(seqs: number[]): Promise<void> {
    if (!seqs.length) return;
    await this.orm.em.fork().getConnection().execute(`update sync_outbox set attempts = attempts + 1 where seq = any(?::bigint[])`, [`{${seqs.join(',')}}`]);
  }

  private lastPrune = 0;
  /** Delivered rows are kept a while (re-sends may look at them), then removed. */
  private async prune(): Promise<void> {
    if (Date.now() - this.lastPrune < 3_600_000) return;
    this.lastPrune = Date.now();
    await this.orm.em.fork().getConnection().execute(`delete from sync_outbox where delivered_at < now() - interval '30 days'`);
  }

  private async markDelivered(rows: { seq: number; outcome: string }[]): Promise<void> {
    if (!rows.length) return;
    await this.orm.em.fork().getConnection().execute(
      `update sync_outbox o set delivered_at = now(), outcome = v.outcome, attempts = attempts + 1
         from unnest(?::bigint[], ?::text[]) v (seq, outcome) where o.seq = v.seq`,
      // Knex would expand JS arrays into lists: arrays travel as PostgreSQL array literals.
      [`{${rows.map((r) => r.seq).join(',')}}`, `{${rows.map((r) => r.outcome).join(',')}}`]);
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const raw = JSON.stringify(body);
    let res: Response;
    try {
      res = await fetch(`${this.opts.nationalUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signRequest(this.opts.key, this.opts.provinceCode, raw) },
        body: raw,
        signal: AbortSignal.timeout(this.opts.requestTimeoutMs ?? 30_000),
      });
    } catch (e) {
      throw new SyncTransportError(`national system unreachable: ${(e as Error).cause ? String((e as { cause: unknown }).cause) : (e as Error).message}`);
    }
    const text = await res.text().catch((e: unknown) => { throw new SyncTransportError(`connection lost: ${String(e)}`); });
    if (!res.ok) {
      let code: string | undefined;
      try { code = (JSON.parse(text) as { code?: string }).code; } catch { /* not JSON */ }
      throw new SyncTransportError(`national system answered ${res.status}${code ? ` ${code}` : ''}`, res.status, code);
    }
    return JSON.parse(text) as T;
  }
}
