import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { logger } from '../logging.js';
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';

export interface DatabaseHandle {
  url: string;
  embedded?: EmbeddedDatabase;
  close: () => Promise<void>;
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const r = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (r.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/**
 * DATABASE_URL wins; otherwise an embedded PostgreSQL keeps its data in `<dataDir>/pg`,
 * so demo data and changes survive restarts.
 */
export async function openDatabase(cfg: Config): Promise<DatabaseHandle> {
  if (cfg.databaseUrl) return { url: cfg.databaseUrl, close: async () => {} };
  const running = runningEmbeddedPort(resolve(cfg.dataDir, 'pg'));
  if (running) return { url: embeddedUrl(running, 'tmis'), close: async () => {} };
  const log = logger();
  const embedded = await startEmbeddedPostgres({ dir: resolve(cfg.dataDir, 'pg'), onLog: (m) => log.debug({ pg: m.trim() }) });
  await ensureDatabase(embedded.url('postgres'), 'tmis');
  log.info({ port: embedded.port }, 'embedded PostgreSQL started');
  return { url: embedded.url('tmis'), embedded, close: () => embedded.stop() };
}

/**
 * When the gateway already runs the embedded server, tools (audit verification, migrations)
 * attach to it: postmaster.pid holds the pid (line 1) and the port (line 4).
 */
export function runningEmbeddedPort(dir: string): number | undefined {
  const pidFile = resolve(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pid), 0);
  } catch {
    return undefined;
  }
  return Number(port) || undefined;
}
