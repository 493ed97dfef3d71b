import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { logger } from '../logging.js';
import { embeddedUrl, startEmbeddedPostgres, type EmbeddedDatabase } from './embedded.js';
import { EMBEDDED_APP_PASSWORD, EMBEDDED_APP_ROLE, ensureAppRole, urlAs } from './roles.js';

export interface DatabaseHandle {
  /** The application role's connection (requests, jobs). */
  url: string;
  /** The owner role's connection (migrations, operator commands); the same as `url` when one role does both. */
  ownerUrl: string;
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
 * DATABASE_URL (with DATABASE_OWNER_URL for the owner role) wins; otherwise an embedded
 * PostgreSQL keeps its data in `<dataDir>/pg`, so demo data and changes survive restarts. The
 * embedded server's superuser is the owner; the application role is created on the way.
 */
export async function openDatabase(cfg: Config): Promise<DatabaseHandle> {
  if (cfg.databaseUrl) return { url: cfg.databaseUrl, ownerUrl: cfg.databaseOwnerUrl ?? cfg.databaseUrl, close: async () => {} };
  const running = runningEmbeddedPort(resolve(cfg.dataDir, 'pg'));
  if (running) return { ...(await embeddedRoles(embeddedUrl(running, 'postgres'), embeddedUrl(running, 'tmis'))), close: async () => {} };
  const log = logger();
  const embedded = await startEmbeddedPostgres({ dir: resolve(cfg.dataDir, 'pg'), onLog: (m) => log.debug({ pg: m.trim() }) });
  await ensureDatabase(embedded.url('postgres'), 'tmis');
  log.info({ port: embedded.port }, 'embedded PostgreSQL started');
  return { ...(await embeddedRoles(embedded.url('postgres'), embedded.url('tmis'))), embedded, close: () => embedded.stop() };
}

async function embeddedRoles(adminUrl: string, ownerUrl: string): Promise<{ url: string; ownerUrl: string }> {
  await ensureAppRole(adminUrl, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
  return { url: urlAs(ownerUrl, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD), ownerUrl };
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
