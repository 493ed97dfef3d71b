import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { generateChineseIdCard } from '@tmis/shared';
import { teacherWorkbook } from '../../testing/teacher-workbook.js';
import { createTestApp, dataOf, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { startGateways, stopAll, type GatewayProcess } from '../../testing/processes.js';

/**
 * Issue 12, must show: three gateway processes on one database, requests spread across them; the
 * process running a 20,000-row import is killed with SIGKILL in the middle, and the import still
 * ends `succeeded` with exactly 20,000 teachers, no duplicate and no gap in the teacher numbers.
 */
const ROWS = 20_000;
const JOB = `query($id: ID!) { job(id: $id) { id status processed counts errorCode } }`;

let t: TestApp;
let world: World;
let procs: GatewayProcess[] = [];
const key = randomBytes(32).toString('hex');

beforeAll(async () => {
  t = await createTestApp({ TMIS_SECRET_KEY: key });
  world = await buildWorld(t.app, { accounts: [['s_info', 'schoolA', 'info_admin']], oneProvince: true });
  // This test file's own gateway takes no part: only the three processes run jobs.
  await t.app.jobs.stop();
  procs = await startGateways(3, {
    DATABASE_URL: t.databaseUrl, TMIS_ENV: 'test', TMIS_SECRET_KEY: key, TMIS_DATA_DIR: t.dataDir, TMIS_CA_CERTS: join(t.dataDir, 'certs', 'ca.crt.pem'),
    TMIS_ARGON2_FAST: '1', LOG_LEVEL: 'warn', TMIS_JOB_SWEEP_MS: '500', TMIS_STATS_REFRESH_MS: '0',
  });
}, 240_000);

afterAll(async () => {
  await stopAll(procs);
  await t?.close();
});

function file(): Promise<Buffer> {
  return teacherWorkbook(Array.from({ length: ROWS }, (_, i) => {
    const birth = `19${70 + (i % 25)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
    const doc = generateChineseIdCard({ regionCode: ['330102', '330106', '330108'][i % 3]!, birthDate: birth, sequence: Math.floor(i / 3) % 999, gender: i % 2 ? '1' : '2' });
    return { name: `多进程教师${i}`, gender: i % 2 ? '男' : '女', birthDate: birth, idNumber: doc, startDate: '2016-09-01' };
  }));
}

/** The gateway process whose workers hold the job (its liveness connection names its pid). */
async function runnerOf(jobId: string): Promise<GatewayProcess | undefined> {
  const rows = await sql<{ app: string }>(t, `select a.application_name as app from graphile_worker._private_jobs j
      join pg_locks l on l.locktype = 'advisory' and l.classid = 727002 and l.objsubid = 2 and l.granted
        and l.objid::bigint = (hashtext(j.locked_by)::bigint & 4294967295)
      join pg_stat_activity a on a.pid = l.pid
    where j.payload->>'jobId' = ? and j.locked_by is not null`, [jobId]);
  const pid = Number(/^tmis-jobs-(\d+)-liveness$/.exec(rows[0]?.app ?? '')?.[1]);
  return procs.find((p) => p.pid === pid);
}

describe('several gateway processes on one database', () => {
  it('finishes a 20,000-row import whose process was killed in the middle: exactly 20,000 teachers, no duplicate', async () => {
    const body = await file();
    // Logged in on one process, the session works on all (nothing lives in one process's memory).
    const token = await loginAs({ gql: procs[0]!.gql } as never, 's_info', world.certDir);
    const unit = world.units.schoolA;
    const up = await fetch(`${procs[1]!.url}/api/imports/teachers?unitId=${unit.id}`, {
      method: 'POST', body, headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', authorization: `Bearer ${token}` },
    });
    expect(up.status).toBe(202);
    const { jobId } = (await up.json()) as { jobId: string };

    // Requests go round the three processes while the import runs; kill the runner once a batch has committed.
    let victim: GatewayProcess | undefined;
    let seenAt = -1;
    for (let i = 0; !victim; i++) {
      const live = procs.filter((p) => p.alive);
      const job = dataOf(await live[i % live.length]!.gql(JOB, { id: jobId }, token)).job;
      expect(job.status).not.toBe('succeeded'); // the kill must land mid-import
      if (job.processed >= 2000) {
        victim = await runnerOf(jobId);
        seenAt = job.processed;
      }
      if (!victim) await new Promise((r) => setTimeout(r, 30));
    }
    await victim.kill();
    expect(seenAt).toBeLessThan(ROWS);
    const cut = (await sql(t, `select processed from job where id = ?`, [jobId]))[0]!.processed as number;
    expect(cut).toBeLessThan(ROWS);

    const survivors = procs.filter((p) => p.alive);
    expect(survivors).toHaveLength(2);
    let done: any;
    for (let i = 0; ; i++) {
      done = dataOf(await survivors[i % 2]!.gql(JOB, { id: jobId }, token)).job;
      if (done.status === 'succeeded' || done.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(done).toMatchObject({ status: 'succeeded', processed: ROWS, errorCode: null });
    expect(done.counts).toMatchObject({ rows: ROWS, imported: ROWS, invalid: 0, alreadyImported: 0 });

    const [teachers] = await sql(t, `select count(*)::int as n, count(distinct id_number_hash)::int as people, count(distinct teacher_no)::int as numbers,
        max(substr(teacher_no, 6, 8)::int) - min(substr(teacher_no, 6, 8)::int) + 1 as span
      from teacher where school_id = ? and name like '多进程教师%'`, [unit.id]);
    expect(teachers).toEqual({ n: ROWS, people: ROWS, numbers: ROWS, span: ROWS });
    const [{ employments }] = await sql(t, `select count(*)::int as employments from employment e join teacher t on t.id = e.teacher_id
      where t.name like '多进程教师%' and e.end_date is null`);
    expect(employments).toBe(ROWS);
    // Taken over once: batches of both runs, each batch once.
    const batches = await sql(t, `select attempt, count(*)::int as n from job_batch where job_id = ? group by attempt order by attempt`, [jobId]);
    expect(batches.map((b) => b.attempt)).toEqual([1, 2]);
    expect(batches.reduce((n, b) => n + b.n, 0)).toBe(ROWS / 2000 + 1);
    const [{ audits }] = await sql(t, `select count(*)::int as audits from audit_entry where action = 'teacher.import' and target_id = ?`, [jobId]);
    expect(audits).toBe(1);

    // The killed process comes back and joins in again.
    await victim.restart();
    expect(dataOf(await victim.gql(JOB, { id: jobId }, token)).job.status).toBe('succeeded');
  });
});
