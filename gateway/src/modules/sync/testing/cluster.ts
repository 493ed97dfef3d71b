import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { inject } from 'vitest';
import { generateChineseIdCard, type Role } from '@tmis/shared';
import { loadConfig } from '../../../platform/config.js';
import { cryptoProfile, type CryptoProfileName } from '../../../platform/crypto/profile.js';
import { createApp, type App } from '../../../app/app.js';
import { buildAccount, buildTeacher, buildUnit } from '../../../demo/builders.js';
import { demoCertificateAlgorithm, ensureDemoCertificates } from '../../../platform/auth/certificates/index.js';
import type { Unit } from '../../units/unit.entity.js';
import type { GqlResult } from '../../../testing/test-app.js';
import { PASSWORD } from '../../../testing/world.js';

/** A fresh database cloned from the migrated template (as createTestApp does), kept across restarts. */
export async function freshDatabase(): Promise<string> {
  const adminUrl = inject('pgAdminUrl');
  const db = `tmis_t_${process.pid}_sync_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database "${db}" template "${inject('pgTemplate')}"`);
      break;
    } catch (e) {
      if (attempt > 20 || !/being accessed by other users/.test(String(e))) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${db}`;
  return url.toString();
}

export interface Gateway {
  app: App;
  url: string;
  port: number;
  dbUrl: string;
  env: Record<string, string>;
  certDir: string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  sql<T = Record<string, any>>(query: string, params?: unknown[]): Promise<T[]>;
  /** Stops accepting connections and cuts the open ones (the national system "down"). */
  stopServer(): Promise<void>;
  startServer(): Promise<void>;
  close(): Promise<void>;
}

/** A real gateway on `dbUrl`; the same database, secret and data folder can be started again after close(). */
export async function startGateway(dbUrl: string, env: Record<string, string>, keep?: { secret: string; dataDir: string }): Promise<Gateway> {
  const dataDir = keep?.dataDir ?? mkdtempSync(join(tmpdir(), 'tmis-sync-'));
  const secret = keep?.secret ?? randomBytes(32).toString('hex');
  const fullEnv = { TMIS_ENV: 'test', TMIS_SECRET_KEY: secret, TMIS_DATA_DIR: dataDir, TMIS_CA_CERTS: join(dataDir, 'certs', 'ca.crt.pem'), LOG_LEVEL: 'silent', TMIS_STATS_REFRESH_MS: '0',
    ...(process.env.TMIS_CRYPTO ? { TMIS_CRYPTO: process.env.TMIS_CRYPTO } : {}), ...env };
  const app = await createApp(loadConfig(fullEnv), dbUrl, { poolMax: 10 });
  await new Promise<void>((r) => app.server.listen(0, '127.0.0.1', r));
  const port = (app.server.address() as AddressInfo).port;
  // With TMIS_TLS_CERT/KEY the gateway serves HTTPS (its certificate names 127.0.0.1); `gql` below then needs a CA fetch trusts.
  const url = `${app.config.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  const g: Gateway = {
    app, url, port, dbUrl, env: fullEnv, certDir: join(dataDir, 'certs'),
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }),
      });
      return { ...((await res.json()) as object), status: res.status, headers: res.headers } as never;
    },
    sql: (query, params = []) => app.orm.em.fork().getConnection().execute(query, params) as never,
    async stopServer() {
      await new Promise<void>((r) => { app.server.close(() => r()); app.server.closeAllConnections(); });
    },
    async startServer() {
      await new Promise<void>((r, j) => { app.server.once('error', j); app.server.listen(port, '127.0.0.1', () => r()); });
    },
    close: () => app.close(),
  };
  Object.defineProperty(g, 'keep', { value: { secret, dataDir } });
  return g;
}

/**
 * A signing key pair of the run's profile (SM2 under TMIS_CRYPTO=gm, P-256 otherwise) as PEM files,
 * for TMIS_SYNC_SIGNING_KEY / TMIS_AUDIT_SIGNING_KEY and TMIS_SYNC_PUBLIC_KEYS / TMIS_AUDIT_VERIFY_KEY.
 */
export function signingKeyFiles(profile: CryptoProfileName = (process.env.TMIS_CRYPTO as CryptoProfileName | undefined) ?? 'intl'): { privateKey: string; publicKey: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tmis-signing-'));
  const pair = cryptoProfile(profile).generateSigningKeyPair();
  const files = { privateKey: join(dir, 'signing.key.pem'), publicKey: join(dir, 'signing.pub.pem') };
  writeFileSync(files.privateKey, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  writeFileSync(files.publicKey, pair.publicKey.export({ format: 'pem', type: 'spki' }));
  return files;
}

export const keepOf = (g: Gateway): { secret: string; dataDir: string } => (g as unknown as { keep: { secret: string; dataDir: string } }).keep;

/**
 * A province's own tree under a copy of the national root: province → city → county → schools,
 * teachers, and accounts (province system admin, county and school information admins with
 * certificates). `docs` fixes some teachers' document numbers (to make cross-province duplicates).
 */
export async function buildProvince(g: Gateway, p: { code: string; name: string; prefix: string; teachers: number; idRegion: string; seqBase: number }): Promise<{
  units: Record<'national' | 'province' | 'city' | 'county' | 'school' | 'school2', Unit>; teacherIds: string[]; idNumbers: Map<string, string>; names: Map<string, string>;
}> {
  const em = g.app.orm.em.fork();
  const c2 = p.code.slice(0, 2);
  const national = await buildUnit(em, null, { code: '000000', name: '教育部', level: 'national' });
  const province = await buildUnit(em, national, { code: p.code, name: p.name, level: 'province' });
  const city = await buildUnit(em, province, { code: `${c2}0100`, name: `${p.name}一市`, level: 'city' });
  const county = await buildUnit(em, city, { code: `${c2}0102`, name: `${p.name}一区`, level: 'county' });
  const school = await buildUnit(em, county, { code: `2${c2}0102001`, name: `${p.name}一区第一小学`, level: 'school', schoolType: '211' });
  const school2 = await buildUnit(em, county, { code: `2${c2}0102002`, name: `${p.name}一区第二小学`, level: 'school', schoolType: '211' });
  await em.flush();
  const teacherIds: string[] = [];
  const idNumbers = new Map<string, string>();
  const names = new Map<string, string>();
  for (let i = 0; i < p.teachers; i++) {
    const idNumber = generateChineseIdCard({ regionCode: p.idRegion, birthDate: '1986-04-12', sequence: p.seqBase + 2 * i, gender: '2' });
    const t = await buildTeacher(em, g.app.runtime, i % 2 ? school2 : school, { name: `${p.prefix}教师${i}`, gender: '2', birthDate: '1986-04-12', idNumber, startDate: '2012-09-01' });
    teacherIds.push(t.id);
    idNumbers.set(t.id, idNumber);
    names.set(t.id, t.name);
  }
  await em.flush();
  await addAccounts(g, [[`${p.prefix}-sys`, province, 'system_admin'], [`${p.prefix}-county`, county, 'info_admin'], [`${p.prefix}-school`, school, 'info_admin']]);
  return { units: { national, province, city, county, school, school2 }, teacherIds, idNumbers, names };
}

export async function addAccounts(g: Gateway, wanted: [string, Unit, Role][]): Promise<void> {
  const em = g.app.orm.em.fork();
  const certs = wanted.filter(([, , r]) => r === 'info_admin').map(([username, unit]) => ({ username, realName: `管理员${username}`, unitName: unit.name }));
  const fingerprints = await ensureDemoCertificates(g.certDir, certs, { algorithm: demoCertificateAlgorithm(g.app.config.crypto) });
  let i = 0;
  for (const [username, unit, role] of wanted) {
    await buildAccount(em, g.app.runtime, await em.findOneOrFail('Unit', { id: unit.id }) as Unit, {
      username, realName: `用户${username}`, role, password: PASSWORD, phone: '13900000000', mustChangePassword: false, certFingerprint: fingerprints[username] ?? null,
      idNumber: generateChineseIdCard({ regionCode: '110101', birthDate: '1979-01-01', sequence: 500 + 2 * i++ + Math.floor(Math.random() * 200) * 2, gender: '1' }),
    });
  }
  await em.flush();
}

/**
 * An HTTP proxy in front of the national system. `dropPushes = n`: the next n pushes are
 * forwarded and answered by the national system, but the province's connection is cut before
 * the answer reaches it (applied there, unknown here). The last push is kept for replay tests.
 */
export interface FaultProxy {
  url: string;
  dropPushes: number;
  dropped: number;
  lastPush: { headers: Record<string, string>; body: string } | null;
  close(): Promise<void>;
}

export async function startFaultProxy(targetPort: number): Promise<FaultProxy> {
  const state: FaultProxy = { url: '', dropPushes: 0, dropped: 0, lastPush: null, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'host' && k !== 'connection').map(([k, v]) => [k, String(v)]));
      const isPush = req.url === '/sync/push';
      if (isPush) state.lastPush = { headers, body: body.toString('utf8') };
      const up = request({ host: '127.0.0.1', port: targetPort, path: req.url, method: req.method, headers }, (ur) => {
        const out: Buffer[] = [];
        ur.on('data', (c: Buffer) => out.push(c));
        ur.on('end', () => {
          if (isPush && state.dropPushes > 0) {
            state.dropPushes--;
            state.dropped++;
            req.socket.destroy();
            return;
          }
          res.writeHead(ur.statusCode ?? 502, { 'content-type': ur.headers['content-type'] ?? 'application/json' }).end(Buffer.concat(out));
        });
      });
      up.on('error', () => req.socket.destroy());
      up.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
  return state;
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) { last = e; }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
