import 'reflect-metadata';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { createApp } from '../app/app.js';
import { buildAccount } from '../demo/builders.js';
import { Unit } from '../modules/units/unit.entity.js';
import { refreshStatistics } from '../modules/statistics/statistics-refresh.js';
import { loadConfig } from '../platform/config.js';
import { freePort } from '../platform/db/embedded.js';
import { logger } from '../platform/logging.js';
import { readProfile, summarizeProfile, type Window } from './cpu-profile.js';
import { generateTree } from './generate.js';
import { benchDatabase, gqlClient, machineFacts, ms, summarize, table } from './measure.js';

/**
 * Load test (issue 18.4): one real gateway process (`node gateway/dist/main.js`, production mode)
 * on a generated province, driven by autocannon at several connection counts; beside each row the
 * very SQL statements that gateway sends for that request, replayed from a Node `pg` pool by as
 * many concurrent loops. The ratio of the two is what the gateway costs on top of its SQL.
 *
 *   node gateway/dist/bench/load.js [--teachers 200000] [--duration 30] [--connections 10,50,100] [--explain]
 *     [--only county,province,typename] [--profile]
 *
 * `--profile` runs that gateway under `node --cpu-prof` and prints its self time by package
 * (cpu-profile.ts); with `--only county` the profile is of that one request (plus its warm-up).
 *
 * It prints figures; it asserts no timing.
 */
const { values: args } = parseArgs({
  options: {
    teachers: { type: 'string', default: '200000' },
    duration: { type: 'string', default: '30' },
    connections: { type: 'string', default: '10,50,100' },
    warmup: { type: 'string', default: '2' },
    explain: { type: 'boolean', default: false },
    only: { type: 'string', default: 'county,province,typename' },
    profile: { type: 'boolean', default: false },
  },
});
const TEACHERS = Number(args.teachers);
const DURATION = Number(args.duration);
const CONNECTIONS = args.connections!.split(',').map(Number);
const WARMUP = Number(args.warmup);
const ONLY = new Set(args.only!.split(','));
const PASSWORD = 'Bench@2026x';
const MAIN = resolve(fileURLToPath(new URL('../main.js', import.meta.url)));
const LIST = `query TeacherList($first: Int!) {
  teachers(first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id teacherNo name gender birthDate idNumber professionalTitle school { name } }
  }
}`;
const TYPENAME = '{ __typename }';
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const log = (m: string): void => console.log(m);

/** One statement as the driver got it. */
interface Statement { text: string; values?: unknown[] }
/** Statements of one request in the order sent; those in one group were in flight together. */
type Replay = Statement[][];

interface Scenario { label: string; body: string; username: string | null; replay: Replay }

/**
 * Records what the gateway's PostgreSQL driver sends during `fn`: every `Client.query` of the
 * driver module knex loaded, grouped so that a statement sent while another was still running
 * joins that one's group (the list's page and count go out together).
 */
async function recordStatements(driver: typeof pg, fn: () => Promise<void>): Promise<Replay> {
  const proto = driver.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  const groups: Replay = [];
  let inFlight = 0;
  proto.query = function (this: unknown, ...a: unknown[]) {
    const first = a[0] as string | { text: string; values?: unknown[] };
    const stmt: Statement = typeof first === 'string' ? { text: first, values: Array.isArray(a[1]) ? (a[1] as unknown[]) : undefined } : { text: first.text, values: first.values };
    if (inFlight === 0 || groups.length === 0) groups.push([stmt]);
    else groups.at(-1)!.push(stmt);
    inFlight++;
    const done = (): void => { inFlight--; };
    const cb = a.findIndex((x) => typeof x === 'function');
    if (cb >= 0) {
      const f = a[cb] as (...r: unknown[]) => void;
      a[cb] = (...r: unknown[]) => { done(); f(...r); };
      return original.apply(this, a);
    }
    const r = original.apply(this, a) as Promise<unknown> | undefined;
    if (r && typeof r.then === 'function') r.then(done, done);
    else done();
    return r;
  };
  try {
    await fn();
  } finally {
    proto.query = original;
  }
  return groups;
}

async function startGateway(env: Record<string, string>, profileDir: string | null): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const flags = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
  const child = spawn(process.execPath, [...flags, MAIN], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 400; i++) {
    if (child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error('gateway not ready after 60 s');
}

interface Figures { reqs: number; p50: number; p95: number; p99: number; errors: number }

/** autocannon against the gateway: latencies from its response events (it keeps no p95 itself). */
async function driveGateway(url: string, body: string, token: string, connections: number, seconds: number): Promise<Figures> {
  const times: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({
      url: `${url}/graphql`, method: 'POST', connections, duration: seconds, body,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    }, (err, r) => (err ? fail(err) : done(r)));
    instance.on('response', (_c, status, _bytes, t) => { if (status === 200) times.push(t); });
  });
  const s = summarize(times.length ? times : [0]);
  return { reqs: times.length / result.duration, p50: s.p50, p95: s.p95, p99: s.p99, errors: result.errors + result.non2xx };
}

/** `connections` loops each replaying one request's statements as the gateway sent them, on one pool of as many connections. */
async function driveSql(pool: pg.Pool, replay: Replay, connections: number, seconds: number): Promise<Figures> {
  const times: number[] = [];
  let errors = 0;
  const loop = async (until: number, keep: boolean): Promise<void> => {
    while (performance.now() < until) {
      const t0 = performance.now();
      try {
        for (const group of replay) await Promise.all(group.map((s) => pool.query(s.text, s.values)));
        if (keep) times.push(performance.now() - t0);
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, () => loop(performance.now() + WARMUP * 1000, false)));
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, () => loop(t0 + seconds * 1000, true)));
  const secs = (performance.now() - t0) / 1000;
  const s = summarize(times.length ? times : [0]);
  return { reqs: times.length / secs, p50: s.p50, p95: s.p95, p99: s.p99, errors };
}

async function main(): Promise<void> {
  logger('error');
  if (!(TEACHERS >= 100 && DURATION >= 1 && CONNECTIONS.every((c) => Number.isInteger(c) && c >= 1 && c <= 150))
    || ![...ONLY].every((k) => ['county', 'province', 'typename'].includes(k))) {
    throw new Error('usage: load.js [--teachers N ≥ 100] [--duration s ≥ 1] [--connections 10,50,100 (each 1–150)] [--explain] [--only county,province,typename] [--profile]');
  }
  const profileDir = args.profile ? mkdtempSync(join(tmpdir(), 'tmis-cpuprof-')) : null;
  const windows: Window[] = [];
  const db = await benchDatabase();
  const env = {
    TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: db.dataDir,
    TMIS_CA_CERTS: join(db.dataDir, 'ca.crt.pem'), TMIS_PORTAL_DIR: join(db.dataDir, 'no-portal'), LOG_LEVEL: 'error',
    DATABASE_URL: db.appUrl, DATABASE_OWNER_URL: db.url, TMIS_STATS_REFRESH_MS: '0',
  };
  let gateway: ChildProcess | null = null;
  const pools: pg.Pool[] = [];
  try {
    // Schema, data and the statements of each request through one in-process gateway first.
    const app = await createApp(loadConfig(env), db.appUrl, { poolMax: 5, ownerUrl: db.url });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: [{ server_version: pgVersion }] } = await client.query<{ server_version: string }>('show server_version');
    log(`Generating ${TEACHERS.toLocaleString('en')} teachers…`);
    const tree = await generateTree(client, TEACHERS, app.runtime, log);
    const em = app.orm.em.fork();
    const users = [['bench-county-query', tree.countyId], ['bench-prov-query', tree.provinceId]] as const;
    for (const [username, unitId] of users) {
      await buildAccount(em, app.runtime, await em.findOneOrFail(Unit, { id: unitId }), { username, realName: username, role: 'query_user', password: PASSWORD });
    }
    await em.flush();
    // The statistics rollup as the background refresher leaves it (the benchmark's gateway runs none).
    await refreshStatistics(app.orm);
    await client.query('vacuum analyze');
    await client.query('checkpoint').catch(() => undefined);

    await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
    const local = gqlClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    const driver = (app.orm.em.getConnection().getKnex().client as { driver: typeof pg }).driver;
    const scenarios: Scenario[] = [];
    const plan = [
      { key: 'county', label: 'county query user, `teachers(first: 20)`', query: LIST, username: 'bench-county-query' },
      { key: 'province', label: 'province query user, `teachers(first: 20)`', query: LIST, username: 'bench-prov-query' },
      { key: 'typename', label: '`{ __typename }` with a session', query: TYPENAME, username: 'bench-county-query' },
    ].filter((p) => ONLY.has(p.key));
    for (const p of plan) {
      const { data } = await local(LOGIN, { u: p.username, p: PASSWORD });
      const token = data.login.token as string;
      // The second request of a session: what every later request sends (the first may differ).
      await local(p.query, { first: 20 }, token);
      // What a request sends when its session is not cached (a cache hit sends none of the
      // session statements): the baseline is the SQL the request stands for, as in issue 18.
      app.sessions.invalidate();
      const replay = await recordStatements(driver, async () => { await local(p.query, { first: 20 }, token); });
      if (replay.length === 0) throw new Error(`no statement recorded for ${p.label}`);
      scenarios.push({ label: p.label, body: JSON.stringify({ query: p.query, variables: { first: 20 } }), username: p.username, replay });
    }
    if (args.explain) {
      // The plans of the replayed statements, on the same data, before any load.
      for (const s of scenarios) {
        for (const stmt of s.replay.flat()) {
          const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${stmt.text}`, stmt.values as unknown[]);
          log(`\nEXPLAIN ANALYZE — ${s.label}:\n  ${stmt.text.replace(/\s+/g, ' ').slice(0, 300)}\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
        }
      }
      // A rollup count while one school is marked dirty (between two refresher rounds): its teachers are read live.
      await client.query(`insert into stats_dirty (unit_id) select t.unit_id from teacher t join unit c on c.id = $1 where t.scope_path like c.path || '%' limit 1`, [tree.countyId]);
      for (const s of scenarios) {
        for (const stmt of s.replay.flat().filter((x) => x.text.includes('stats_rollup'))) {
          const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${stmt.text}`, stmt.values as unknown[]);
          log(`\nEXPLAIN ANALYZE, one unit dirty — ${s.label}:\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
        }
      }
      await client.query('delete from stats_dirty');
    }
    await app.close();
    await client.end();

    const proc = await startGateway(env, profileDir);
    gateway = proc.child;
    const remote = gqlClient(proc.url);
    const tokens = new Map<string, string>();
    for (const [username] of users) {
      const { data } = await remote(LOGIN, { u: username, p: PASSWORD });
      if (data.login.status !== 'OK') throw new Error(`login ${username}: ${JSON.stringify(data.login)}`);
      tokens.set(username, data.login.token as string);
    }

    const rows: (string | number)[][] = [];
    for (const c of CONNECTIONS) {
      const pool = new pg.Pool({ connectionString: db.appUrl, max: c });
      pools.push(pool);
      for (const s of scenarios) {
        const token = tokens.get(s.username!)!;
        // Answers without errors before timing them (gqlClient throws on GraphQL errors).
        await remote(JSON.parse(s.body).query, { first: 20 }, token);
        await driveGateway(proc.url, s.body, token, c, WARMUP);
        const from = Number(process.hrtime.bigint() / 1000n);
        const gw = await driveGateway(proc.url, s.body, token, c, DURATION);
        windows.push([from, Number(process.hrtime.bigint() / 1000n)]);
        const sq = await driveSql(pool, s.replay, c, DURATION);
        rows.push([s.label, c, gw.reqs.toFixed(0), ms(gw.p50), ms(gw.p95), ms(gw.p99), sq.reqs.toFixed(0), ms(sq.p50), ms(sq.p95), ms(sq.p99),
          (gw.reqs / sq.reqs).toFixed(2), gw.errors + sq.errors]);
        log(`  ${s.label}, ${c} connections: gateway ${gw.reqs.toFixed(0)} req/s, SQL ${sq.reqs.toFixed(0)} req/s`);
      }
      await pool.end();
      pools.pop();
    }

    log(`\n${table(['', ''], machineFacts(pgVersion))}\n`);
    log(`${TEACHERS.toLocaleString('en')} teachers (county user: ${tree.countyTeachers.toLocaleString('en')}); one gateway process; ${DURATION} s per cell after ${WARMUP} s warm-up; autocannon and the pg pool run in the benchmark process, beside the gateway and PostgreSQL on the same cores:\n`);
    log(table(['request', 'connections', 'gateway req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'same SQL req/s', 'SQL p50 ms', 'SQL p95 ms', 'SQL p99 ms', 'gateway / SQL', 'errors'], rows));
    log('\nThe SQL replayed per request (statements in one group were in flight together):');
    for (const s of scenarios) {
      log(`\n${s.label}: ${s.replay.flat().length} statements`);
      for (const g of s.replay) log(`  - ${g.map((x) => x.text.replace(/\s+/g, ' ').slice(0, 160)).join('\n    ‖ ')}`);
    }
  } finally {
    for (const p of pools) await p.end().catch(() => undefined);
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGTERM');
      await new Promise((r) => gateway!.once('exit', r));
    }
    await db.cleanup();
    // Node writes the profile as the gateway exits (its SIGTERM handler ends with process.exit).
    if (profileDir) {
      for (const f of readdirSync(profileDir).filter((x) => x.endsWith('.cpuprofile'))) printProfile(join(profileDir, f), windows);
      rmSync(profileDir, { recursive: true, force: true });
    }
  }
}

/** The gateway's self time by package during the timed cells (no start-up, no warm-up). */
function printProfile(file: string, windows: Window[]): void {
  const { busyMs, idleMs, shares } = summarizeProfile(readProfile(file), windows);
  log(`\nGateway CPU profile of the timed cells (${[...ONLY].join(', ')}): ${(busyMs / 1000).toFixed(1)} s busy, ${(idleMs / 1000).toFixed(1)} s idle; self time by package:\n`);
  const top = shares.filter((s) => s.pct >= 0.5);
  const rest = shares.slice(top.length).reduce((a, s) => a + s.ms, 0);
  log(table(['where', 'self ms', '% of busy'], [...top.map((s) => [s.bucket, s.ms.toFixed(0), s.pct.toFixed(1)]),
    ...(rest ? [['(each < 0.5 %)', rest.toFixed(0), ((100 * rest) / busyMs).toFixed(1)]] : [])]));
}

await main();
