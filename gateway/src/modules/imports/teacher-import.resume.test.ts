import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { teacherWorkbook } from '../../testing/teacher-workbook.js';
import { createTestApp, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { JobHandedBack, JobQueue, runningJob, type RunningJob } from '../../platform/jobs/job-queue.js';
import { BATCH_SIZE, TEACHER_IMPORT, teacherImportJob, type TeacherImportInput } from './teacher-import.job.js';
import { openReport } from './teacher-import.job.js';
import { readFirstSheet } from '../../platform/xlsx/xlsx-reader.js';

/**
 * A teacher import cut off after its first batches and taken up by another run finishes from its
 * last committed batch: every row counted once, every person once, teacher numbers without gaps,
 * and one error report holding the bad rows of both runs.
 */
let t: TestApp;
let world: World;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.jobs.stop(); // the test drives the runs itself
  world = await buildWorld(t.app, { accounts: [['s_info', 'schoolA', 'info_admin']] });
});
afterAll(async () => t?.close());

const ROWS = BATCH_SIZE * 3 + 500;
const BAD = [7, BATCH_SIZE + 11, BATCH_SIZE * 3 + 3]; // row indexes with an impossible birth date

function file(): Promise<Buffer> {
  return teacherWorkbook(Array.from({ length: ROWS }, (_, i) => {
    const birth = `19${70 + (i % 25)}-0${1 + (i % 9)}-1${i % 9}`;
    const doc = generateChineseIdCard({ regionCode: '330102', birthDate: birth, sequence: i % 999, gender: i % 2 ? '1' : '2' });
    return { name: `续传教师${i}`, gender: i % 2 ? '男' : '女', birthDate: BAD.includes(i) ? '1990-13-45' : birth, idNumber: doc, startDate: '2015-09-01' };
  }));
}

describe('teacher import resumed after an interruption', () => {
  it('finishes from the last committed batch with no duplicate and no gap in the numbers', async () => {
    const a = world.accounts.get('s_info')!;
    const unit = world.units.schoolA;
    const input: TeacherImportInput = {
      file: await file(), fileSha256: 'r'.repeat(64), unit: { id: unit.id, path: unit.path, level: unit.level }, ip: null,
      actor: { accountId: a.id, username: a.username, unitId: unit.id, scopePath: unit.path },
    };
    const q = new JobQueue(t.app.orm, { databaseUrl: t.databaseUrl, crypto: t.app.runtime.fieldCrypto });
    q.register(TEACHER_IMPORT, teacherImportJob(t.app.orm, t.app.runtime));
    const job = await q.submit({ kind: TEACHER_IMPORT, createdBy: a.id, unitId: unit.id, scopePath: unit.path }, input);
    const run = (attempt: number, signal: AbortSignal): RunningJob =>
      runningJob({ id: job.id, kind: TEACHER_IMPORT, createdBy: a.id, unitId: unit.id, scopePath: unit.path, attempt }, signal);
    const handler = teacherImportJob(t.app.orm, t.app.runtime);

    // Run 1 is asked to stop as soon as its first batch commits (as at a shutdown).
    await sql(t, `update job set status = 'running', attempt = 1 where id = ?`, [job.id]);
    const stop = new AbortController();
    const first = run(1, stop.signal);
    const firstRun = { ...first, progressStatement: (...args: Parameters<RunningJob['progressStatement']>) => { stop.abort(); return first.progressStatement(...args); } };
    await expect(handler(firstRun, input)).rejects.toBeInstanceOf(JobHandedBack);
    const afterFirst = await sql(t, `select batch_no, attempt, final from job_batch where job_id = ? order by batch_no`, [job.id]);
    expect(afterFirst.length).toBeGreaterThanOrEqual(1);
    expect(afterFirst.length).toBeLessThan(4);
    expect(afterFirst.every((b) => b.attempt === 1 && !b.final)).toBe(true);

    // Run 2 takes the job over.
    await sql(t, `update job set attempt = 2 where id = ?`, [job.id]);
    const out = await handler(run(2, new AbortController().signal), input);
    expect(out.counts).toMatchObject({ rows: ROWS, imported: ROWS - BAD.length, invalid: BAD.length, alreadyImported: 0, reEmployed: 0 });
    const batches = await sql(t, `select batch_no, attempt, final, (counts->>'rows')::int as rows from job_batch where job_id = ? order by batch_no`, [job.id]);
    expect(batches.map((b) => b.batch_no)).toEqual([0, 1, 2, 3]);
    expect(batches.filter((b) => b.attempt === 2).length).toBe(4 - afterFirst.length);
    expect(batches.reduce((n, b) => n + b.rows, 0)).toBe(ROWS);
    expect(batches.at(-1)!.final).toBe(true);

    const [teachers] = await sql(t, `select count(*)::int as n, count(distinct id_number_hash)::int as people,
        max(substr(teacher_no, 6, 8)::int) - min(substr(teacher_no, 6, 8)::int) + 1 as span from teacher where school_id = ? and name like '续传教师%'`, [unit.id]);
    expect(teachers).toEqual({ n: ROWS - BAD.length, people: ROWS - BAD.length, span: ROWS - BAD.length });
    expect(await sql(t, `select count(*)::int as n from job_number_reservation where job_id = ?`, [job.id])).toEqual([{ n: 0 }]);
    const [{ n: audits }] = await sql(t, `select count(*)::int as n from audit_entry where action = 'teacher.import' and target_id = ?`, [job.id]);
    expect(audits).toBe(1);

    // One report, in row order, with the bad rows of both runs.
    const report = readFirstSheet(openReport(t.app.runtime, out.result!));
    const rowNumbers: number[] = [];
    for await (const chunk of report.rows) for (const r of chunk) if (r.number > 1) rowNumbers.push(Number(r.cells.at(-3)));
    expect(rowNumbers).toEqual(BAD.map((i) => i + 2));
    await q.stop();
  });
});
