import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../app/app.js';
import { seedDemoIfEmpty } from '../../demo/seed-once.js';
import { DEMO_PASSWORD } from '../../demo/demo-structure.js';
import { createTestApp, dataOf, type TestApp } from '../../testing/test-app.js';
import { GQL } from '../../testing/auth-helpers.js';
import { loadConfig } from '../config.js';
import { appendAudit, verifyAuditChain } from '../audit/audit.service.js';
import { findPgTool, serverMajor } from './pg-tools.js';
import { auditPowersOf } from '../db/roles.js';

/**
 * Issue 12, must show: the restore drill an operator runs, through the operator commands
 * (`node gateway/dist/cli.js backup|restore`, i.e. `npm run backup|restore`). A populated demo
 * province is backed up, its database destroyed and restored; teacher counts, decrypted ID
 * numbers and the audit chain come back whole. The archive alone reveals no ID number, and a
 * restore under another key is refused as unreadable.
 */
const CLI = resolve(fileURLToPath(new URL('../../../dist/cli.js', import.meta.url)));
const KEY = randomBytes(32).toString('hex');

let t: TestApp;
let dir: string;
let dbUrl: string;
let appUrl: string;
let adminUrl: string;
let dbName: string;
const before = { teachers: 0, accounts: 0, audit: 0, sample: [] as { id: string; idNumber: string; teacherNo: string }[] };

function cli(args: string[], key = KEY): { status: number | null; out: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    // The operator commands as the owner role, the gateway as the application role (issue 14.3).
    env: { ...process.env, TMIS_ENV: 'test', DATABASE_OWNER_URL: dbUrl, DATABASE_URL: appUrl, TMIS_SECRET_KEY: key, TMIS_DATA_DIR: t.dataDir, LOG_LEVEL: 'error' },
  });
  return { status: r.status, out: `${r.stdout}\n${r.stderr}` };
}

async function admin<T>(text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

const count = async (app: App, table: string): Promise<number> =>
  (await app.orm.em.fork().getConnection().execute<{ n: number }[]>(`select count(*)::int as n from ${table}`))[0]!.n;

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the gateway first (npm test does)`);
  dir = mkdtempSync(join(tmpdir(), 'tmis-backup-'));
  t = await createTestApp({ TMIS_SECRET_KEY: KEY });
  dbUrl = t.databaseUrl;
  appUrl = t.appDatabaseUrl;
  const u = new URL(dbUrl);
  dbName = decodeURIComponent(u.pathname.slice(1));
  u.pathname = '/postgres';
  adminUrl = u.toString();
  // A populated province: the demo of 330000, then traffic that writes audit entries.
  await seedDemoIfEmpty(t.app.orm, t.app.runtime);
  const login = dataOf(await t.gql(GQL.LOGIN, { u: 'prov-sys', p: DEMO_PASSWORD })).login;
  expect(login.token).toBeTruthy();
  const conn = t.app.orm.em.fork().getConnection();
  const rows = await conn.execute<{ id: string; enc: Buffer; teacher_no: string }[]>(
    `select id::text, id_number_enc as enc, teacher_no from teacher order by md5(id::text) limit 50`);
  before.sample = rows.map((r) => ({ id: r.id, idNumber: t.app.runtime.fieldCrypto.decrypt(r.enc), teacherNo: r.teacher_no }));
  before.teachers = await count(t.app, 'teacher');
  before.accounts = await count(t.app, 'account');
  const chain = await verifyAuditChain(t.app.orm.em.fork());
  expect(chain.ok).toBe(true);
  before.audit = chain.checked;
  await t.close();
}, 300_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
});

describe('restore drill: back up a populated province, destroy it, restore it', () => {
  const file = (): string => join(dir, 'province.dump');

  it('backs up with pg_dump of the server major; the archive holds no ID number in clear', async () => {
    expect(before.teachers).toBeGreaterThan(1000);
    expect(before.audit).toBeGreaterThan(0);
    const r = cli(['backup', '--out', file()]);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain('backup written');
    expect(existsSync(`${file()}.partial`)).toBe(false);
    // Decompress the archive to SQL and look for what must not be there.
    const { major } = await serverMajor(dbUrl);
    const pgRestore = await findPgTool('pg_restore', major);
    const sqlText = spawnSync(pgRestore.path, ['--file=-', file()], { encoding: 'utf8', maxBuffer: 1 << 30 }).stdout;
    expect(sqlText).toContain('COPY public.teacher');
    for (const s of before.sample) {
      expect(sqlText).toContain(s.teacherNo); // the data is there…
      expect(sqlText).not.toContain(s.idNumber); // …but the document numbers only as ciphertext
    }
    expect(sqlText).not.toContain(KEY);
  });

  it('refuses to restore over a database that holds data, and an archive that is not one', () => {
    const r = cli(['restore', '--in', file()]);
    expect(r.status).toBe(1);
    expect(r.out).toContain('RESTORE_TARGET_NOT_EMPTY');
    const junk = cli(['restore', '--in', CLI]);
    expect(junk.status).toBe(1);
    expect(junk.out).toContain('RESTORE_FILE_INVALID');
  });

  it('after the database is destroyed, a restore without the key is complete but unreadable', async () => {
    await admin(`drop database "${dbName}" with (force)`);
    expect(await admin(`select 1 from pg_database where datname = '${dbName}'`)).toEqual([]);
    const r = cli(['restore', '--in', file()], randomBytes(32).toString('hex'));
    expect(r.status).toBe(1);
    expect(r.out).toContain('KEY_MISMATCH');
  });

  it('a restore with the key brings back every teacher, the decrypted ID numbers and the whole audit chain', async () => {
    const r = cli(['restore', '--in', file(), '--force']);
    expect(r.status, r.out).toBe(0);
    expect(r.out).toContain(`audit chain OK: ${before.audit} entries verified`);
    expect(cli(['audit-verify']).status).toBe(0);

    // The restored province runs: counts, decrypted sample, audit chain, and new work continues.
    const config = loadConfig({ TMIS_ENV: 'test', TMIS_SECRET_KEY: KEY, TMIS_CRYPTO: t.app.config.crypto, TMIS_DATA_DIR: t.dataDir, TMIS_CA_CERTS: join(t.dataDir, 'certs', 'ca.crt.pem'), LOG_LEVEL: 'silent' });
    // The archive holds no grants: the owner gives the application role its rights again at start.
    const app = await createApp(config, appUrl, { poolMax: 5, ownerUrl: dbUrl });
    try {
      expect(await auditPowersOf(appUrl)).toEqual([]);
      expect(await count(app, 'teacher')).toBe(before.teachers);
      expect(await count(app, 'account')).toBe(before.accounts);
      const conn = app.orm.em.fork().getConnection();
      const rows = await conn.execute<{ id: string; enc: Buffer; teacher_no: string }[]>(
        `select id::text, id_number_enc as enc, teacher_no from teacher where id::text = any(string_to_array(?, ','))`, [before.sample.map((s) => s.id).join(',')]);
      const restored = rows.map((x) => ({ id: x.id, idNumber: app.runtime.fieldCrypto.decrypt(x.enc), teacherNo: x.teacher_no }));
      expect(restored.sort((a, b) => a.id.localeCompare(b.id))).toEqual([...before.sample].sort((a, b) => a.id.localeCompare(b.id)));
      const chain = await verifyAuditChain(app.orm.em.fork());
      expect(chain).toMatchObject({ ok: true, checked: before.audit });
      // New work continues as the application role: it appends to the restored chain.
      await appendAudit(app.orm.em.fork(), [{ action: 'drill.after_restore' }]);
      expect(await verifyAuditChain(app.orm.em.fork())).toMatchObject({ ok: true, checked: before.audit + 1 });
    } finally {
      await app.close();
    }
  });
});
