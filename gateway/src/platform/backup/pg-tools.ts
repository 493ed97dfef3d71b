import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { AppError } from '../graphql/errors.js';

const run = promisify(execFile);

export type PgToolName = 'pg_dump' | 'pg_restore';
export interface PgTool { name: PgToolName; path: string; major: number; version: string }

/** `pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)` → 15.20; `… 18beta1` → 18. */
export function parseToolVersion(output: string): { major: number; version: string } | null {
  const m = /\(PostgreSQL\)\s+(\d+)(\.\d+)?(\S*)/.exec(output);
  return m ? { major: Number(m[1]), version: `${m[1]}${m[2] ?? ''}${m[3] ?? ''}` } : null;
}

/**
 * Where a pg_dump/pg_restore may live, most specific first. TMIS_PG_BIN_DIR, when set, is the only
 * place looked at (an operator who names a folder means that one). Otherwise: the per-major folders
 * of Debian/Ubuntu and of the PGDG RPMs, the client that `node scripts/pg-client.mjs` builds for the
 * embedded server (whose package ships only the server) under ~/.cache/tmis, then PATH.
 */
export function candidateDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  if (env.TMIS_PG_BIN_DIR) return [env.TMIS_PG_BIN_DIR];
  const dirs: string[] = [];
  const cache = join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tmis');
  const major = (d: string): number => Number(/\d+/.exec(d)![0]);
  for (const [root, pattern] of [['/usr/lib/postgresql', /^\d+$/], ['/usr', /^pgsql-\d+$/], [cache, /^pg-client-\d+\.\d+$/]] as const) {
    const found = existsSync(root) ? readdirSync(root).filter((d) => pattern.test(d)) : [];
    for (const d of found.sort((a, b) => major(b) - major(a))) dirs.push(join(root, d, 'bin'));
  }
  dirs.push(...(env.PATH ?? '').split(delimiter).filter(Boolean));
  return [...new Set(dirs)];
}

/** The first candidate of the server's major; pg_dump refuses newer servers and is not meant for older ones. */
export function chooseTool<T extends { major: number }>(found: T[], serverMajor: number): T | undefined {
  return found.find((t) => t.major === serverMajor);
}

/** Every pg_dump/pg_restore among the candidates, with its version (asks each binary itself). */
export async function discoverTools(name: PgToolName, env: NodeJS.ProcessEnv = process.env): Promise<PgTool[]> {
  const tools: PgTool[] = [];
  for (const dir of candidateDirs(env)) {
    const path = join(dir, name);
    if (!existsSync(path) || tools.some((t) => t.path === path)) continue;
    const out = await run(path, ['--version']).then((r) => r.stdout, () => '');
    const v = parseToolVersion(out);
    if (v) tools.push({ name, path, ...v });
  }
  return tools;
}

/** Locates `name` of exactly the server's major, or refuses with what was found and how to get the right one. */
export async function findPgTool(name: PgToolName, serverMajor: number, env: NodeJS.ProcessEnv = process.env): Promise<PgTool> {
  const found = await discoverTools(name, env);
  const tool = chooseTool(found, serverMajor);
  if (tool) return tool;
  const seen = found.map((t) => `${t.path} (${t.version})`);
  throw new AppError('BACKUP_TOOL_MISSING', { tool: name, serverMajor, found: seen },
    `找不到 PostgreSQL ${serverMajor} 的 ${name}（数据库服务器为 ${serverMajor} 版）/ no ${name} of PostgreSQL ${serverMajor} (the server's major) was found.\n` +
    `  found / 已找到: ${seen.length ? seen.join(', ') : 'none / 无'}\n` +
    `  install / 安装: postgresql-client-${serverMajor} (PGDG apt or yum repository), or set TMIS_PG_BIN_DIR to the folder holding its ${name}`);
}

/** The connection for the PostgreSQL tools: the URL without its password (which goes in PGPASSWORD, not on the command line). */
export function toolConnection(url: string): { dbname: string; env: Record<string, string> } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { PGPASSWORD: password } : {} };
}

export async function serverMajor(url: string): Promise<{ major: number; versionNum: number }> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ v: string }>(`select current_setting('server_version_num') as v`);
    const versionNum = Number(r.rows[0]!.v);
    return { major: Math.floor(versionNum / 10000), versionNum };
  } finally {
    await c.end();
  }
}
