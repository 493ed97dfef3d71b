import { spawn } from 'node:child_process';
import { chmodSync, closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs';
import pg from 'pg';
import { AppError } from '../graphql/errors.js';
import { findPgTool, serverMajor, toolConnection, type PgTool } from './pg-tools.js';

/**
 * Backup and restore of a deployment's database with pg_dump/pg_restore of the server's own
 * major version, in custom format (compressed, restorable table by table). The archive holds the
 * database only: document numbers are AES-GCM ciphertext under TMIS_SECRET_KEY, which lives
 * outside the database and is never in a backup (docs/deployment.md, "Backup and restore").
 */
export interface BackupReport { file: string; bytes: number; serverVersion: number; pgDump: PgTool; entries: number; ms: number }
export interface RestoreReport { file: string; serverVersion: number; pgRestore: PgTool; dropped: string[]; ms: number }

/** Runs a PostgreSQL tool; resolves with stdout, rejects with its stderr (never with the password). */
function runTool(tool: PgTool, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(tool.path, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolveRun(Buffer.concat(out).toString('utf8'));
      else reject(new Error(`${tool.name} exited with ${code}: ${Buffer.concat(err).toString('utf8').trim().slice(0, 2000)}`));
    });
  });
}

/** Custom-format archives start with "PGDMP". */
function looksLikeArchive(file: string): boolean {
  if (!existsSync(file) || !statSync(file).isFile()) return false;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(5);
    return readSync(fd, head, 0, 5, 0) === 5 && head.toString('latin1') === 'PGDMP';
  } finally {
    closeSync(fd);
  }
}

const listEntries = (listing: string): number => listing.split('\n').filter((l) => /^\d+;/.test(l)).length;

/**
 * pg_dump of the whole database into `out` (written as `<out>.partial` and renamed once the
 * archive reads back with pg_restore --list, so a cut-off backup never looks complete). Owners
 * and grants are left out: a restore works under whichever role the target server gives us.
 */
export async function backupDatabase(url: string, out: string, env: NodeJS.ProcessEnv = process.env): Promise<BackupReport> {
  const started = Date.now();
  const { major, versionNum } = await serverMajor(url);
  const pgDump = await findPgTool('pg_dump', major, env);
  const pgRestore = await findPgTool('pg_restore', major, env);
  const conn = toolConnection(url);
  const partial = `${out}.partial`;
  rmSync(partial, { force: true });
  try {
    await runTool(pgDump, ['--format=custom', '--compress=6', '--no-owner', '--no-acl', `--file=${partial}`, `--dbname=${conn.dbname}`], conn.env);
    chmodSync(partial, 0o600);
    const entries = listEntries(await runTool(pgRestore, ['--list', partial], {}));
    renameSync(partial, out);
    return { file: out, bytes: statSync(out).size, serverVersion: versionNum, pgDump, entries, ms: Date.now() - started };
  } catch (e) {
    rmSync(partial, { force: true });
    throw new AppError('BACKUP_FAILED', { reason: (e as Error).message }, `备份失败 / backup failed: ${(e as Error).message}`);
  }
}

/** What a database holds besides the system catalogues: schemas with their number of relations and functions. */
export async function userSchemas(url: string): Promise<{ schema: string; objects: number }[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ schema: string; objects: number }>(`
      select n.nspname as schema,
             ((select count(*) from pg_class k where k.relnamespace = n.oid) + (select count(*) from pg_proc p where p.pronamespace = n.oid))::int as objects
        from pg_namespace n
       where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
       order by 1`);
    return r.rows;
  } finally {
    await c.end();
  }
}

/**
 * pg_restore of a custom-format archive into the database at `url`, in one transaction (all or
 * nothing). The target must be empty — an empty `public` schema at most — unless `force`, which
 * first drops every non-system schema of the target (its data is gone) and recreates `public`.
 */
export async function restoreDatabase(url: string, file: string, opts: { force?: boolean } = {}, env: NodeJS.ProcessEnv = process.env): Promise<RestoreReport> {
  const started = Date.now();
  if (!looksLikeArchive(file)) throw new AppError('RESTORE_FILE_INVALID', { file });
  const { major, versionNum } = await serverMajor(url);
  const pgRestore = await findPgTool('pg_restore', major, env);
  // The archive must read with this pg_restore (an archive of a newer pg_dump would not).
  await runTool(pgRestore, ['--list', file], {}).catch((e: Error) => {
    throw new AppError('RESTORE_FILE_INVALID', { file, reason: e.message }, `备份文件无法读取 / the archive cannot be read: ${e.message}`);
  });
  const inUse = (await userSchemas(url)).filter((s) => s.objects > 0 || s.schema !== 'public');
  const dropped: string[] = [];
  if (inUse.length) {
    if (!opts.force) throw new AppError('RESTORE_TARGET_NOT_EMPTY', { schemas: inUse });
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query('begin');
      for (const s of inUse) {
        await c.query(`drop schema "${s.schema.replace(/"/g, '""')}" cascade`);
        dropped.push(s.schema);
      }
      await c.query('create schema if not exists public');
      await c.query('commit');
    } finally {
      await c.end();
    }
  }
  const conn = toolConnection(url);
  try {
    await runTool(pgRestore, ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', `--dbname=${conn.dbname}`, file], conn.env);
  } catch (e) {
    throw new AppError('RESTORE_FAILED', { reason: (e as Error).message }, `恢复失败 / restore failed: ${(e as Error).message}`);
  }
  // pg_restore brings no planner statistics; without them the first queries would plan blind.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query('analyze').finally(() => c.end());
  return { file, serverVersion: versionNum, pgRestore, dropped, ms: Date.now() - started };
}
