import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { AppError } from '../graphql/errors.js';
import { createTestApp, sql, type TestApp } from '../../testing/test-app.js';
import { JobHandedBack, JobQueue, JOB_SUPERSEDED_SQLSTATE, type RunningJob } from './job-queue.js';

/**
 * The job queue against a real database, with several queues standing for several processes:
 * outcomes recorded, inputs sealed and dropped when done, a dead process's job taken over by
 * another (and the dead one's late writes refused), a stopping process handing its job back.
 */
let t: TestApp;
const queues: JobQueue[] = [];
beforeAll(async () => {
  t = await createTestApp();
  // The app's own workers would take these test kinds too (and retry them, having no handler).
  await t.app.jobs.stop();
});
// Each test's processes stop with it, so no queue takes another test's kinds.
afterEach(async () => {
  for (const q of queues.splice(0)) await q.stop();
});
afterAll(async () => t?.close());

const status = async (id: string) => (await sql(t, `select status, progress, processed, total, counts, error_code, error, attempt, result is not null as has_result,
  exists (select 1 from job_input i where i.job_id = job.id) as has_input from job where id = ?`, [id]))[0];

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

async function queue(name: string, register: (q: JobQueue) => void): Promise<JobQueue> {
  const q = new JobQueue(t.app.orm, { databaseUrl: t.databaseUrl, crypto: t.app.runtime.fieldCrypto, sweepMs: 200, pollMs: 200, applicationName: `tmis-jobs-${name}` });
  register(q);
  await q.start();
  queues.push(q);
  return q;
}

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One statement of a batch commit, as a handler runs it in its transaction. */
async function commitProgress(job: RunningJob, n: number): Promise<void> {
  const p = job.progressStatement(n, 0.5, { rows: n });
  const knex = t.app.orm.em.getConnection().getKnex();
  await knex.transaction(async (trx) => { await trx.raw(knex.raw(p.sql, p.bindings as never).toQuery()); });
}

describe('JobQueue', () => {
  it('runs a job on some process, records the outcome, and keeps the input sealed only until it is done', async () => {
    const seen: unknown[] = [];
    const q = await queue('a', (q) => q.register<{ file: Buffer; n: number }>('test_ok', async (_job, input) => {
      seen.push(input);
      return { counts: { n: input.n }, processed: 11, result: Buffer.from('done') };
    }));
    const file = Buffer.from('身份证号 330102198806010512');
    const gate = deferred();
    // Sealed at rest: the stored input never shows the file's text.
    const job = await q.submit({ kind: 'test_ok', scopePath: '/1/' }, { file, n: 7 });
    const [{ sealed }] = await sql(t, 'select sealed from job_input where job_id = ?', [job.id]) as [{ sealed: Buffer }];
    expect(sealed.includes(Buffer.from('330102198806010512'))).toBe(false);
    gate.resolve();
    await q.idle();
    expect(seen).toEqual([{ file, n: 7 }]);
    expect(await status(job.id)).toMatchObject({ status: 'succeeded', progress: 1, processed: 11, total: 11, counts: { n: 7 }, has_result: true, attempt: 1, has_input: false });
  });

  it('records a failure: the code of an AppError, a generic message otherwise, and drops the input', async () => {
    const q = await queue('b', (q) => q.register<boolean>('test_fail', async (_job, known) => {
      if (known) throw new AppError('IMPORT_FILE_INVALID');
      throw new Error('select * from secret');
    }));
    const known = await q.submit({ kind: 'test_fail' }, true);
    const unknown = await q.submit({ kind: 'test_fail' }, false);
    await q.idle();
    expect(await status(known.id)).toMatchObject({ status: 'failed', error_code: 'IMPORT_FILE_INVALID', error: '导入文件无法读取（须为 .xlsx 模板）', has_input: false });
    expect(await status(unknown.id)).toMatchObject({ status: 'failed', error_code: 'JOB_FAILED', error: '任务执行失败', has_input: false });
  });

  it('gives a dead process\'s job to a live one at once, and refuses the dead run\'s late writes', async () => {
    // A process died holding the job (graphile-worker's lock, attempt 1): no liveness lock is held for its pool.
    const submitter = new JobQueue(t.app.orm, { databaseUrl: t.databaseUrl, crypto: t.app.runtime.fieldCrypto });
    submitter.register('test_takeover', async () => ({}));
    const job = await submitter.submit({ kind: 'test_takeover' }, { n: 2 });
    await sql(t, `update graphile_worker._private_jobs set locked_by = 'pool-dead', locked_at = now() - interval '1 minute', attempts = 1 where payload->>'jobId' = ?`, [job.id]);
    await sql(t, `update job set status = 'running', attempt = 1 where id = ?`, [job.id]);
    const runs: number[] = [];
    await queue('survivor', (q) => q.register<{ n: number }>('test_takeover', async (j, input) => {
      runs.push(j.attempt);
      await commitProgress(j, input.n);
      return { processed: input.n };
    }));
    const done = await until(() => status(job.id), (s) => s?.status === 'succeeded');
    expect(runs).toEqual([2]);
    expect(done).toMatchObject({ attempt: 2, processed: 2, has_input: false });
    // The first run's batches may not commit any more.
    await expect(sql(t, 'select tmis_job_owned(?, 1)', [job.id])).rejects.toMatchObject({ code: JOB_SUPERSEDED_SQLSTATE });
    await submitter.stop();
  });

  it('leaves a live process\'s job alone, and restarts its workers under a new lock when it loses its connection', async () => {
    const gate = deferred();
    const started = deferred<RunningJob>();
    const q = await queue('blip', (q) => q.register('test_blip', async (job) => {
      started.resolve(job);
      await gate.promise;
      return {};
    }));
    const job = await q.submit({ kind: 'test_blip' }, null);
    await started.promise;
    // A second process, started once the first holds the job.
    const other = await queue('other', (q) => q.register('test_blip', async () => ({})));
    // Long past the sweep's grace: the live pool keeps its job.
    await new Promise((r) => setTimeout(r, 2600));
    expect(await other.sweep()).toBe(0);
    expect((await status(job.id))!.attempt).toBe(1);
    const locks = () => sql(t, `select count(*)::int as n from pg_locks where locktype = 'advisory' and classid = 727002 and granted`);
    const before = (await locks())[0]!.n;
    const admin = new pg.Client({ connectionString: t.databaseUrl });
    await admin.connect();
    await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'tmis-jobs-blip-liveness'`);
    await admin.end();
    gate.resolve();
    // Back under a new lock; the job still finishes once (by whichever process).
    await until(async () => (await sql(t, `select count(*)::int as n from pg_stat_activity where application_name = 'tmis-jobs-blip-liveness'`))[0]!.n, (n) => n === 1);
    await until(() => status(job.id), (s) => s?.status === 'succeeded');
    // The new liveness connection takes its lock right after connecting: wait for it, not just the connection.
    expect((await until(locks, (r) => r[0]!.n === before))[0]!.n).toBe(before);
  });

  it('hands a running job back when its process stops; another process finishes it', async () => {
    const started = deferred();
    const stopping = await queue('stopping', (q) => q.register('test_handback', async (job) => {
      started.resolve();
      // A batch loop: stop at a batch boundary once asked to.
      for (;;) {
        if (job.signal.aborted) throw new JobHandedBack();
        await new Promise((r) => setTimeout(r, 20));
      }
    }));
    const job = await stopping.submit({ kind: 'test_handback' }, { n: 1 });
    await started.promise;
    await stopping.stop();
    expect(await status(job.id)).toMatchObject({ status: 'queued', attempt: 1, has_input: true });
    const attempts: number[] = [];
    await queue('next', (q) => q.register<{ n: number }>('test_handback', async (j, input) => {
      attempts.push(j.attempt);
      return { counts: { n: input.n } };
    }));
    const done = await until(() => status(job.id), (s) => s?.status === 'succeeded');
    expect(done).toMatchObject({ attempt: 2, counts: { n: 1 } });
    expect(attempts).toEqual([2]);
  });

  it('refuses unknown kinds', async () => {
    const q = await queue('c', () => undefined);
    await expect(q.submit({ kind: 'nope' }, null)).rejects.toThrow(/no handler/);
  });
});
