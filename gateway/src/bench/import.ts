import 'reflect-metadata';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import ExcelJS from 'exceljs';
import { generateChineseIdCard } from '@tmis/shared';
import { createApp } from '../app/app.js';
import { buildAccount, buildUnit } from '../demo/builders.js';
import { fictionalName, pick, prng } from '../demo/random.js';
import { loadConfig } from '../platform/config.js';
import { copyFrom } from '../platform/db/copy-in.js';
import { startEmbeddedPostgres } from '../platform/db/embedded.js';
import { appRoleUrl } from '../platform/db/roles.js';
import { logger } from '../platform/logging.js';
import { readFirstSheet } from '../platform/xlsx/xlsx-reader.js';
import { mapHeader } from '../modules/imports/header-map.js';
import { teacherColumns } from '../modules/imports/teacher-columns.js';
import { checkRow, type SchoolRef } from '../modules/imports/teacher-row.js';
import { TEACHER_IMPORT, type TeacherImportInput } from '../modules/imports/teacher-import.job.js';
import type { Unit } from '../modules/units/unit.entity.js';
import { machineFacts, table } from './measure.js';

/**
 * Benchmark of the Excel teacher import (issue 3): a 100,000-row .xlsx with full validation,
 * imported end to end through the job the upload route starts, next to a raw PostgreSQL
 * `COPY … FROM STDIN` of the very rows the import wrote. Prints rows/s and the ratio.
 *
 *   node gateway/dist/bench/import.js [--rows 100000] [--schools 100]
 *
 * Uses the PostgreSQL at DATABASE_URL (in a fresh database, dropped at the end) or an embedded
 * one in a temp folder.
 */
const { values: args } = parseArgs({ options: { rows: { type: 'string', default: '100000' }, schools: { type: 'string', default: '100' } } });
const ROWS = Number(args.rows);
const SCHOOLS = Number(args.schools);
const COUNTIES = ['330102', '330105', '330106', '330108'];
const log = (m: string): void => console.log(m);
const secs = (ms: number): string => (ms / 1000).toFixed(2);
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en');

/** CPU seconds used so far by PostgreSQL server processes on this machine (Linux /proc), or NaN. */
function postgresCpuSeconds(): number {
  try {
    let ticks = 0;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        if (!/^\d+ \((postgres|postmaster)\)/.test(stat)) continue;
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(f[11]) + Number(f[12]);
      } catch { /* the process ended meanwhile */ }
    }
    return ticks / 100;
  } catch {
    return NaN;
  }
}

async function openDatabase(): Promise<{ url: string; appUrl: string; dataDir: string; cleanup: () => Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmis-bench-import-'));
  const name = `tmis_bench_${randomBytes(4).toString('hex')}`;
  const embedded = process.env.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dir: join(dataDir, 'pg') });
  const adminUrl = process.env.DATABASE_URL ?? embedded!.url('postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(), appUrl: await appRoleUrl(url.toString()), dataDir,
    async cleanup() {
      await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
      await embedded?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The file a county would upload: Excel-style shared strings, names (not codes) in code columns. */
async function generateWorkbook(schoolCodes: string[]): Promise<Buffer> {
  const rand = prng(20261123);
  const columns = teacherColumns();
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: false });
  const ws = wb.addWorksheet('教师信息');
  ws.addRow(columns.map((c) => c.label)).commit();
  ws.addRow(columns.map((c) => c.key)).commit();
  const base = Date.UTC(1966, 0, 1);
  for (let i = 0; i < ROWS; i++) {
    const gender = i % 2 ? '1' : '2';
    // (birth day, sequence) pairs are unique, so every number is distinct and checksum-valid.
    const birthDate = new Date(base + Math.floor(i / 400) * 50 * 86_400_000).toISOString().slice(0, 10);
    const county = COUNTIES[i % COUNTIES.length]!;
    const idNumber = generateChineseIdCard({ regionCode: county, birthDate, sequence: (i % 400) * 2, gender });
    ws.addRow([schoolCodes[i % schoolCodes.length], fictionalName(rand), gender === '1' ? '男' : '女', birthDate, pick(rand, ['汉族', '汉族', '汉族', '回族', '满族']),
      pick(rand, ['中共党员', '群众', '共青团员']), pick(rand, ['大学本科毕业', '硕士研究生毕业', '大学专科毕业']), '居民身份证', idNumber,
      pick(rand, ['专任教师', '专任教师', '行政人员', '教辅人员']), pick(rand, ['在编', '在编', '非在编-合同制（一年以上）']), '专业技术岗位',
      `${2000 + (i % 24)}-09-01`, pick(rand, ['一级教师', '二级教师', '高级教师', '未定职级'])]).commit();
  }
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

/** The CPU half alone: read and check every row, no database (the same functions the job uses). */
async function parseAndCheck(file: Buffer, schools: Map<string, SchoolRef>): Promise<number> {
  const columns = teacherColumns();
  let header: ReturnType<typeof mapHeader>;
  let first: (string | number | boolean | null)[] | undefined;
  let valid = 0;
  for await (const chunk of readFirstSheet(file).rows) {
    for (const row of chunk) {
      if (!first) { first = row.cells; continue; }
      if (!header) { header = mapHeader(first, row.cells, columns); continue; }
      const cells: Record<string, string | number | boolean | null | undefined> = {};
      for (const [i, key] of header.map) cells[key] = row.cells[i];
      if (checkRow(cells, { columns, school: (c) => schools.get(c) }).valid) valid++;
    }
  }
  return valid;
}

/** The rows the import wrote, as CSV, column by column in text form (bytea as \x hex). */
async function asCsv(client: pg.Client, tableName: string, where: string, params: unknown[]): Promise<{ csv: Buffer; columns: string[]; rows: number }> {
  const cols = (await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = 'public' and table_name = $1 order by ordinal_position`, [tableName])).rows.map((r) => r.column_name);
  const res = await client.query({ text: `select ${cols.map((c) => `"${c}"::text`).join(', ')} from "${tableName}" where ${where}`, values: params, rowMode: 'array' });
  const q = (v: string | null): string => (v === null ? '' : `"${v.replaceAll('"', '""')}"`);
  return { csv: Buffer.from(res.rows.map((r: (string | null)[]) => r.map(q).join(',')).join('\n') + '\n'), columns: cols, rows: res.rows.length };
}

async function main(): Promise<void> {
  logger('error');
  const db = await openDatabase();
  const config = loadConfig({
    TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: db.dataDir,
    TMIS_CA_CERTS: join(db.dataDir, 'ca.crt.pem'), TMIS_PORTAL_DIR: join(db.dataDir, 'no-portal'), LOG_LEVEL: 'error',
  });
  const app = await createApp(config, db.appUrl, { poolMax: 5, ownerUrl: db.url });
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const { rows: [{ server_version: pgVersion }] } = await client.query<{ server_version: string }>('show server_version');

    // A province, a city, four counties and their schools; the importing account sits at the province.
    const em = app.orm.em.fork();
    const national = await buildUnit(em, null, { code: '000000', name: '教育部', level: 'national' });
    const province = await buildUnit(em, national, { code: '330000', name: '示范省教育厅', level: 'province' });
    const city = await buildUnit(em, province, { code: '330100', name: '示范市教育局', level: 'city' });
    const schools: Unit[] = [];
    for (const [k, code] of COUNTIES.entries()) {
      const county = await buildUnit(em, city, { code, name: `示范${k + 1}区教育局`, level: 'county' });
      for (let s = 0; s < SCHOOLS / COUNTIES.length; s++) {
        schools.push(await buildUnit(em, county, { code: `2${code}${String(s + 1).padStart(3, '0')}`, name: `示范${k + 1}区第${s + 1}小学`, level: 'school', schoolType: '211' }));
      }
    }
    const account = await buildAccount(em, app.runtime, province, { username: 'bench-prov-info', realName: '基准测试', role: 'info_admin', password: 'Bench@2026x' });
    await em.flush();

    let t0 = performance.now();
    const file = await generateWorkbook(schools.map((s) => s.code));
    log(`Generated a ${ROWS.toLocaleString('en')}-row workbook over ${schools.length} schools: ${(file.length / 2 ** 20).toFixed(1)} MiB in ${secs(performance.now() - t0)} s.\n`);

    const refs = new Map(schools.map((s): [string, SchoolRef] => [s.code, { unitId: s.id, schoolId: s.id, departmentId: null, path: s.path, stage: s.stage ?? null }]));
    t0 = performance.now();
    const checked = await parseAndCheck(file, refs);
    const parseMs = performance.now() - t0;
    if (checked !== ROWS) throw new Error(`only ${checked} rows passed the checks`);

    // End to end: the job exactly as the upload route submits it, until it has committed.
    const input: TeacherImportInput = {
      file, fileSha256: createHash('sha256').update(file).digest('hex'), unit: { id: province.id, path: province.path, level: province.level },
      actor: { accountId: account.id, username: account.username, unitId: province.id, scopePath: province.path }, ip: null, extraFields: [],
    };
    const lsn = async (): Promise<string> => (await client.query<{ l: string }>('select pg_current_wal_lsn()::text as l')).rows[0]!.l;
    const wal0 = await lsn();
    const pgCpu0 = postgresCpuSeconds();
    const nodeCpu0 = process.cpuUsage();
    t0 = performance.now();
    const job = await app.jobs.submit({ kind: TEACHER_IMPORT, createdBy: account.id, unitId: province.id, scopePath: province.path, inputHash: input.fileSha256 }, input);
    await app.jobs.idle();
    const importMs = performance.now() - t0;
    const nodeCpu = process.cpuUsage(nodeCpu0);
    const cpu = { node: (nodeCpu.user + nodeCpu.system) / 1e6, pg: postgresCpuSeconds() - pgCpu0 };
    const walBytes = Number((await client.query<{ b: string }>('select pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint::text as b', [await lsn(), wal0])).rows[0]!.b);
    const { rows: [done] } = await client.query('select status, counts, error from job where id = $1', [job.id]);
    if (done.status !== 'succeeded' || done.counts.imported !== ROWS) throw new Error(`import did not succeed: ${JSON.stringify(done)}`);

    // Baseline: the same rows (teacher, employment, basic record), loaded with COPY.
    const sets = [
      await asCsv(client, 'teacher', 'created_by = $1', [account.id]),
      await asCsv(client, 'employment', 'created_by = $1', [account.id]),
      await asCsv(client, 'archive_record', `entered_by = $1 and origin = 'import'`, [account.id]),
    ];
    const names = ['teacher', 'employment', 'archive_record'];
    const copy = async (mode: 'unlogged' | 'indexed'): Promise<{ ms: number; wal: number }> => {
      for (const n of names) {
        await client.query(`drop table if exists "copy_${n}"`);
        await client.query(mode === 'unlogged' ? `create unlogged table "copy_${n}" (like "${n}" including defaults)` : `create table "copy_${n}" (like "${n}" including all)`);
      }
      const w0 = await lsn();
      const started = performance.now();
      await client.query('begin');
      for (const [i, n] of names.entries()) await copyFrom(client, `copy "copy_${n}" (${sets[i]!.columns.map((c) => `"${c}"`).join(', ')}) from stdin with (format csv)`, sets[i]!.csv);
      await client.query('commit');
      const ms = performance.now() - started;
      const wal = Number((await client.query<{ b: string }>('select pg_wal_lsn_diff($1::pg_lsn, $2::pg_lsn)::bigint::text as b', [await lsn(), w0])).rows[0]!.b);
      return { ms, wal };
    };
    const { ms: copyUnloggedMs } = await copy('unlogged');
    const { ms: copyIndexedMs, wal: copyWal } = await copy('indexed');
    const { rows: [{ n: copied }] } = await client.query<{ n: number }>('select count(*)::int as n from copy_teacher');
    if (copied !== ROWS) throw new Error(`COPY loaded ${copied} rows`);

    log(table(['', ''], machineFacts(pgVersion)));
    log(`\nOne run, ${ROWS.toLocaleString('en')} rows (each row = 1 teacher + 1 employment + 1 basic archive record):\n`);
    log(table(['step', 'seconds', 'rows/s', 'vs. COPY (unlogged)'], [
      ['read + validate only (no database)', secs(parseMs), rate(ROWS, parseMs), '—'],
      ['**import end to end** (job: read, validate, look up, encrypt, insert, report)', secs(importMs), rate(ROWS, importMs), `${(importMs / copyUnloggedMs).toFixed(1)}×`],
      ['COPY FROM STDIN, unlogged tables without indexes', secs(copyUnloggedMs), rate(ROWS, copyUnloggedMs), '1.0×'],
      ['COPY FROM STDIN, logged tables with the same indexes', secs(copyIndexedMs), rate(ROWS, copyIndexedMs), `${(copyIndexedMs / copyUnloggedMs).toFixed(1)}×`],
    ]));
    log(`\nImport: ${rate(ROWS, importMs)} rows/s end to end (target ≥ 5,000); ` +
      `${(importMs / copyUnloggedMs).toFixed(1)}× the time of a bare COPY of the same rows, ${(importMs / copyIndexedMs).toFixed(1)}× a COPY into indexed tables.`);
    log(`CPU during the import: gateway (Node) ${cpu.node.toFixed(1)} s, PostgreSQL ${Number.isNaN(cpu.pg) ? 'n/a (not local)' : `${cpu.pg.toFixed(1)} s`}` +
      ` — on ${secs(importMs)} s of wall time. WAL written: import ${(walBytes / 2 ** 20).toFixed(0)} MiB, indexed COPY ${(copyWal / 2 ** 20).toFixed(0)} MiB.`);
    log(`Job counts: ${JSON.stringify(done.counts)}`);
  } finally {
    await client.end();
    await app.close();
    await db.cleanup();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
