import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import pg from 'pg';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Logger as GraphileLogger, makeWorkerUtils, run, type JobHelpers, type Runner, type WorkerUtils } from 'graphile-worker';
import { errorMessage } from '@tmis/shared';
import { AppError } from '../graphql/errors.js';
import { logger } from '../logging.js';
import type { FieldCrypto } from '../crypto/field-crypto.js';
import { Job } from './job.entity.js';

export interface JobSpec {
  kind: string;
  createdBy?: string | null;
  unitId?: string | null;
  scopePath?: string | null;
  inputHash?: string | null;
}

/** What a handler sees of its job. */
export interface RunningJob {
  id: string;
  kind: string;
  createdBy: string | null;
  unitId: string | null;
  scopePath: string | null;
  /** This run's claim on the job: batches commit only while it is still the owner's. */
  attempt: number;
  /** Aborted when this process stops: a batch job hands itself back at its next batch boundary. */
  signal: AbortSignal;
  /**
   * The statements that add to the job's progress and check that this run still owns the job:
   * `processed` and each counter are increments, so batches committing concurrently each add
   * their own share; `progress` only moves forward. In knex `?` form, for a handler to run inside
   * each batch's transaction (progress and data commit together, or neither).
   */
  progressStatement(processed: number, progress: number, counts: Record<string, number>): { sql: string; bindings: unknown[] };
}

export interface JobOutcome {
  counts?: Record<string, number>;
  /** Items handled in all; becomes the job's total. */
  processed?: number;
  /** Produced file, stored on the job row. */
  result?: Buffer | null;
}

export type JobHandler<I> = (job: RunningJob, input: I) => Promise<JobOutcome>;

/** A recurring task; `at` is the time of the tick it runs for (the queue's clock, not the process's). */
export type ScheduledHandler = (at: Date) => Promise<void>;

interface Scheduled { pattern: string; handler: ScheduledHandler }

/** graphile-worker task name of a scheduled task. */
const scheduledTask = (name: string): string => `tmis_cron_${name}`;

/** A job as its handler sees it: the fields of its row, this run's claim and its stop signal. */
export function runningJob(row: Omit<RunningJob, 'signal' | 'progressStatement'>, signal: AbortSignal): RunningJob {
  return {
    ...row, signal,
    progressStatement: (processed, progress, counts) => ({
      sql: `update job set processed = processed + ?, progress = greatest(progress, ?),
        counts = (select jsonb_object_agg(k, coalesce((job.counts ->> k)::int, 0) + coalesce((?::jsonb ->> k)::int, 0))
                    from jsonb_object_keys(coalesce(job.counts, '{}'::jsonb) || ?::jsonb) k)
        where id = ?; select tmis_job_owned(?, ?)`,
      bindings: [processed, Math.min(1, Math.max(0, progress)), JSON.stringify(counts), JSON.stringify(counts), row.id, row.id, row.attempt],
    }),
  };
}

/** Thrown by a handler that stopped at a batch boundary because its process is stopping. */
export class JobHandedBack extends Error {
  constructor() { super('job handed back to the queue'); }
}

/** PostgreSQL error a batch gets when its run no longer owns the job (tmis_job_owned). */
export const JOB_SUPERSEDED_SQLSTATE = 'TM001';
const isSuperseded = (e: unknown): boolean => (e as { code?: string })?.code === JOB_SUPERSEDED_SQLSTATE;

/** The one graphile-worker task: its payload names a row of `job`, which says what to run. */
export const QUEUE_TASK = 'tmis_job';
/** Advisory lock class of the worker liveness locks (with hashtext(pool id)). */
const LIVENESS_LOCK = 727_002;
/** A job cut off this many times (crashes, shutdowns) is given up. */
export const MAX_ATTEMPTS = 20;

export interface JobQueueOptions {
  databaseUrl: string;
  crypto: FieldCrypto;
  /** Jobs this process runs at once (TMIS_JOB_CONCURRENCY). */
  concurrency?: number;
  /** How often this process looks for jobs held by processes that died (ms). */
  sweepMs?: number;
  /** Poll for jobs whose time has come, besides LISTEN/NOTIFY for new ones (ms). */
  pollMs?: number;
  /** PostgreSQL application_name of the queue's connections (pg_stat_activity); `tmis-jobs-<pid>` by default. */
  applicationName?: string;
}

// Buffers travel as base64 inside the sealed JSON (Buffer.toJSON would make a number array).
function sealInput(crypto: FieldCrypto, input: unknown): Buffer {
  const json = JSON.stringify(input, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return Buffer.isBuffer(raw) ? { $buffer: raw.toString('base64') } : value;
  });
  return crypto.encrypt(json);
}

function openInput(crypto: FieldCrypto, sealed: Buffer): unknown {
  return JSON.parse(crypto.decrypt(sealed), (_k, v) => (v && typeof v === 'object' && typeof v.$buffer === 'string' ? Buffer.from(v.$buffer, 'base64') : v));
}

/**
 * Background jobs on graphile-worker (docs/architecture.md says why), shared by every gateway
 * process on the database. A job is a row of `job` (what was asked, by whom, how far it got)
 * plus its sealed input in `job_input` and one graphile-worker job, all three written in the
 * submitting request's transaction; whichever process is free runs it.
 *
 * A process that dies mid-job leaves its graphile-worker lock behind, which graphile-worker
 * itself would release only after four hours. Each process therefore holds a session advisory
 * lock named after its worker pool on a connection of its own; PostgreSQL drops it the moment
 * the process's connection goes. Every process sweeps: a pool whose lock is free is dead, and
 * its jobs are unlocked for the others at once. The new run claims the job (attempt + 1), which
 * stops any batch of the old run from committing, and resumes after the last committed batch.
 */
export class JobQueue {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly pool: pg.Pool;
  /** Aborted when this process's workers stop (shutdown, or a lost liveness connection). */
  private abort = new AbortController();
  private recovering: Promise<void> | null = null;
  private runner: Runner | null = null;
  private utils: WorkerUtils | null = null;
  private liveness: pg.Client | null = null;
  private poolId: string | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private sweeping: Promise<void> | null = null;
  private stopped = false;

  private readonly appName: string;

  constructor(private readonly orm: MikroORM, private readonly opts: JobQueueOptions) {
    this.appName = opts.applicationName ?? `tmis-jobs-${process.pid}`;
    this.pool = new pg.Pool({ connectionString: opts.databaseUrl, max: (opts.concurrency ?? 2) + 2, application_name: this.appName });
    const lost = (err: Error) => logger().warn({ err }, 'job queue connection lost');
    this.pool.on('error', lost);
    this.pool.on('connect', (client) => client.on('error', lost));
  }

  register<I>(kind: string, handler: JobHandler<I>): void {
    this.handlers.set(kind, handler as JobHandler<never>);
  }

  /**
   * A task run on a cron schedule (five fields, in UTC, as graphile-worker reads them). Each tick
   * runs once across all processes: graphile-worker records the ticks it has queued. The handler
   * gets the tick's time, so it must be idempotent and work from "everything due by then".
   */
  schedule(name: string, pattern: string, handler: ScheduledHandler): void {
    if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`scheduled task name ${name}: lower case letters, digits and _ only`);
    if (this.runner) throw new Error('schedule() before start()');
    this.scheduled.set(name, { pattern, handler });
  }

  /**
   * Queues one run of a scheduled task as if its tick at `at` had come (an operator catching up
   * by hand, tests with a simulated clock); it runs at once on whichever process is free.
   */
  async runScheduled(name: string, at: Date): Promise<void> {
    if (!this.scheduled.has(name)) throw new Error(`no scheduled task ${name}`);
    await this.pool.query(`select graphile_worker.add_job($1, json_build_object('_cron', json_build_object('ts', $2::text, 'backfilled', false)))`,
      [scheduledTask(name), at.toISOString()]);
  }

  /** Starts this process's workers and its sweep for the jobs of dead processes. */
  async start(): Promise<void> {
    await this.startWorkers();
    this.utils = await makeWorkerUtils({ pgPool: this.pool, logger: graphileLogger() });
    const every = this.opts.sweepMs ?? 3000;
    const tick = () => {
      this.sweepTimer = setTimeout(() => {
        this.sweeping = this.sweep().then(() => undefined, (err: unknown) => logger().warn({ err }, 'job sweep failed')).finally(() => { this.sweeping = null; if (!this.stopped) tick(); });
      }, every);
      this.sweepTimer.unref?.();
    };
    tick();
  }

  /**
   * The workers, then at once their liveness lock on a connection of its own (it is named after
   * the pool, whose id exists only once the pool does; the sweep leaves jobs locked in the last
   * two seconds alone for that moment). Whoever finds the lock free may give the jobs to others.
   */
  private async startWorkers(): Promise<void> {
    const events = new EventEmitter();
    const poolIdKnown = new Promise<string>((resolve) => events.once('pool:create', ({ workerPool }: { workerPool: { id: string } }) => resolve(workerPool.id)));
    const liveness = new pg.Client({ connectionString: this.opts.databaseUrl, application_name: `${this.appName}-liveness` });
    liveness.on('error', (err) => logger().error({ err }, 'job queue liveness connection lost'));
    // Without its lock this process looks dead to the others, who would run its jobs twice over:
    // its workers stop (their batches would be refused anyway) and start again under a new lock.
    liveness.on('end', () => { if (this.liveness === liveness && !this.stopped) void this.recover(); });
    await liveness.connect();
    this.liveness = liveness;
    this.runner = await run({
      pgPool: this.pool,
      concurrency: this.opts.concurrency ?? 2,
      pollInterval: this.opts.pollMs ?? 2000,
      noHandleSignals: true,
      events: events as never,
      logger: graphileLogger(),
      taskList: { [QUEUE_TASK]: (payload, helpers) => this.task(payload, helpers), ...this.scheduledTasks() },
      crontab: [...this.scheduled].map(([name, s]) => `${s.pattern} ${scheduledTask(name)}`).join('\n'),
    });
    this.poolId = await poolIdKnown;
    await liveness.query('select pg_advisory_lock($1, hashtext($2))', [LIVENESS_LOCK, this.poolId]);
    logger().info({ pool: this.poolId, host: hostname(), pid: process.pid }, 'job queue workers started');
  }

  /**
   * A scheduled task's run. A failure is logged and thrown, so graphile-worker retries it with
   * its backoff; the next tick would catch up anyway.
   */
  private scheduledTasks(): Record<string, (payload: unknown) => Promise<void>> {
    return Object.fromEntries([...this.scheduled].map(([name, s]) => [scheduledTask(name), async (payload: unknown) => {
      const ts = (payload as { _cron?: { ts?: string } } | null)?._cron?.ts;
      const at = ts ? new Date(ts) : new Date();
      try {
        await s.handler(Number.isNaN(at.getTime()) ? new Date() : at);
      } catch (err) {
        logger().error({ err, task: name }, 'scheduled task failed');
        throw err;
      }
    }]));
  }

  private recover(): Promise<void> {
    this.recovering ??= (async () => {
      logger().error({ pool: this.poolId }, 'job queue lost its liveness connection; restarting its workers');
      this.liveness = null;
      this.abort.abort();
      await this.runner?.stop().catch((err: unknown) => logger().warn({ err }, 'job queue workers stopped with errors'));
      this.runner = null;
      this.abort = new AbortController();
      for (let wait = 500; !this.stopped; wait = Math.min(wait * 2, 30_000)) {
        try {
          await this.startWorkers();
          return;
        } catch (err) {
          logger().error({ err }, 'job queue could not restart its workers; trying again');
          await new Promise((r) => setTimeout(r, wait));
        }
      }
    })().finally(() => { this.recovering = null; });
    return this.recovering;
  }

  /**
   * Records the job, its sealed input and its place in the queue in one transaction (committed
   * before this returns); some process starts it right after.
   */
  async submit<I>(spec: JobSpec, input: I): Promise<Job> {
    if (!this.handlers.has(spec.kind)) throw new Error(`no handler for job kind ${spec.kind}`);
    if (this.stopped) throw new AppError('INTERNAL', undefined, '系统正在停止，请稍后重试');
    const em = this.orm.em.fork();
    const job = em.create(Job, { kind: spec.kind, createdBy: spec.createdBy ?? null, unitId: spec.unitId ?? null, scopePath: spec.scopePath ?? null, inputHash: spec.inputHash ?? null });
    const sealed = sealInput(this.opts.crypto, input);
    await em.transactional(async (tx) => {
      tx.persist(job);
      await tx.flush();
      const knex = tx.getConnection().getKnex();
      const trx = tx.getTransactionContext();
      await knex.raw(`insert into job_input (job_id, sealed) values (?, ?)`, [job.id, sealed]).transacting(trx);
      await knex.raw(`select graphile_worker.add_job(?, json_build_object('jobId', ?::text))`, [QUEUE_TASK, job.id]).transacting(trx);
    });
    return job;
  }

  /** Resolves when no job of this database, and no run of a scheduled task due by now, is queued or running (tests, benchmarks). */
  async idle(): Promise<void> {
    for (;;) {
      const r = await this.pool.query<{ busy: boolean }>(`select exists (select 1 from job where status in ('queued', 'running'))
        or exists (select 1 from graphile_worker.jobs where task_identifier like 'tmis\\_cron\\_%' and run_at <= now() and attempts < max_attempts) as busy`);
      if (!r.rows[0]?.busy) return;
      await new Promise((res) => setTimeout(res, 25));
    }
  }

  /**
   * Graceful stop: running batch jobs hand themselves back at their next batch boundary (queued
   * again for another process, nothing lost); the workers then stop and the liveness lock goes.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.sweepTimer) clearTimeout(this.sweepTimer);
    await this.sweeping;
    await this.recovering;
    this.abort.abort();
    await this.runner?.stop().catch((err: unknown) => logger().warn({ err }, 'job queue stopped with errors'));
    await this.utils?.release();
    const liveness = this.liveness;
    this.liveness = null;
    await liveness?.end().catch(() => undefined);
    await this.pool.end().catch(() => undefined);
  }

  /** Unlocks the jobs of worker pools whose process is gone (their liveness lock is free). */
  async sweep(): Promise<number> {
    if (!this.liveness || !this.utils) return 0;
    // A pool that locked a job a moment ago may not hold its liveness lock yet: leave it a while.
    const held = await this.pool.query<{ locked_by: string }>(
      `select distinct locked_by from graphile_worker._private_jobs where locked_by is not null and locked_by <> $1 and locked_at < now() - interval '2 seconds'`, [this.poolId]);
    const dead: string[] = [];
    for (const { locked_by: id } of held.rows) {
      const r = await this.liveness.query<{ free: boolean }>('select pg_try_advisory_lock($1, hashtext($2)) as free', [LIVENESS_LOCK, id]);
      if (!r.rows[0]?.free) continue;
      await this.liveness.query('select pg_advisory_unlock($1, hashtext($2))', [LIVENESS_LOCK, id]);
      dead.push(id);
    }
    if (!dead.length) return 0;
    await this.utils.forceUnlockWorkers(dead);
    await this.pool.query(`select pg_notify('jobs:insert', json_build_object('count', $1::int)::text)`, [dead.length]);
    logger().warn({ pools: dead }, 'jobs of stopped processes returned to the queue');
    return dead.length;
  }

  /** Native bindings (MikroORM's execute would inline a produced file into the SQL text). */
  private sql<R extends pg.QueryResultRow = Record<string, unknown>>(text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    return this.pool.query<R>(text, values);
  }

  private async task(payload: unknown, _helpers: JobHelpers): Promise<void> {
    const jobId = (payload as { jobId?: string } | null)?.jobId;
    if (!jobId) return;
    const peek = await this.sql<{ kind: string }>(`select kind from job where id = $1 and status in ('queued', 'running')`, [jobId]);
    const kind = peek.rows[0]?.kind;
    if (!kind) return; // finished already: a late duplicate
    const handler = this.handlers.get(kind);
    // A process without this module: graphile-worker retries later, perhaps elsewhere.
    if (!handler) throw new Error(`no handler for job kind ${kind} in this process`);
    // The claim: from here on only this run may commit the job's batches.
    const claim = await this.sql<{ attempt: number; created_by: string | null; unit_id: string | null; scope_path: string | null }>(
      `update job set attempt = attempt + 1, status = 'running', started_at = coalesce(started_at, now())
        where id = $1 and status in ('queued', 'running') returning attempt, created_by, unit_id, scope_path`, [jobId]);
    const row = claim.rows[0];
    if (!row) return;
    const attempt = row.attempt;
    if (attempt > MAX_ATTEMPTS) return this.fail(jobId, attempt, 'JOB_RETRIES_EXHAUSTED', errorMessage('JOB_RETRIES_EXHAUSTED'));
    const sealed = (await this.sql<{ sealed: Buffer }>(`select sealed from job_input where job_id = $1`, [jobId])).rows[0]?.sealed;
    if (!sealed) return this.fail(jobId, attempt, 'JOB_INTERRUPTED', errorMessage('JOB_INTERRUPTED'));
    const running = runningJob({ id: jobId, kind, createdBy: row.created_by, unitId: row.unit_id, scopePath: row.scope_path, attempt }, this.abort.signal);
    let out: JobOutcome;
    try {
      out = await handler(running, openInput(this.opts.crypto, sealed) as never);
    } catch (e) {
      if (e instanceof JobHandedBack || (this.stopped && !(e instanceof AppError))) return this.handBack(jobId, attempt);
      if (isSuperseded(e)) {
        logger().warn({ jobId, attempt }, 'job taken over by another run; this run stops');
        return;
      }
      const code = e instanceof AppError ? e.code : 'JOB_FAILED';
      if (!(e instanceof AppError)) logger().error({ err: e, jobId, kind }, 'job failed');
      return this.fail(jobId, attempt, code, e instanceof AppError ? e.message : errorMessage('JOB_FAILED'));
    }
    const done = await this.sql(`update job set status = 'succeeded', progress = 1, counts = coalesce($1::jsonb, counts), processed = coalesce($2, processed),
        total = coalesce($2, processed), result = $3, finished_at = now() where id = $4 and attempt = $5`,
      [out.counts ? JSON.stringify(out.counts) : null, out.processed ?? null, out.result ?? null, jobId, attempt]);
    if (done.rowCount) await this.sql(`delete from job_input where job_id = $1`, [jobId]);
  }

  private async fail(jobId: string, attempt: number, code: string, message: string): Promise<void> {
    const r = await this.sql(`update job set status = 'failed', error_code = $1, error = $2, finished_at = now() where id = $3 and attempt = $4`, [code, message, jobId, attempt])
      .catch((err: unknown) => { logger().error({ err }, 'could not record job failure'); return null; });
    // A failed job keeps no copy of the upload; numbers held for batches that never committed are given up.
    if (!r?.rowCount) return;
    await this.sql(`delete from job_input where job_id = $1`, [jobId]).catch(() => undefined);
    await this.sql(`delete from job_number_reservation where job_id = $1`, [jobId]).catch(() => undefined);
  }

  /** Queued again for any process; this graphile-worker job ends as done. */
  private async handBack(jobId: string, attempt: number): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('begin');
      const r = await client.query(`update job set status = 'queued' where id = $1 and attempt = $2 and status = 'running'`, [jobId, attempt]);
      if (r.rowCount) await client.query(`select graphile_worker.add_job($1, json_build_object('jobId', $2::text))`, [QUEUE_TASK, jobId]);
      await client.query('commit');
      logger().info({ jobId, attempt }, 'job handed back to the queue at shutdown');
    } catch (e) {
      await client.query('rollback').catch(() => undefined);
      throw e;
    } finally {
      client.release();
    }
  }
}

/** graphile-worker's log lines through the gateway's logger. */
function graphileLogger(): GraphileLogger {
  return new GraphileLogger((scope) => (level, message, meta) => {
    const log = logger();
    const fields = { ...scope, ...meta, component: 'graphile-worker' };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else if (level === 'info') log.info(fields, message);
    else log.debug(fields, message);
  });
}
