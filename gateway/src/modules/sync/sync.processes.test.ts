import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { generateChineseIdCard } from '@tmis/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/auth-helpers.js';
import { dataOf } from '../../testing/test-app.js';
import { startGateway as startProcess, stopAll, type GatewayProcess } from '../../testing/processes.js';
import { buildUnit } from '../../demo/builders.js';
import { DELIVERY_LOCK } from '../../platform/sync/sync-agent.js';
import { addAccounts, buildProvince, freshDatabase, keepOf, startGateway, waitFor } from './testing/cluster.js';

/**
 * Issue 12, must show: a province with 3 gateway processes on one database reports to a national
 * system of 2 processes on another, while processes are killed (SIGKILL, mostly the one holding
 * the delivery lock) and restarted. Teacher changes are made through GraphQL, spread across the
 * live province processes. At the end the national count and (id, version) checksum equal the
 * province's, and the national applied-change log holds each teacher version once.
 */
const KEY = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const P = '110000';
/** At least this many registrations, and on until the chaos has killed this many processes. */
const MIN_REGISTRATIONS = 100;
const MIN_PROVINCE_KILLS = 6;
const MAX_REGISTRATIONS = 1500;
const STATUS_CHANGES = 30;

let dbN: string;
let dbP: string;
let nationals: GatewayProcess[] = [];
let provinces: GatewayProcess[] = [];
let world: Awaited<ReturnType<typeof buildProvince>>;
const tok: Record<string, string> = {};

async function query<T>(url: string, text: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows as T[];
  } finally {
    await c.end();
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A request to the first live process from `start` on; a process killed under it is skipped. When
 * a kill cut an answer off, the change may have committed: a retry refused with one of
 * `doneCodes` (e.g. "already registered") means it did.
 */
async function gqlAny(procs: GatewayProcess[], start: number, q: string, vars: Record<string, unknown>, token: string, doneCodes: string[] = []): Promise<Record<string, any>> {
  let cut = false;
  for (let attempt = 0; attempt < 80; attempt++) {
    const p = procs[(start + attempt) % procs.length]!;
    if (!p.alive) { await sleep(50); continue; }
    let r: Awaited<ReturnType<GatewayProcess['gql']>>;
    try {
      r = await p.gql(q, vars, token);
    } catch {
      cut = true; // connection refused or cut by a kill: try the next process
      continue;
    }
    if (!r.errors) return r.data!;
    const code = String((r.errors[0] as { extensions?: { code?: unknown } }).extensions?.code ?? '');
    if (cut && doneCodes.includes(code)) return {};
    // An unexpected error: the process's own log lines for that request say what it was.
    const requestId = String((r.errors[0] as { extensions?: { requestId?: unknown } }).extensions?.requestId ?? '');
    const logLines = requestId ? p.output().split('\n').filter((l) => l.includes(requestId)).join('\n') : '';
    throw new Error(`${p.name}: ${JSON.stringify(r.errors)}${logLines ? `\n${logLines}` : ''}`);
  }
  throw new Error('no live process answered');
}

/** The province process whose delivery loop holds the lock right now (by the lock connection's name). */
async function deliveryHolder(): Promise<GatewayProcess | undefined> {
  const [row] = await query<{ app: string }>(dbP, `select a.application_name as app from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = $1 and l.objsubid = 1`, [DELIVERY_LOCK]);
  const pid = Number(/-(\d+)$/.exec(row?.app ?? '')?.[1]);
  return provinces.find((p) => p.alive && p.pid === pid);
}

/** A push of this province is being applied at national right now (its per-province apply lock is held). */
async function nationalApplying(): Promise<boolean> {
  const rows = await query(dbN, `select 1 from pg_locks where locktype = 'advisory' and granted and objsubid = 1
    and objid = (hashtext('tmis-sync:' || $1::text)::bigint & 4294967295)`, [P]);
  return rows.length > 0;
}

beforeAll(async () => {
  [dbN, dbP] = await Promise.all([freshDatabase(), freshDatabase()]);
  const nEnv = { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${P}:${KEY}`, TMIS_REGISTRY_KEY: REGISTRY };
  const pEnv = { TMIS_PROVINCE_CODE: P, TMIS_SYNC_KEY: KEY, TMIS_REGISTRY_KEY: REGISTRY };
  // Seed each database with a gateway in this test process (sync off), then hand it to real processes.
  const seedN = await startGateway(dbN, nEnv);
  const em = seedN.app.orm.em.fork();
  const root = await buildUnit(em, null, { code: '000000', name: '中华人民共和国教育部', level: 'national' });
  await em.flush();
  await addAccounts(seedN, [['n-sys', root, 'system_admin']]);
  const keepN = keepOf(seedN);
  await seedN.close();
  const seedP = await startGateway(dbP, pEnv);
  world = await buildProvince(seedP, { code: P, name: '乙省', prefix: 'b', teachers: 40, idRegion: '110108', seqBase: 100 });
  const keepP = keepOf(seedP);
  await seedP.close();

  const common = { TMIS_ENV: 'test', TMIS_ARGON2_FAST: '1', LOG_LEVEL: 'error', TMIS_SHUTDOWN_GRACE_MS: '1000', TMIS_JOB_SWEEP_MS: '1000' };
  const envOf = (db: string, keep: { secret: string; dataDir: string }, extra: Record<string, string>): Record<string, string> => ({
    ...common, DATABASE_URL: db, TMIS_SECRET_KEY: keep.secret, TMIS_DATA_DIR: keep.dataDir, TMIS_CA_CERTS: join(keep.dataDir, 'certs', 'ca.crt.pem'), ...extra,
  });
  for (let i = 0; i < 2; i++) nationals.push(await startProcess(`national${i + 1}`, envOf(dbN, keepN, { ...nEnv, TMIS_STATS_REFRESH_MS: '0' })));
  // Each province process reports to one of the two national processes; all three refresh statistics too.
  for (let i = 0; i < 3; i++) {
    provinces.push(await startProcess(`province${i + 1}`, envOf(dbP, keepP, {
      ...pEnv, TMIS_NATIONAL_URL: nationals[i % 2]!.url, TMIS_SYNC_INTERVAL_MS: '100', TMIS_STATS_REFRESH_MS: '300',
    })));
  }
  const certDir = join(keepP.dataDir, 'certs');
  tok.sys = await loginAs({ gql: provinces[0]!.gql } as never, 'b-sys');
  tok.county = await loginAs({ gql: provinces[1]!.gql } as never, 'b-county', certDir);
  tok.school = await loginAs({ gql: provinces[2]!.gql } as never, 'b-school', certDir);
  tok.n = await loginAs({ gql: nationals[0]!.gql } as never, 'n-sys');
}, 180_000);

afterAll(async () => {
  await stopAll([...provinces, ...nationals]);
});

const REGISTER = `mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id } }`;
const RETIRE = `mutation($t: ID!) { changeEmploymentStatus(teacherId: $t, status: "retired", effectiveDate: "2026-01-01") { id } }`;
const CHECKSUMS = `{ syncChecksums { provinceCode teachers checksum } }`;
const STATUS = `{ syncStatus { pending delivered rejected skipped lastSuccessAt reasons { outcome code count } } }`;

describe('a province of 3 processes reports to a national system of 2 while processes are killed and restarted', () => {
  it('ends with equal counts and (id, version) checksums, every teacher version applied exactly once', async () => {
    const t0 = performance.now();
    let done = false;
    const kills = { deliveringProvince: 0, midPush: 0, otherProvince: 0, national: 0 };
    // Chaos: kill the process that is delivering (caught in the act when possible), now and then a national one; restart each.
    const chaos = (async () => {
      let round = 0;
      while (!done) {
        await sleep(400);
        round++;
        if (round % 3 === 0) { const n = nationals[round % 2]!; await n.kill(); kills.national++; await n.restart(); }
        let victim: GatewayProcess | undefined;
        // Best: while national is applying its push (the answer will be lost); else while it delivers at all.
        // A data fix by SQL touching every teacher makes a push long enough to be caught in the act.
        if (round % 2 === 0) await query(dbP, `update teacher set name = name`);
        for (let i = 0; i < 200 && !victim && !done; i++) {
          if (round % 2 === 0 && await nationalApplying()) { victim = await deliveryHolder(); if (victim) kills.midPush++; }
          else if (round % 2 === 1 || i > 150) victim = await deliveryHolder();
          if (!victim) await sleep(5);
        }
        if (victim) kills.deliveringProvince++;
        else { victim = provinces[round % 3]!; kills.otherProvince++; }
        await victim.kill();
        await victim.restart();
      }
    })();

    // Workload: two clients, each spreading its requests over the province processes.
    const schools = [world.units.school.id, world.units.school2.id];
    const atSchool = world.teacherIds.filter((_, i) => i % 2 === 0).slice(0, STATUS_CHANGES);
    let registered = 0;
    const enough = (n: number): boolean => n >= MAX_REGISTRATIONS || (n >= MIN_REGISTRATIONS && kills.deliveringProvince + kills.otherProvince >= MIN_PROVINCE_KILLS && kills.national >= 1);
    const work = async (worker: number): Promise<void> => {
      for (let n = worker; !enough(n); n += 2) {
        registered++;
        const birthDate = `1991-07-${String(1 + Math.floor(n / 400)).padStart(2, '0')}`;
        const idNumber = generateChineseIdCard({ regionCode: '110105', birthDate, sequence: 2 * (n % 400) + 1, gender: '1' });
        await gqlAny(provinces, n, REGISTER, { i: { unitId: schools[n % 2], name: `进程教师${n}`, gender: '1', birthDate, idNumber, startDate: '2025-09-01' } }, tok.county!, ['TEACHER_DUPLICATE_ACTIVE']);
        if (n % 4 === worker && atSchool.length) await gqlAny(provinces, n + 1, RETIRE, { t: atSchool.pop() }, tok.school!, ['EMPLOYMENT_STATUS_TRANSITION']);
      }
    };
    await Promise.all([work(0), work(1)]);
    const workSecs = (performance.now() - t0) / 1000;
    done = true;
    await chaos;
    for (const p of [...provinces, ...nationals]) if (!p.alive) await p.restart();

    const [{ n: teachers }] = await query<{ n: number }>(dbP, 'select count(*)::int as n from teacher') as [{ n: number }];
    expect(teachers).toBe(world.teacherIds.length + registered);
    await waitFor('the outbox to drain', async () => (await gqlAny(provinces, 0, STATUS, {}, tok.sys!)).syncStatus.pending === 0, 60_000, 200);
    const drainSecs = (performance.now() - t0) / 1000 - workSecs;

    // Counts and (id, version) checksums agree: asked of different processes on each side.
    const mine = (await gqlAny(provinces, 1, CHECKSUMS, {}, tok.sys!)).syncChecksums[0];
    const theirs = (await gqlAny(nationals, 1, CHECKSUMS, {}, tok.n!)).syncChecksums.find((c: { provinceCode: string }) => c.provinceCode === P);
    expect(mine.teachers).toBe(teachers);
    expect(theirs).toEqual(mine);
    // The national side's own copies agree too (not only its registry).
    const [held] = await query<{ n: number; sum: string }>(dbN, `select count(*)::int as n, md5(string_agg(t.id::text || ':' || t.version, ',' order by t.id)) as sum
      from teacher t join unit p on p.level = 'province' and p.code = $1 and t.scope_path like p.path || '%'`, [P]);
    expect(held).toEqual({ n: mine.teachers, sum: mine.checksum });

    // Exactly once: no teacher version applied twice; each teacher's final version applied once; the rest recognised.
    const twice = await query(dbN, `select ref_id, version from sync_applied where kind = 'teacher' and outcome = 'applied' group by 1, 2 having count(*) > 1`);
    expect(twice).toEqual([]);
    const finals = await query<{ id: string; version: number }>(dbP, 'select id::text, version from teacher');
    const applied = new Set((await query<{ k: string }>(dbN, `select ref_id::text || ':' || version as k from sync_applied where kind = 'teacher' and outcome = 'applied'`)).map((r) => r.k));
    expect(finals.filter((t) => !applied.has(`${t.id}:${t.version}`))).toEqual([]);
    const outcomes = Object.fromEntries((await query<{ outcome: string; n: number }>(dbN, `select outcome, count(*)::int as n from sync_applied group by 1`)).map((r) => [r.outcome, r.n]));
    expect(outcomes.rejected ?? 0).toBe(0);
    // Pushes whose answer a kill cut off went again and were recognised (answered duplicate, not applied again).
    const stamped = Object.fromEntries((await query<{ outcome: string; n: number }>(dbP, `select outcome, count(*)::int as n from sync_outbox group by 1`)).map((r) => [r.outcome, r.n]));
    if (kills.midPush > 0) expect(stamped.duplicate ?? 0).toBeGreaterThan(0);

    // Nothing was refused or left unexplained; the delivery state is the same whichever process answers.
    const [s1, s2] = [(await gqlAny(provinces, 0, STATUS, {}, tok.sys!)).syncStatus, (await gqlAny(provinces, 2, STATUS, {}, tok.sys!)).syncStatus];
    expect(s1.rejected).toBe(0);
    expect(s1.reasons).toEqual([{ outcome: 'skipped', code: 'SYNC_ABOVE_PROVINCE', count: 1 }]);
    expect(s2.lastSuccessAt).not.toBeNull();
    expect(s2.delivered).toBe(s1.delivered);

    // The statistics refresher of three processes leaves an exact rollup (no unit counted twice).
    await waitFor('the rollup to catch up', async () => (await query<{ n: number }>(dbP, 'select count(*)::int as n from stats_dirty'))[0]!.n === 0, 30_000, 200);
    const sums = await query<{ cuboid: number; n: number }>(dbP, 'select cuboid, sum(n)::int as n from stats_rollup group by cuboid');
    expect(sums.length).toBeGreaterThan(0);
    for (const s of sums) expect(s.n).toBe(teachers);

    expect(kills.deliveringProvince + kills.otherProvince).toBeGreaterThanOrEqual(MIN_PROVINCE_KILLS);
    expect(kills.deliveringProvince).toBeGreaterThanOrEqual(2);
    console.log(`[sync processes] ${registered} registrations + ${STATUS_CHANGES} status changes over 3 province processes in ${workSecs.toFixed(1)} s; `
      + `kills: ${kills.deliveringProvince} while delivering (${kills.midPush} while national applied its push), ${kills.otherProvince} other province, ${kills.national} national; drained ${drainSecs.toFixed(1)} s after; `
      + `national applied log: ${JSON.stringify(outcomes)}; province outbox: ${JSON.stringify(stamped)}`);
  }, 600_000);
});
