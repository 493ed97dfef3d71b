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
import { refreshStatistics } from '../modules/statistics/statistics-refresh.js';
import { DIMENSIONS, StatisticsDimension } from '../modules/statistics/statistics-dimensions.js';
import { chooseSource, statisticsSql, type StatisticsPlan } from '../modules/statistics/statistics-query.js';
import type { TeacherStatisticsFilter } from '../modules/statistics/statistics.types.js';
import { insertRows } from './generate.js';
import { benchDatabase, gqlClient, machineFacts, ms, summarize, table, type Gql } from './measure.js';

/**
 * Benchmark of `teacherStatistics` (issue 7) over a generated province of 2,000,000 teachers.
 * Each question is timed over real HTTP (login, session, GraphQL, rollup SQL, suppression) and,
 * beside it, the same question as plain SQL on the base tables (`teacher` + `unit`, the
 * statement the gateway itself runs when no rollup applies), straight through `pg`.
 *
 *   node gateway/dist/bench/statistics.js [--teachers 2000000] [--requests 200] [--warmup 20] [--base-requests 10]
 *
 * Uses the PostgreSQL at DATABASE_URL (in a fresh database, dropped at the end) or an embedded
 * one in a temp folder.
 */

const { values: args } = parseArgs({
  options: {
    teachers: { type: 'string', default: '2000000' },
    requests: { type: 'string', default: '200' },
    warmup: { type: 'string', default: '20' },
    'base-requests': { type: 'string', default: '10' },
  },
});
const TEACHERS = Number(args.teachers);
const REQUESTS = Number(args.requests);
const WARMUP = Number(args.warmup);
const BASE_REQUESTS = Number(args['base-requests']);
const PASSWORD = 'Bench@2026x';
const CITIES = 10;
const COUNTIES = 8;
/** A county's 25 schools: [type, stage, count, relative size]. */
const SCHOOLS: [string, string, number, number][] = [
  ['111', 'kindergarten', 6, 25], ['211', 'primary_secondary', 9, 80], ['311', 'primary_secondary', 4, 100], ['342', 'primary_secondary', 3, 180],
  ['365', 'secondary_vocational', 2, 120], ['511', 'special_education', 1, 40],
];

const STATS = `query($d: [StatisticsDimension!]!, $f: TeacherStatisticsFilter, $a: String) {
  teacherStatistics(dimensions: $d, filter: $f, asOf: $a) { source total cells { keys { value label } count suppressed } }
}`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }`;
const log = (m: string): void => console.log(m);

interface Tree { provinceId: string; cityId: string; countyId: string; provincePath: string; cityPath: string; countyPath: string }

/** Units in JS (2,092 rows), teachers and employments entirely in SQL with generate_series. */
async function generate(client: pg.Client, teachers: number): Promise<Tree> {
  const now = new Date();
  const rows: unknown[][] = [];
  let seq = 0;
  const ids: string[] = [];
  const unit = (parent: { id: string; path: string; depth: number } | null, code: string, name: string, level: string, type?: string, stage?: string, rural?: string) => {
    const id = crypto.randomUUID();
    const path = `${parent?.path ?? '/'}${++seq}/`;
    const depth = (parent?.depth ?? -1) + 1;
    rows.push([id, now, now, seq, code, name, level, parent?.id ?? null, path, depth, type ?? null, stage ?? null, type ? 'education_department' : null, rural ?? null, null]);
    ids.push(id);
    return { id, path, depth };
  };
  const national = unit(null, '000000', '中华人民共和国教育部', 'national');
  const province = unit(national, '330000', '示范省教育厅', 'province');
  let city1!: { id: string; path: string }, county1!: { id: string; path: string };
  const weights: [string, number][] = [];
  for (let c = 1; c <= CITIES; c++) {
    const cityCode = `33${String(c).padStart(2, '0')}`;
    const city = unit(province, `${cityCode}00`, `示范${c}市教育局`, 'city');
    city1 ??= city;
    for (let k = 1; k <= COUNTIES; k++) {
      const countyCode = `${cityCode}${String(k + 1).padStart(2, '0')}`;
      const county = unit(city, countyCode, `示范${c}市第${k}区教育局`, 'county');
      county1 ??= county;
      let i = 0;
      for (const [type, stage, count, weight] of SCHOOLS) {
        for (let n = 1; n <= count; n++) {
          i++;
          const s = unit(county, `${type[0]}${countyCode}${String(i).padStart(3, '0')}`, `示范${c}市第${k}区第${i}学校`, 'school', type, stage, ['111', '121', '220'][(c + k + i) % 3]);
          weights.push([s.id, weight]);
        }
      }
    }
  }
  await insertRows(client, 'unit', [
    ['id', 'uuid'], ['created_at', 'timestamptz'], ['updated_at', 'timestamptz'], ['seq', 'int'], ['code', 'text'], ['name', 'text'], ['level', 'text'],
    ['parent_id', 'uuid'], ['path', 'text'], ['depth', 'smallint'], ['school_type', 'text'], ['stage', 'text'], ['sponsor_type', 'text'], ['urban_rural_type', 'text'], ['address', 'text'],
  ], rows);
  await client.query(`select setval('unit_seq', $1)`, [seq]);
  // Teachers per school by size; the last school takes the rounding rest.
  const totalWeight = weights.reduce((s, [, w]) => s + w, 0);
  const sizes = weights.map(([id, w]) => [id, Math.floor((teachers * w) / totalWeight)] as [string, number]);
  sizes[sizes.length - 1]![1] += teachers - sizes.reduce((s, [, n]) => s + n, 0);
  await client.query('create temp table bench_school (ord int, id uuid, n int, first bigint)');
  let first = 0;
  await insertRows(client, 'bench_school', [['ord', 'int'], ['id', 'uuid'], ['n', 'int'], ['first', 'bigint']], sizes.map(([id, n], i) => {
    const row = [i, id, n, first];
    first += n;
    return row;
  }));
  await client.query('select setseed(0.2026)');
  await client.query('set synchronous_commit = off');
  const STEP = 250;
  for (let from = 0; from < sizes.length; from += STEP) {
    // Teacher numbers follow a permutation of the sequence, so a school's rows are not one run of the index.
    await client.query(`insert into teacher (id, created_at, updated_at, teacher_no, name, gender, birth_date, ethnicity, political_status, id_type, id_number_enc,
        id_number_hash, id_number_masked, education_level, professional_title, unit_id, school_id, scope_path, stage, employment_status, staff_category,
        establishment_status, post_category, hire_date)
      select gen_random_uuid(), now(), now(), 'B33' || lpad(((s.first + j) * 7919 % ${teachers})::text, 12, '0'), '教师' || (s.first + j), g.gender, g.birth,
        case when random() < 0.92 then '01' else lpad((2 + floor(random() * 55))::int::text, 2, '0') end, '13', '1',
        decode(md5('e' || (s.first + j)), 'hex'), decode(md5('h' || (s.first + j)), 'hex'), '330102********' || lpad(((s.first + j) % 10000)::text, 4, '0'),
        (array['11','14','14','21','21','21','21','31','31','41'])[1 + floor(random() * 10)::int],
        case when u.stage = 'secondary_vocational' then (array['voc_senior_full_lecturer','voc_senior_lecturer','voc_lecturer','voc_assistant_lecturer','none'])[1 + floor(random() * 5)::int]
             else (array['k12_senior_full','k12_senior','k12_first','k12_first','k12_second','k12_second','k12_third','none'])[1 + floor(random() * 8)::int] end,
        s.id, s.id, u.path, u.stage,
        case when random() < 0.97 then 'active' else (array['long_absence','retired','resigned'])[1 + floor(random() * 3)::int] end,
        case when random() < 0.85 then 'full_time_teacher' else (array['administrative','teaching_support','logistics','other'])[1 + floor(random() * 4)::int] end,
        case when random() < 0.88 then 'in_establishment' else (array['contract','other'])[1 + floor(random() * 2)::int] end,
        case when random() < 0.9 then 'professional_technical' else (array['management','work_skill','other'])[1 + floor(random() * 3)::int] end,
        g.birth + 23 * 365
      from bench_school s join unit u on u.id = s.id cross join lateral generate_series(1, s.n) j
        cross join lateral (select case when random() < 0.72 then '2' else '1' end as gender, date '1963-01-01' + floor(random() * 14000)::int as birth) g
      where s.ord >= $1 and s.ord < $2`, [from, from + STEP]);
    log(`  teachers of schools ${from + 1}–${Math.min(from + STEP, sizes.length)} written`);
  }
  await client.query(`insert into employment (id, created_at, updated_at, version, teacher_id, school_id, staff_category, establishment_status, post_category, employment_status, start_date)
    select gen_random_uuid(), now(), now(), 1, t.id, t.school_id, t.staff_category, t.establishment_status, t.post_category, t.employment_status, t.hire_date from teacher t`);
  await client.query(`select setval('teacher_no_seq', $1)`, [teachers]);
  await client.query('reset synchronous_commit');
  return { provinceId: province.id, cityId: city1.id, countyId: county1.id, provincePath: province.path, cityPath: city1.path, countyPath: county1.path };
}

interface Variant { user: 'province' | 'city' | 'county'; name: string; dims: StatisticsDimension[]; filter?: TeacherStatisticsFilter; asOf?: string; requests?: number }

const D = StatisticsDimension;
const lastYear = `${new Date().getUTCFullYear() - 1}-12-31`;
const VARIANTS: Variant[] = [
  { user: 'province', name: 'total (no dimension)', dims: [] },
  { user: 'province', name: 'by city', dims: [D.CITY] },
  { user: 'province', name: 'by county × gender', dims: [D.COUNTY, D.GENDER] },
  { user: 'province', name: 'by school (2,000 rows)', dims: [D.SCHOOL] },
  { user: 'province', name: 'age band × title level, primary & secondary', dims: [D.AGE_BAND, D.TITLE_LEVEL], filter: { stage: ['primary_secondary'] } },
  { user: 'province', name: 'by ethnicity, full-time teachers', dims: [D.ETHNICITY], filter: { staffCategory: ['full_time_teacher'] } },
  { user: 'province', name: 'urban/rural × education group', dims: [D.URBAN_RURAL_AREA, D.EDUCATION_GROUP] },
  { user: 'city', name: 'by county × education group', dims: [D.COUNTY, D.EDUCATION_GROUP] },
  { user: 'county', name: 'by school × gender', dims: [D.SCHOOL, D.GENDER] },
  { user: 'province', name: 'gender × age band × title level (3 columns: no cuboid, live)', dims: [D.GENDER, D.AGE_BAND, D.TITLE_LEVEL], requests: 10 },
  { user: 'province', name: `by city, as of ${lastYear} (history)`, dims: [D.CITY], asOf: lastYear, requests: 5 },
];

async function listen(app: App): Promise<string> {
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function login(gql: Gql, username: string): Promise<string> {
  const { data } = await gql(LOGIN, { u: username, p: PASSWORD });
  if (data.login.status !== 'OK') throw new Error(`login ${username}: ${JSON.stringify(data.login)}`);
  return data.login.token as string;
}

/** The base-table statement of a variant: the live path of the gateway's own SQL builder. */
function baseSql(v: Variant, path: string): { text: string; params: unknown[] } {
  const dims = v.dims.map((d) => ({ dimension: d, label: DIMENSIONS[d as Exclude<StatisticsDimension, 'INDICATOR'>].label, spec: DIMENSIONS[d as Exclude<StatisticsDimension, 'INDICATOR'>] }));
  const filter = v.filter ?? {};
  const asOf = v.asOf ?? new Date().toISOString().slice(0, 10);
  const history = Boolean(v.asOf);
  const choice = chooseSource(dims, filter, history, false);
  const plan: StatisticsPlan = { anchorPath: path, scope: { scopePath: { $like: `${path}%` } }, dims, filter, asOf, source: choice.source, year: Number(asOf.slice(0, 4)) };
  const q = statisticsSql(plan, null, choice.columns);
  // knex `?` → pg `$n`
  let i = 0;
  return { text: q.text.replace(/\?/g, () => `$${++i}`), params: q.params };
}

async function main(): Promise<void> {
  logger('error');
  const db = await benchDatabase();
  try {
    await run(db);
  } finally {
    await db.cleanup();
  }
}

async function run(db: { url: string; appUrl: string; dataDir: string }): Promise<void> {
  const config = loadConfig({
    TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: db.dataDir, TMIS_STATS_REFRESH_MS: '0',
    TMIS_CA_CERTS: join(db.dataDir, 'ca.crt.pem'), TMIS_PORTAL_DIR: join(db.dataDir, 'no-portal'), LOG_LEVEL: 'error',
  });
  const app = await createApp(config, db.appUrl, { ownerUrl: db.url });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows: [{ server_version: pgVersion }] } = await client.query<{ server_version: string }>('show server_version');
    log(`Generating ${TEACHERS.toLocaleString('en')} teachers (SQL generate_series)…`);
    const t0 = performance.now();
    const tree = await generate(client, TEACHERS);
    const t1 = performance.now();
    await client.query('vacuum analyze unit, teacher, employment');
    const t2 = performance.now();
    log(`Generated in ${((t1 - t0) / 1000).toFixed(1)} s (teachers + employments, with every index and the statistics trigger); VACUUM ANALYZE ${((t2 - t1) / 1000).toFixed(1)} s.`);
    const built = await refreshStatistics(app.orm, { maxUnits: 250 });
    await client.query('vacuum analyze stats_rollup');
    const t3 = performance.now();
    const { rows: [size] } = await client.query(`select count(*)::int as n, pg_size_pretty(pg_total_relation_size('stats_rollup')) as size,
      pg_size_pretty(pg_total_relation_size('teacher')) as teacher from stats_rollup`);
    log(`Rollup built for ${built} units in ${((t3 - t2) / 1000).toFixed(1)} s: ${size.n.toLocaleString('en')} rows, ${size.size} (teacher table with indexes: ${size.teacher}).`);
    await client.query('checkpoint').catch(() => undefined);

    const em = app.orm.em.fork();
    const users = { province: [tree.provinceId, tree.provincePath], city: [tree.cityId, tree.cityPath], county: [tree.countyId, tree.countyPath] } as const;
    for (const [level, [unitId]] of Object.entries(users)) {
      await buildAccount(em, app.runtime, await em.findOneOrFail(Unit, { id: unitId }), { username: `bench-${level}-query`, realName: level, role: 'query_user', password: PASSWORD });
    }
    await em.flush();
    const gql = gqlClient(await listen(app));
    const tokens = Object.fromEntries(await Promise.all(Object.keys(users).map(async (l) => [l, await login(gql, `bench-${l}-query`)] as const)));

    const out: (string | number)[][] = [];
    for (const v of VARIANTS) {
      const vars = { d: v.dims, f: v.filter ?? null, a: v.asOf ?? null };
      const n = v.requests ?? REQUESTS;
      const warm = v.requests ? 1 : WARMUP;
      let source = '';
      let cells = 0;
      for (let i = 0; i < warm; i++) await gql(STATS, vars, tokens[v.user]);
      const api: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await gql(STATS, vars, tokens[v.user]);
        api.push(r.ms);
        source = r.data.teacherStatistics.source;
        cells = r.data.teacherStatistics.cells.length;
      }
      const base = baseSql(v, users[v.user][1]);
      await client.query(base.text, base.params);
      const plain: number[] = [];
      for (let i = 0; i < Math.min(BASE_REQUESTS, n); i++) {
        const s = performance.now();
        await client.query(base.text, base.params);
        plain.push(performance.now() - s);
      }
      const a = summarize(api), b = summarize(plain);
      out.push([v.user, v.name, source, cells, a.n, ms(a.p50), ms(a.p95), b.n, ms(b.p50), ms(b.p95), `${(b.p50 / a.p50).toFixed(0)}×`]);
      log(`  ${v.user} — ${v.name}: API p50 ${ms(a.p50)} p95 ${ms(a.p95)} ms (${source}); base SQL p50 ${ms(b.p50)} p95 ${ms(b.p95)} ms`);
    }
    log(`\n\`teacherStatistics\` over HTTP (query users; suppression on) vs. the same question as plain SQL on the base tables, ms:\n`);
    log(table(['user', 'question', 'source', 'cells', 'n', 'API p50', 'API p95', 'n (SQL)', 'base SQL p50', 'base SQL p95', 'speed-up p50'], out));

    // Freshness: 20 schools changed since the last refresh are read live until the refresher runs.
    await client.query(`insert into stats_dirty (unit_id) select id from unit where level = 'school' order by code limit 20`);
    const dirty: number[] = [];
    for (let i = 0; i < WARMUP; i++) await gql(STATS, { d: [D.CITY] }, tokens.province);
    for (let i = 0; i < REQUESTS; i++) dirty.push((await gql(STATS, { d: [D.CITY] }, tokens.province)).ms);
    const r0 = performance.now();
    await refreshStatistics(app.orm);
    const refresh = performance.now() - r0;
    const d = summarize(dirty);
    log(`\nWith 20 dirty schools (≈ 20,000 teachers read live): province by city p50 ${ms(d.p50)} p95 ${ms(d.p95)} ms; refreshing those 20 schools took ${ms(refresh)} ms.`);

    // Trigger cost on writes: one teacher's title changed (a counted column) and its name (not counted).
    const one = async (q: string): Promise<number> => {
      const xs: number[] = [];
      for (let i = 0; i < 50; i++) {
        const s = performance.now();
        await client.query(q);
        xs.push(performance.now() - s);
      }
      return summarize(xs).p50;
    };
    const { rows: [victim] } = await client.query(`select id from teacher limit 1`);
    const title = await one(`update teacher set professional_title = case professional_title when 'k12_first' then 'k12_second' else 'k12_first' end where id = '${victim.id}'`);
    const name = await one(`update teacher set name = name where id = '${victim.id}'`);
    log(`Single-row UPDATE p50: ${ms(title)} ms changing a counted column (marks one unit), ${ms(name)} ms changing another column (marks none).`);

    log('\nMachine:\n');
    log(table(['', ''], machineFacts(pgVersion)));
    log(`\nDatabase: ${process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL (shared_buffers=256MB, fsync=on)'}; ${TEACHERS.toLocaleString('en')} teachers in 2,000 schools.`);
  } finally {
    await client.end();
    await app.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
