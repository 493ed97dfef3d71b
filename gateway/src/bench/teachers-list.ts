import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createApp, type App } from '../app/app.js';
import { buildAccount } from '../demo/builders.js';
import { Unit } from '../modules/units/unit.entity.js';
import { loadConfig } from '../platform/config.js';
import { logger } from '../platform/logging.js';
import { generateTree } from './generate.js';
import { benchDatabase, gqlClient, machineFacts, ms, summarize, table, type Gql } from './measure.js';

/**
 * Benchmark of the `teachers` list query (issue: foundation). Prints p50/p95/p99 per user and
 * query variant over real HTTP, and the SQL statements per request for several page sizes.
 *
 *   node gateway/dist/bench/teachers-list.js [--teachers 200000] [--requests 200] [--warmup 20] [--explain]
 *
 * Uses the PostgreSQL at DATABASE_URL (in a fresh database, dropped at the end) or an
 * embedded one in a temp folder.
 */

const { values: args } = parseArgs({
  options: {
    teachers: { type: 'string', default: '200000' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    explain: { type: 'boolean', default: false },
  },
});
const TEACHERS = Number(args.teachers);
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const PASSWORD = 'Bench@2026x';

const LIST = `query($first: Int!, $after: String, $filter: TeacherFilter) {
  teachers(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    nodes { id teacherNo name gender birthDate idNumber professionalTitle school { name } }
  }
}`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const FILTER = { gender: '2', ageBand: 'FROM_30_TO_39' };

const log = (m: string): void => console.log(m);

async function listen(app: App): Promise<string> {
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function login(gql: Gql, username: string): Promise<string> {
  const { data } = await gql(LOGIN, { u: username, p: PASSWORD });
  if (data.login.status !== 'OK' || !data.login.token) throw new Error(`login ${username}: ${JSON.stringify(data.login)}`);
  return data.login.token as string;
}

interface Variant { name: string; vars: (i: number) => Record<string, unknown> }

/**
 * First page; pages 2–11 and 91–100, each through the cursor a real client got from the page
 * before (the chain is walked once here); a filtered first page.
 */
async function variantsFor(gql: Gql, token: string): Promise<Variant[]> {
  const cursors: string[] = []; // cursors[i] leads to page i + 2
  let after: string | null = null;
  for (let page = 1; page < 100; page++) {
    const { data } = await gql(LIST, { first: 20, after }, token);
    after = data.teachers.pageInfo.endCursor;
    cursors.push(after!);
  }
  return [
    { name: 'first page', vars: () => ({}) },
    { name: 'pages 2–11', vars: (i) => ({ after: cursors[i % 10] }) },
    { name: 'pages 91–100', vars: (i) => ({ after: cursors[89 + (i % 10)] }) },
    { name: 'filtered: gender=2, age 30–39', vars: () => ({ filter: FILTER }) },
  ];
}

async function main(): Promise<void> {
  logger('error');
  if (!(TEACHERS >= 100 && REQUESTS >= 1 && WARMUP >= 0)) throw new Error('usage: teachers-list.js [--teachers N ≥ 100] [--requests N ≥ 1] [--warmup N ≥ 0] [--explain]');
  const db = await benchDatabase();
  try {
    await run(db);
  } finally {
    await db.cleanup();
  }
}

async function run(db: { url: string; appUrl: string; dataDir: string }): Promise<void> {
  const config = loadConfig({
    TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: db.dataDir,
    TMIS_CA_CERTS: join(db.dataDir, 'ca.crt.pem'), TMIS_PORTAL_DIR: join(db.dataDir, 'no-portal'), LOG_LEVEL: 'error',
  });
  // Two gateways on the same database: one timed (ORM debug logging off), one counting statements.
  const app = await createApp(config, db.appUrl, { ownerUrl: db.url });
  const statements: string[] = [];
  let recording = false;
  const counting = await createApp(config, db.appUrl, { ownerUrl: db.url,
    poolMax: 5,
    onQuery: (line) => {
      const text = line.replace(/\u001b\[[0-9;]*m/g, '');
      if (recording && text.startsWith('[query] ')) statements.push(text.slice(8));
    },
  });
  try {
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows: [{ server_version: pgVersion }] } = await client.query<{ server_version: string }>('show server_version');

    log(`Generating ${TEACHERS.toLocaleString('en')} teachers…`);
    const t0 = performance.now();
    const tree = await generateTree(client, TEACHERS, app.runtime, log);
    const em = app.orm.em.fork();
    const users = [
      { label: 'county query user', username: 'bench-county-query', unitId: tree.countyId },
      { label: 'province query user', username: 'bench-prov-query', unitId: tree.provinceId },
    ];
    for (const u of users) {
      await buildAccount(em, app.runtime, await em.findOneOrFail(Unit, { id: u.unitId }), { username: u.username, realName: u.label, role: 'query_user', password: PASSWORD });
    }
    await em.flush();
    const t1 = performance.now();
    await client.query('vacuum analyze');
    // Write the loaded pages out now, not during the measurements (needs pg_checkpoint or superuser).
    await client.query('checkpoint').catch(() => log('(no CHECKPOINT privilege: the first requests may overlap with one)'));
    const t2 = performance.now();
    log(`Generated ${tree.units.toLocaleString('en')} units (${tree.schools.toLocaleString('en')} schools) and ${TEACHERS.toLocaleString('en')} teachers with one open employment each in ${((t1 - t0) / 1000).toFixed(1)} s; VACUUM ANALYZE + CHECKPOINT ${((t2 - t1) / 1000).toFixed(1)} s.`);
    log(`The county user's county holds ${tree.countyTeachers.toLocaleString('en')} teachers.\n`);

    // --- latency over HTTP, one request at a time ---
    const gql = gqlClient(await listen(app));
    const latency: (string | number)[][] = [];
    const variants = new Map<string, Variant[]>();
    for (const u of users) {
      const token = await login(gql, u.username);
      variants.set(u.username, await variantsFor(gql, token));
      for (const v of variants.get(u.username)!) {
        for (let i = 0; i < WARMUP; i++) await gql(LIST, { first: 20, ...v.vars(i) }, token);
        const samples: number[] = [];
        let total = 0;
        for (let i = 0; i < REQUESTS; i++) {
          const { data, ms: t } = await gql(LIST, { first: 20, ...v.vars(i) }, token);
          samples.push(t);
          total = data.teachers.totalCount;
        }
        const s = summarize(samples);
        latency.push([u.label, v.name, total, s.n, ms(s.p50), ms(s.p95), ms(s.p99), ms(s.mean), ms(s.max)]);
      }
    }
    log(`Latency of \`teachers(first: 20)\` over HTTP, ms (${WARMUP} warm-up requests, then ${REQUESTS} timed, one at a time):\n`);
    log(table(['user', 'variant', 'totalCount', 'n', 'p50', 'p95', 'p99', 'mean', 'max'], latency));

    // --- SQL statements per request, by page size ---
    const cgql = gqlClient(await listen(counting));
    const sizes = [10, 50, 200];
    const counts: (string | number)[][] = [];
    const recorded = new Map<string, string[]>();
    for (const u of users) {
      const token = await login(cgql, u.username); // a fresh session: no last-seen update during the count
      for (const v of variants.get(u.username)!) {
        const row: (string | number)[] = [u.label, v.name];
        for (const first of sizes) {
          statements.length = 0;
          recording = true;
          await cgql(LIST, { first, ...v.vars(0) }, token);
          recording = false;
          row.push(statements.length);
          if (first === sizes[0]) recorded.set(`${u.label} — ${v.name}`, [...statements]);
        }
        counts.push(row);
      }
    }
    log(`\nSQL statements per request (every statement the request ran, from the session lookup on):\n`);
    log(table(['user', 'variant', ...sizes.map((s) => `first: ${s}`)], counts));
    const short = (sql: string): string => sql.replace(/^select .{60,}? from "/, 'select … from "').replace(/ \[took .*$/, '');
    const [[label, sample]] = [...recorded.entries()] as [string, string[]][];
    log(`\nThe statements of one request (${label}, first: ${sizes[0]}):`);
    for (const sql of sample.map(short)) log(`  - ${sql.length > 240 ? `${sql.slice(0, 240)}…` : sql}`);

    if (args.explain) {
      const { rows: rels } = await client.query<{ name: string; size: string }>(`select relname as name, pg_size_pretty(pg_relation_size(oid)) as size
        from pg_class where relname like 'teacher%' and relkind in ('r', 'i') order by pg_relation_size(oid) desc`);
      log('\nSizes of the teacher table and its indexes:\n');
      log(table(['relation', 'size'], rels.map((r) => [r.name, r.size])));
      for (const [key, sqls] of recorded) {
        for (const sql of sqls.filter((q) => /from "teacher"/.test(q))) {
          const text = sql.replace(/ \[took .*$/, '');
          const plan = await client.query<{ 'QUERY PLAN': string }>(`explain (analyze, buffers, costs off) ${text}`);
          log(`\nEXPLAIN ANALYZE — ${key}:\n  ${short(text)}\n${plan.rows.map((r) => `    ${r['QUERY PLAN']}`).join('\n')}`);
        }
      }
    }

    log('\nMachine:\n');
    log(table(['', ''], machineFacts(pgVersion)));
    log(`\nDatabase: ${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL (shared_buffers=256MB, fsync=on)'}; ${TEACHERS.toLocaleString('en')} teachers.`);
    await client.end();
  } finally {
    await counting.close();
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
