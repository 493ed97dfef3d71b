import type { MikroORM } from '@mikro-orm/postgresql';
import { errorMessage } from '@tmis/shared';
import { AppError } from '../graphql/errors.js';
import { logger } from '../logging.js';
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
  /**
   * The statement that adds to the job's progress: `processed` and each counter are increments,
   * so batches committing concurrently each add their own share; `progress` only moves forward.
   * In knex `?` form, for a handler to run inside each batch's transaction (progress and data
   * commit together).
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

interface Queued { job: Job; input: unknown }

/**
 * A small durable job runner: jobs are rows of `job`, run in this process one at a time per
 * kind (an import holds one database connection and most of a CPU; two at once would only
 * halve each). Inputs stay in memory, so a restart cannot resume a job: `recoverInterrupted`
 * marks what was queued or running as failed with JOB_INTERRUPTED, and the user resubmits.
 */
export class JobRunner {
  private readonly handlers = new Map<string, JobHandler<never>>();
  private readonly queues = new Map<string, Queued[]>();
  private readonly loops = new Map<string, Promise<void>>();
  private stopped = false;

  constructor(private readonly orm: MikroORM) {}

  register<I>(kind: string, handler: JobHandler<I>): void {
    this.handlers.set(kind, handler as JobHandler<never>);
  }

  /** At start-up: nothing is running yet, so every queued or running row was cut off. */
  async recoverInterrupted(): Promise<number> {
    const res = await this.sql(`update job set status = 'failed', error_code = 'JOB_INTERRUPTED', error = ?, finished_at = now() where status in ('queued', 'running')`,
      [errorMessage('JOB_INTERRUPTED')]);
    return res.rowCount ?? 0;
  }

  /** Records the job (committed before this returns) and starts it once the caller's turn is over. */
  async submit<I>(spec: JobSpec, input: I): Promise<Job> {
    if (!this.handlers.has(spec.kind)) throw new Error(`no handler for job kind ${spec.kind}`);
    if (this.stopped) throw new AppError('INTERNAL', undefined, '系统正在停止，请稍后重试');
    const em = this.orm.em.fork();
    const job = em.create(Job, { kind: spec.kind, createdBy: spec.createdBy ?? null, unitId: spec.unitId ?? null, scopePath: spec.scopePath ?? null, inputHash: spec.inputHash ?? null });
    await em.persistAndFlush(job);
    const queue = this.queues.get(spec.kind) ?? [];
    this.queues.set(spec.kind, queue);
    queue.push({ job, input });
    // After the current request has answered: a job never delays the upload's 202.
    setImmediate(() => this.pump(spec.kind));
    return job;
  }

  /** Resolves when every queue is empty and nothing runs (tests, benchmarks, shutdown). */
  async idle(): Promise<void> {
    while (this.loops.size || [...this.queues.values()].some((q) => q.length)) {
      await Promise.all(this.loops.values());
      await new Promise((r) => setImmediate(r));
    }
  }

  /** Lets running jobs finish; queued ones stay 'queued' and are marked interrupted at the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const q of this.queues.values()) q.length = 0;
    await Promise.all(this.loops.values());
  }

  private pump(kind: string): void {
    if (this.loops.has(kind) || this.stopped) return;
    const loop = (async () => {
      const queue = this.queues.get(kind) ?? [];
      for (let next = queue.shift(); next && !this.stopped; next = queue.shift()) await this.run(next);
    })().finally(() => this.loops.delete(kind));
    this.loops.set(kind, loop);
  }

  /** Native bindings (MikroORM's execute would inline a produced file into the SQL text). */
  private sql(text: string, bindings: unknown[]): Promise<{ rowCount: number | null }> {
    return this.orm.em.getConnection().getKnex().raw(text, bindings as never) as unknown as Promise<{ rowCount: number | null }>;
  }

  private async run({ job, input }: Queued): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const running: RunningJob = {
      id: job.id, kind: job.kind, createdBy: job.createdBy ?? null, unitId: job.unitId ?? null, scopePath: job.scopePath ?? null,
      progressStatement: (processed, progress, counts) => ({
        sql: `update job set processed = processed + ?, progress = greatest(progress, ?),
          counts = (select jsonb_object_agg(k, coalesce((job.counts ->> k)::int, 0) + coalesce((?::jsonb ->> k)::int, 0))
                      from jsonb_object_keys(coalesce(job.counts, '{}'::jsonb) || ?::jsonb) k)
          where id = ?`,
        bindings: [processed, Math.min(1, Math.max(0, progress)), JSON.stringify(counts), JSON.stringify(counts), job.id],
      }),
    };
    try {
      await this.sql(`update job set status = 'running', started_at = now() where id = ?`, [job.id]);
      const out = await handler(running, input as never);
      await this.sql(`update job set status = 'succeeded', progress = 1, counts = coalesce(?::jsonb, counts), processed = coalesce(?, processed),
        total = coalesce(?, processed), result = ?, finished_at = now() where id = ?`,
        [out.counts ? JSON.stringify(out.counts) : null, out.processed ?? null, out.processed ?? null, out.result ?? null, job.id]);
    } catch (e) {
      const code = e instanceof AppError ? e.code : 'JOB_FAILED';
      if (!(e instanceof AppError)) logger().error({ err: e, jobId: job.id, kind: job.kind }, 'job failed');
      await this.sql(`update job set status = 'failed', error_code = ?, error = ?, finished_at = now() where id = ?`,
        [code, e instanceof AppError ? e.message : errorMessage('JOB_FAILED'), job.id]).catch((err: unknown) => logger().error({ err }, 'could not record job failure'));
    }
  }
}
