import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp } from '../app/app.js';
import { buildAccount } from '../demo/builders.js';
import { Unit } from '../modules/units/unit.entity.js';
import { loadConfig } from '../platform/config.js';
import { freePort } from '../platform/db/embedded.js';
import { logger } from '../platform/logging.js';
import { backupDatabase, restoreDatabase } from '../platform/backup/backup.js';
import { generateTree } from './generate.js';
import { benchDatabase, gqlClient, machineFacts, ms, summarize, table } from './measure.js';

/**
 * Sizing figures for docs/deployment.md (issue 12): requests per second and memory of real
 * gateway processes (`node gateway/dist/main.js`, production mode) on one database of
 * generated teachers, with 1, 2, … processes behind a client that spreads its requests over them
 * as a proxy would. The mix is what officials do most: the teachers list of a county and of the
 * province, first page and filtered, each request with its session check.
 *
 *   node gateway/dist/bench/throughput.js [--teachers 200000] [--processes 1,2] [--inflight 16] [--seconds 20] [--no-backup]
 *
 * Memory is each process's resident set (VmRSS) after the run and its peak (VmHWM). Then the same
 * database is backed up and restored into a new one with the operator commands' code (needs
 * pg_dump of the server's major: scripts/pg-client.mjs), timed.
 */
const { values: args } = parseArgs({
  options: {
    teachers: { type: 'string', default: '200000' },
    processes: { type: 'string', default: '1,2' },
    inflight: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
    backup: { type: 'boolean', default: true },
  },
});
const TEACHERS = Number(args.teachers);
const PROCESSES = args.processes!.split(',').map(Number);
const INFLIGHT = Number(args.inflight);
const SECONDS = Number(args.seconds);
const PASSWORD = 'Bench@2026x';
const MAIN = resolve(fileURLToPath(new URL('../main.js', import.meta.url)));
const LIST = `query TeacherList($first: Int!, $filter: TeacherFilter) {
  teachers(first: $first, filter: $filter) {
    totalCount nodes { id teacherNo name gender birthDate idNumber professionalTitle school { name } }
  }
}`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const FILTER = { gender: '2', ageBand: 'FROM_30_TO_39' };
const log = (m: string): void => console.log(m);

interface Proc { child: ChildProcess; url: string }

async function startProcess(env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('gateway not ready after 60 s');
}

/** CPU seconds (user + system) a process has used, from /proc (clock ticks of 10 ms). */
const cpuSeconds = (pid: number): number => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const memory = (pid: number): { rss: number; peak: number } => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string): number => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
};

/** Backup of the benchmark database and its restore into a new database on the same server. */
async function timeBackup(url: string, dir: string): Promise<void> {
  const file = join(dir, 'bench.dump');
  const b = await backupDatabase(url, file);
  const target = new URL(url);
  target.pathname = `${target.pathname}_restored`;
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new pg.Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`create database "${target.pathname.slice(1)}"`);
  const size = (await c.query<{ mb: number }>('select pg_database_size($1)::float8 / 1048576 as mb', [decodeURIComponent(new URL(url).pathname.slice(1))])).rows[0]!.mb;
  try {
    const r = await restoreDatabase(target.toString(), file);
    log(`\nBackup (pg_dump ${b.pgDump.version}, custom format): ${(b.ms / 1000).toFixed(1)} s, ${(b.bytes / 1048576).toFixed(0)} MiB archive of a ${size.toFixed(0)} MiB database; restore into a new database (one transaction, then ANALYZE): ${(r.ms / 1000).toFixed(1)} s.`);
  } finally {
    await c.query(`drop database if exists "${target.pathname.slice(1)}" with (force)`);
    await c.end();
  }
}

async function main(): Promise<void> {
  logger('error');
  const db = await benchDatabase();
  const env = {
    TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: db.dataDir,
    TMIS_CA_CERTS: join(db.dataDir, 'ca.crt.pem'), TMIS_PORTAL_DIR: join(db.dataDir, 'no-portal'), LOG_LEVEL: 'error',
    DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url, TMIS_STATS_REFRESH_MS: '0',
  };
  const procs: Proc[] = [];
  try {
    // Schema and data through one in-process gateway, then only real processes.
    const app = await createApp(loadConfig(env), db.appUrl, { poolMax: 5, ownerUrl: db.url });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: [{ server_version: pgVersion }] } = await client.query<{ server_version: string }>('show server_version');
    log(`Generating ${TEACHERS.toLocaleString('en')} teachers…`);
    const tree = await generateTree(client, TEACHERS, app.runtime, log);
    const em = app.orm.em.fork();
    for (const [username, unitId] of [['bench-county-query', tree.countyId], ['bench-prov-query', tree.provinceId]] as const) {
      await buildAccount(em, app.runtime, await em.findOneOrFail(Unit, { id: unitId }), { username, realName: username, role: 'query_user', password: PASSWORD });
    }
    await em.flush();
    await app.close();
    await client.query('vacuum analyze');
    await client.query('checkpoint').catch(() => undefined);
    await client.end();

    const rows: (string | number)[][] = [];
    for (const n of PROCESSES) {
      while (procs.length < n) procs.push(await startProcess(env));
      const clients = procs.slice(0, n).map((p) => gqlClient(p.url));
      const tokens: string[] = [];
      for (const u of ['bench-county-query', 'bench-prov-query']) {
        const { data } = await clients[0]!(LOGIN, { u, p: PASSWORD });
        tokens.push(data.login.token);
      }
      const county = [{ vars: { first: 20 }, token: tokens[0]! }, { vars: { first: 20, filter: FILTER }, token: tokens[0]! }];
      const province = [{ vars: { first: 20 }, token: tokens[1]! }, { vars: { first: 20, filter: FILTER }, token: tokens[1]! }];
      for (const [label, mix] of [['county', county], ['province', province], ['both', [...county, ...province]]] as const) {
        let next = 0;
        const fire = async (until: number, samples: number[] | null): Promise<void> => {
          while (performance.now() < until) {
            const i = next++;
            const m = mix[i % mix.length]!;
            const { ms: t } = await clients[i % n]!(LIST, m.vars, m.token);
            samples?.push(t);
          }
        };
        await Promise.all(Array.from({ length: INFLIGHT }, () => fire(performance.now() + 3000, null))); // warm-up
        const samples: number[] = [];
        const cpu0 = procs.slice(0, n).reduce((a, p) => a + cpuSeconds(p.child.pid!), 0);
        const t0 = performance.now();
        await Promise.all(Array.from({ length: INFLIGHT }, () => fire(t0 + SECONDS * 1000, samples)));
        const secs = (performance.now() - t0) / 1000;
        const cpu = procs.slice(0, n).reduce((a, p) => a + cpuSeconds(p.child.pid!), 0) - cpu0;
        const s = summarize(samples);
        const mem = procs.slice(0, n).map((p) => memory(p.child.pid!));
        rows.push([n, label, INFLIGHT, samples.length, (samples.length / secs).toFixed(0), (samples.length / secs / n).toFixed(0), ms(s.p50), ms(s.p95), ms(s.p99),
          ms((cpu * 1000) / samples.length), mem.map((m) => m.rss.toFixed(0)).join(' / '), mem.map((m) => m.peak.toFixed(0)).join(' / ')]);
      }
    }
    log(`\n${table(['', ''], machineFacts(pgVersion))}\n`);
    log(`${TEACHERS.toLocaleString('en')} teachers (county user: ${tree.countyTeachers.toLocaleString('en')}); requests: teachers(first: 20), first page and filtered, of a county user, of the province user, and both mixed; ${SECONDS} s per row after 3 s warm-up:\n`);
    log(table(['processes', 'users', 'in flight', 'requests', 'req/s', 'req/s per process', 'p50 ms', 'p95 ms', 'p99 ms', 'gateway CPU ms/request', 'RSS MiB', 'peak RSS MiB'], rows));
    if (args.backup) await timeBackup(db.url, db.dataDir);
  } finally {
    for (const p of procs) p.child.kill('SIGTERM');
    await Promise.all(procs.map((p) => (p.child.exitCode === null ? new Promise((r) => p.child.once('exit', r)) : null)));
    await db.cleanup();
  }
}

await main();
