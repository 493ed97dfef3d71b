import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../graphql/errors.js';
import { createTestApp, sql, type TestApp } from '../../testing/test-app.js';
import { JobRunner } from './job-runner.js';

/** The job runner against a real database: one job at a time per kind, failures recorded, restarts marked. */
let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => t?.close());

const status = async (id: string) => (await sql(t, 'select status, progress, processed, total, counts, error_code, error, result is not null as has_result from job where id = ?', [id]))[0];

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
}

describe('JobRunner', () => {
  it('runs jobs of one kind one at a time, in order, and records the outcome', async () => {
    const runner = new JobRunner(t.app.orm);
    const gates = [deferred(), deferred()];
    const started: string[] = [];
    runner.register<number>('test_seq', async (job, n) => {
      started.push(job.id);
      await gates[n]!.promise;
      return { counts: { n }, processed: 10 + n, result: Buffer.from(`done ${n}`) };
    });
    const a = await runner.submit({ kind: 'test_seq', scopePath: '/1/' }, 0);
    const b = await runner.submit({ kind: 'test_seq', scopePath: '/1/' }, 1);
    await new Promise((r) => setTimeout(r, 50));
    expect(started).toEqual([a.id]);
    expect((await status(a.id))!.status).toBe('running');
    expect((await status(b.id))!.status).toBe('queued');
    gates[0]!.resolve();
    gates[1]!.resolve();
    await runner.idle();
    expect(started).toEqual([a.id, b.id]);
    expect(await status(b.id)).toMatchObject({ status: 'succeeded', progress: 1, processed: 11, total: 11, counts: { n: 1 }, has_result: true });
  });

  it('records a failure: the code of an AppError, a generic message otherwise', async () => {
    const runner = new JobRunner(t.app.orm);
    runner.register<boolean>('test_fail', async (_job, known) => {
      if (known) throw new AppError('IMPORT_FILE_INVALID');
      throw new Error('select * from secret');
    });
    const known = await runner.submit({ kind: 'test_fail' }, true);
    const unknown = await runner.submit({ kind: 'test_fail' }, false);
    await runner.idle();
    expect(await status(known.id)).toMatchObject({ status: 'failed', error_code: 'IMPORT_FILE_INVALID', error: '导入文件无法读取（须为 .xlsx 模板）' });
    expect(await status(unknown.id)).toMatchObject({ status: 'failed', error_code: 'JOB_FAILED', error: '任务执行失败' });
  });

  it('marks jobs cut off by a restart as interrupted, and leaves finished ones alone', async () => {
    const before = new JobRunner(t.app.orm);
    before.register('test_quick', async () => ({}));
    const finished = await before.submit({ kind: 'test_quick' }, null);
    await before.idle();
    const stuck = deferred();
    before.register('test_stuck', () => stuck.promise.then(() => ({})));
    const running = await before.submit({ kind: 'test_stuck' }, null);
    const queued = await before.submit({ kind: 'test_stuck' }, null);
    await new Promise((r) => setTimeout(r, 50));
    expect((await status(running.id))!.status).toBe('running');
    // A new process starts: whatever was running or queued cannot resume (its input is gone).
    const after = new JobRunner(t.app.orm);
    expect(await after.recoverInterrupted()).toBeGreaterThanOrEqual(2);
    for (const id of [running.id, queued.id]) {
      expect(await status(id)).toMatchObject({ status: 'failed', error_code: 'JOB_INTERRUPTED', error: '任务因系统重启而中断，请重新提交' });
    }
    expect(await status(finished.id)).toMatchObject({ status: 'succeeded', error_code: null });
    stuck.resolve();
    await before.stop();
  });

  it('refuses unknown kinds', async () => {
    await expect(new JobRunner(t.app.orm).submit({ kind: 'nope' }, null)).rejects.toThrow(/no handler/);
  });
});
