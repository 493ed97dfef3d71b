import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import { loadConfig } from '../platform/config.js';
import { createApp, type App } from '../app/app.js';
import type { GatewayModule } from '../platform/modules/gateway-module.js';
import { EMBEDDED_APP_PASSWORD, EMBEDDED_APP_ROLE, urlAs } from '../platform/db/roles.js';

export interface GqlResult<T = Record<string, any>> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; details?: Record<string, unknown> } }[];
  status: number;
  headers: Headers;
}

export interface TestApp {
  app: App;
  url: string;
  dataDir: string;
  /** The test file's own database, as its owner (what migrations and a DBA use). */
  databaseUrl: string;
  /** The same database as the application role the gateway's requests run as. */
  appDatabaseUrl: string;
  /** POSTs a GraphQL operation over real HTTP, with a bearer token when given. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh database cloned from the migrated template; its URL. */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const template = inject('pgTemplate');
  const db = `tmis_t_${process.pid}_${counter++}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database "${db}" template "${template}"`);
      break;
    } catch (e) {
      // Two files cloning the template at the same instant: wait and retry.
      if (attempt > 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

/** A fresh database cloned from the migrated template, and the real gateway listening on a free port. */
export async function createTestApp(env: Record<string, string> = {}, opts: { onQuery?: (sql: string) => void; modules?: GatewayModule[] } = {}): Promise<TestApp> {
  const url = new URL(await createTestDatabase());
  const dataDir = mkdtempSync(join(tmpdir(), 'tmis-test-data-'));
  const config = loadConfig({
    TMIS_ENV: 'test', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: dataDir,
    TMIS_CA_CERTS: join(dataDir, 'certs', 'ca.crt.pem'), LOG_LEVEL: 'silent',
    // Tests write accounts and sessions with SQL and expect the next request to see it; the
    // session cache (which a notification empties a moment later) is tested on its own.
    TMIS_SESSION_CACHE_MS: '0',
    // `npm test` runs the suite once more with TMIS_CRYPTO=gm (scripts/run.mjs); a test may still pick its own.
    ...(process.env.TMIS_CRYPTO ? { TMIS_CRYPTO: process.env.TMIS_CRYPTO } : {}), ...env,
  });
  const appUrl = urlAs(url.toString(), EMBEDDED_APP_ROLE, EMBEDDED_APP_PASSWORD);
  const app = await createApp(config, appUrl, { poolMax: 25, onQuery: opts.onQuery, modules: opts.modules, ownerUrl: url.toString() });
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  return {
    app,
    url: base,
    dataDir,
    databaseUrl: url.toString(),
    appDatabaseUrl: appUrl,
    async gql(query, variables, token) {
      const res = await fetch(`${base}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status, headers: res.headers } as never;
    },
    async close() {
      await app.close();
    },
  };
}

/** The stable error code of the first error, or undefined. */
export const errorCode = (r: GqlResult): string | undefined => r.errors?.[0]?.extensions?.code;

/** The data of an operation that must have succeeded; fails the test with the errors otherwise. */
export function dataOf<T = Record<string, any>>(r: GqlResult<T>): T {
  if (r.errors) throw new Error(`unexpected GraphQL errors: ${JSON.stringify(r.errors)}`);
  return r.data!;
}

/** Raw SQL on the test database as the gateway's application role, for setting up states the API cannot reach (clock). */
export function sql<T = Record<string, any>>(t: TestApp, query: string, params: unknown[] = []): Promise<T[]> {
  return t.app.orm.em.fork().getConnection().execute<T[]>(query, params);
}

/** Raw SQL as the database's owner role: what the application role may not do (DDL, the audit log's trigger). */
export async function ownerSql<T = Record<string, any>>(t: TestApp, query: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: t.databaseUrl });
  await c.connect();
  try {
    return (await c.query(query, params)).rows as T[];
  } finally {
    await c.end();
  }
}
