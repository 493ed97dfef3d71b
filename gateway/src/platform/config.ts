import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustedProxies } from './http/client-ip.js';
import { CRYPTO_PROFILES, missingGmPrimitives, type CryptoProfileName } from './crypto/profile.js';

/** Repository root, so defaults work no matter where the process was started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export type DeploymentMode = 'province' | 'national';
export type RuntimeEnv = 'development' | 'test' | 'production';

export interface Config {
  env: RuntimeEnv;
  mode: DeploymentMode;
  /** 6-digit GB/T 2260 code of this deployment's province ('000000' in national mode). */
  provinceCode: string;
  /** DATABASE_URL: the gateway's application role (requests, jobs). When unset, an embedded PostgreSQL is started with its data under dataDir. */
  databaseUrl?: string;
  /** DATABASE_OWNER_URL: the role that owns the schema (migrations, operator commands); unset = DATABASE_URL's role does both. */
  databaseOwnerUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  /** 32-byte master key: encrypts document numbers and keys their lookup hash. */
  secretKey: Buffer;
  /** TMIS_CRYPTO: `gm` (SM2/SM3/SM4, the default in production) or `intl` (AES/SHA-256/P-256, the default otherwise); platform/crypto/profile.ts. */
  crypto: CryptoProfileName;
  /**
   * TMIS_PREVIOUS_SECRET_KEY / TMIS_PREVIOUS_CRYPTO (issue 15.3): the key and profile the stored
   * data was sealed under, while the crypto_migration task seals it again under the current ones.
   */
  previousCrypto?: { masterKey: Buffer; profile: CryptoProfileName };
  /** PEM files of the CAs whose client certificates information admins may log in with. */
  caCertFiles: string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  /** TMIS_ADMIN_PASSWORD_MAX_AGE_DAYS: an administrator's password older than this opens only a password-change session (issue 14.5). */
  adminPasswordMaxAgeDays: number;
  seedDemo: boolean;
  logLevel: string;
  /** Where the built portal lives; served at / when present. */
  portalDir: string;
  /** Folder of portal remotes: `<remotesDir>/<name>/dist` (a build with a remoteEntry.js) is served at /remotes/<name>/. */
  remotesDir: string;
  /** The bundled GraphiQL (portals/graphiql), served at /graphiql/. */
  graphiqlDir: string;
  /** Statistics: cells below this count are suppressed for query users and in shared data. */
  statsMinCell: number;
  /** Statistics: how often the rollup refresher looks for changed units (ms); 0 turns it off. */
  statsRefreshMs: number;
  /** Sync (issue 8), province: base URL of the national system; unset = sync disabled. */
  nationalUrl?: string;
  /** Sync, province: this province's 32-byte shared key with the national system (HMAC, payload sealing). */
  syncKey?: Buffer;
  /** Sync, national: the shared key of each province, by province code. */
  syncKeys: Map<string, Buffer>;
  /** Sync: the national comparison key (held by the national system and every province) for document hashes. */
  registryKey?: Buffer;
  /** Sync, province: how often changes are reported (ms). */
  syncIntervalMs: number;
  /** TMIS_METRICS_TOKEN: operators' bearer token for /metrics; unset = direct loopback connections only. */
  metricsToken?: string;
  /** TMIS_TRUSTED_PROXIES: reverse proxies whose X-Forwarded-For gives the client address (platform/http/client-ip.ts). */
  trustedProxies: string[];
  /** TMIS_SHUTDOWN_GRACE_MS: how long a stopping process lets requests in progress finish. */
  shutdownGraceMs: number;
  /** TMIS_JOB_CONCURRENCY: background jobs (imports) this process runs at once. */
  jobConcurrency: number;
  /** TMIS_JOB_SWEEP_MS: how often this process looks for jobs left by a process that died. */
  jobSweepMs: number;
  /** TMIS_DEBUG_ERRORS=1: INTERNAL errors carry their message and stack to the client (never in production). */
  debugErrors: boolean;
  /** TMIS_AUDIT_CHECKPOINT_FILE: signed checkpoints of the audit chain head, JSON lines, appended every 5 minutes (issue 14.3). */
  auditCheckpointFile: string;
}

export class ConfigError extends Error {}

const MODES: readonly DeploymentMode[] = ['province', 'national'];
const ENVS: readonly RuntimeEnv[] = ['development', 'test', 'production'];

function pick<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
  }
  return value as T;
}

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be an integer in [${min}, ${max}] (got "${value}")`);
  return n;
}

function bool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}

/**
 * The master key comes from TMIS_SECRET_KEY (64 hex chars). Outside production a key is
 * generated once and kept in the data folder, so the embedded setup needs no configuration.
 */
function loadSecretKey(env: RuntimeEnv, raw: string | undefined, dataDir: string): Buffer {
  if (raw) {
    if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new ConfigError('TMIS_SECRET_KEY must be 64 hexadecimal characters (32 bytes)');
    return Buffer.from(raw, 'hex');
  }
  if (env === 'production') throw new ConfigError('TMIS_SECRET_KEY is required in production');
  const file = resolve(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'hex');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600 });
  return key;
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = pick('TMIS_ENV', source.TMIS_ENV ?? source.NODE_ENV, ENVS, 'development');
  const mode = pick('TMIS_MODE', source.TMIS_MODE, MODES, 'province');
  const provinceCode = source.TMIS_PROVINCE_CODE || (mode === 'national' ? '000000' : '330000');
  if (!/^\d{6}$/.test(provinceCode) || (mode === 'province' && !/^\d{2}0000$/.test(provinceCode))) {
    throw new ConfigError(`TMIS_PROVINCE_CODE must be a 6-digit province code such as 330000 (got "${provinceCode}")`);
  }
  const dataDirRaw = source.TMIS_DATA_DIR || resolve(repoRoot, '.data');
  const dataDir = isAbsolute(dataDirRaw) ? dataDirRaw : resolve(repoRoot, dataDirRaw);
  const caFiles = (source.TMIS_CA_CERTS || resolve(dataDir, 'demo-certs/ca.crt.pem'))
    .split(',').map((f) => f.trim()).filter(Boolean);
  const seedDemo = bool(source.TMIS_DEMO, false);
  const debugErrors = bool(source.TMIS_DEBUG_ERRORS, false);
  if (env === 'production') refuseDevelopmentDefaults(source, dataDir, caFiles, seedDemo, debugErrors);
  return {
    env,
    mode,
    provinceCode,
    databaseUrl: source.DATABASE_URL || undefined,
    databaseOwnerUrl: databaseOwnerUrl(source),
    dataDir,
    host: source.HOST || '127.0.0.1',
    port: int('PORT', source.PORT, 4000, 0, 65535),
    secretKey: loadSecretKey(env, source.TMIS_SECRET_KEY, dataDir),
    crypto: cryptoProfileOf(env, source.TMIS_CRYPTO),
    previousCrypto: previousCrypto(env, source),
    caCertFiles: caFiles,
    sessionIdleMinutes: int('TMIS_SESSION_IDLE_MINUTES', source.TMIS_SESSION_IDLE_MINUTES, 30, 1, 24 * 60),
    sessionAbsoluteHours: int('TMIS_SESSION_ABSOLUTE_HOURS', source.TMIS_SESSION_ABSOLUTE_HOURS, 8, 1, 24 * 7),
    adminPasswordMaxAgeDays: int('TMIS_ADMIN_PASSWORD_MAX_AGE_DAYS', source.TMIS_ADMIN_PASSWORD_MAX_AGE_DAYS, 90, 1, 3650),
    seedDemo,
    logLevel: source.LOG_LEVEL || (env === 'test' ? 'silent' : 'info'),
    portalDir: source.TMIS_PORTAL_DIR || resolve(repoRoot, 'portals/shell/dist'),
    remotesDir: source.TMIS_REMOTES_DIR || resolve(repoRoot, 'portals'),
    graphiqlDir: source.TMIS_GRAPHIQL_DIR || resolve(repoRoot, 'portals/graphiql/dist'),
    statsMinCell: int('TMIS_STATS_MIN_CELL', source.TMIS_STATS_MIN_CELL, 5, 1, 1000),
    statsRefreshMs: int('TMIS_STATS_REFRESH_MS', source.TMIS_STATS_REFRESH_MS, 2000, 0, 3_600_000),
    ...syncSettings(source, mode),
    metricsToken: metricsToken(source.TMIS_METRICS_TOKEN),
    trustedProxies: trustedProxies(source.TMIS_TRUSTED_PROXIES),
    shutdownGraceMs: int('TMIS_SHUTDOWN_GRACE_MS', source.TMIS_SHUTDOWN_GRACE_MS, 10_000, 0, 600_000),
    jobConcurrency: int('TMIS_JOB_CONCURRENCY', source.TMIS_JOB_CONCURRENCY, 2, 1, 64),
    jobSweepMs: int('TMIS_JOB_SWEEP_MS', source.TMIS_JOB_SWEEP_MS, 3000, 200, 600_000),
    debugErrors,
    auditCheckpointFile: resolve(repoRoot, source.TMIS_AUDIT_CHECKPOINT_FILE || resolve(dataDir, 'audit-checkpoints.jsonl')),
  };
}

/**
 * TMIS_ENV=production never runs on what makes the embedded setup convenient: a secret key
 * generated into the data folder, the demo CA (which anyone with the repository can issue
 * certificates from), demo data, or error details for clients. All problems are named at once.
 */
function refuseDevelopmentDefaults(source: NodeJS.ProcessEnv, dataDir: string, caFiles: string[], seedDemo: boolean, debugErrors: boolean): void {
  const problems: string[] = [];
  if (!source.TMIS_SECRET_KEY) problems.push('TMIS_SECRET_KEY is not set (a generated development key is not allowed) / 未设置 TMIS_SECRET_KEY');
  const demoCa = resolve(dataDir, 'demo-certs');
  if (!source.TMIS_CA_CERTS || caFiles.some((f) => resolve(repoRoot, f).startsWith(demoCa + '/') || /(^|\/)demo-certs\//.test(f))) {
    problems.push('TMIS_CA_CERTS must name the education CA, not the demo CA in demo-certs/ / TMIS_CA_CERTS 须指向教育CA证书，不能使用演示CA');
  }
  if (seedDemo) problems.push('TMIS_DEMO is on: demo data is not allowed in production / 生产环境不能加载演示数据（TMIS_DEMO）');
  // In production an INTERNAL's details are read from the log by its request id, never by the client.
  if (debugErrors) problems.push('TMIS_DEBUG_ERRORS is on: error details (SQL, stack traces) must not reach clients in production / 生产环境不能向客户端显示错误详情（TMIS_DEBUG_ERRORS）');
  if (problems.length) throw new ConfigError(`TMIS_ENV=production refuses development defaults (生产环境拒绝开发默认配置):\n  - ${problems.join('\n  - ')}`);
}

function databaseOwnerUrl(source: NodeJS.ProcessEnv): string | undefined {
  const owner = source.DATABASE_OWNER_URL || undefined;
  if (owner && !source.DATABASE_URL) throw new ConfigError('DATABASE_OWNER_URL needs DATABASE_URL (the application role) / 设置 DATABASE_OWNER_URL 时须同时设置 DATABASE_URL（应用角色）');
  if (owner && !/^postgres(ql)?:\/\//.test(owner)) throw new ConfigError('DATABASE_OWNER_URL must be a postgres:// URL / DATABASE_OWNER_URL 须为 postgres:// 地址');
  return owner;
}

/** National algorithms by default in production (GB/T 39786 assessment); today's elsewhere. */
function cryptoProfileOf(env: RuntimeEnv, raw: string | undefined): CryptoProfileName {
  if (raw !== undefined && raw !== '' && !(CRYPTO_PROFILES as readonly string[]).includes(raw)) {
    throw new ConfigError(`TMIS_CRYPTO must be gm (SM2/SM3/SM4) or intl (AES/SHA-256/ECDSA) (got "${raw}") / TMIS_CRYPTO 只能是 gm（国密算法）或 intl（国际算法）`);
  }
  const profile = (raw || (env === 'production' ? 'gm' : 'intl')) as CryptoProfileName;
  const missing = profile === 'gm' ? missingGmPrimitives() : [];
  if (missing.length) throw new ConfigError(`TMIS_CRYPTO=gm needs ${missing.join(', ')} from Node's OpenSSL, which this Node build lacks (use Node 24 as pinned) / 当前 Node 的 OpenSSL 不支持 ${missing.join('、')}，无法使用国密配置`);
  return profile;
}

/** Either setting alone is enough: a profile switch keeps the key, a key rotation keeps the profile. */
function previousCrypto(env: RuntimeEnv, source: NodeJS.ProcessEnv): Config['previousCrypto'] {
  const key = hexKey('TMIS_PREVIOUS_SECRET_KEY', source.TMIS_PREVIOUS_SECRET_KEY);
  const rawProfile = source.TMIS_PREVIOUS_CRYPTO;
  if (!key && !rawProfile) return undefined;
  if (rawProfile && !(CRYPTO_PROFILES as readonly string[]).includes(rawProfile)) {
    throw new ConfigError(`TMIS_PREVIOUS_CRYPTO must be gm or intl (got "${rawProfile}") / TMIS_PREVIOUS_CRYPTO 只能是 gm 或 intl`);
  }
  const current = cryptoProfileOf(env, source.TMIS_CRYPTO);
  const masterKey = key ?? Buffer.from(source.TMIS_SECRET_KEY ?? '', 'hex');
  const profile = (rawProfile || current) as CryptoProfileName;
  if (profile === current && source.TMIS_SECRET_KEY && masterKey.equals(Buffer.from(source.TMIS_SECRET_KEY, 'hex'))) {
    throw new ConfigError('TMIS_PREVIOUS_SECRET_KEY / TMIS_PREVIOUS_CRYPTO name the current key and profile: nothing to migrate / 旧密钥与旧算法配置与当前相同，无需迁移');
  }
  if (masterKey.length !== 32) throw new ConfigError('TMIS_PREVIOUS_CRYPTO without TMIS_PREVIOUS_SECRET_KEY needs TMIS_SECRET_KEY set (the key stays) / 仅切换算法时须设置 TMIS_SECRET_KEY');
  return { masterKey, profile };
}

function trustedProxies(raw: string | undefined): string[] {
  try {
    return parseTrustedProxies(raw);
  } catch (e) {
    throw new ConfigError(`TMIS_TRUSTED_PROXIES must list IP addresses, CIDR ranges or loopback/linklocal/uniquelocal, comma-separated (${(e as Error).message})`);
  }
}

/** A guessable token would open the metrics to anyone who can reach the port. */
function metricsToken(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 24 || /\s/.test(raw)) throw new ConfigError('TMIS_METRICS_TOKEN must be at least 24 characters without spaces (e.g. openssl rand -hex 24)');
  return raw;
}

function hexKey(name: string, raw: string | undefined): Buffer | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9a-fA-F]{64}$/.test(raw)) throw new ConfigError(`${name} must be 64 hexadecimal characters (32 bytes)`);
  return Buffer.from(raw, 'hex');
}

/** Sync settings: a province syncs when TMIS_NATIONAL_URL is set, and then needs its keys. */
function syncSettings(source: NodeJS.ProcessEnv, mode: DeploymentMode): Pick<Config, 'nationalUrl' | 'syncKey' | 'syncKeys' | 'registryKey' | 'syncIntervalMs'> {
  const nationalUrl = source.TMIS_NATIONAL_URL?.replace(/\/+$/, '') || undefined;
  if (nationalUrl && !/^https?:\/\//.test(nationalUrl)) throw new ConfigError('TMIS_NATIONAL_URL must be an http(s) URL');
  const syncKey = hexKey('TMIS_SYNC_KEY', source.TMIS_SYNC_KEY);
  const registryKey = hexKey('TMIS_REGISTRY_KEY', source.TMIS_REGISTRY_KEY);
  const syncKeys = new Map<string, Buffer>();
  for (const item of (source.TMIS_SYNC_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const [code, key] = item.split(':');
    if (!code || !/^\d{2}0000$/.test(code)) throw new ConfigError(`TMIS_SYNC_KEYS: "${item}" must be <province code>:<64 hex>`);
    syncKeys.set(code, hexKey('TMIS_SYNC_KEYS', key ?? '')!);
  }
  if (mode === 'province' && nationalUrl && (!syncKey || !registryKey)) throw new ConfigError('TMIS_NATIONAL_URL needs TMIS_SYNC_KEY and TMIS_REGISTRY_KEY');
  if (mode === 'national' && syncKeys.size && !registryKey) throw new ConfigError('TMIS_SYNC_KEYS needs TMIS_REGISTRY_KEY');
  return {
    nationalUrl: mode === 'province' ? nationalUrl : undefined, syncKey, syncKeys, registryKey,
    syncIntervalMs: int('TMIS_SYNC_INTERVAL_MS', source.TMIS_SYNC_INTERVAL_MS, 60_000, 20, 86_400_000),
  };
}

type SyncSettings = Pick<Config, 'mode' | 'nationalUrl' | 'syncKey' | 'registryKey'>;
/** A province reporting to the national system (TMIS_NATIONAL_URL and its keys set); otherwise sync is off. */
export function reportsToNational<C extends SyncSettings>(c: C): c is C & { nationalUrl: string; syncKey: Buffer; registryKey: Buffer } {
  return c.mode === 'province' && !!c.nationalUrl && !!c.syncKey && !!c.registryKey;
}

let cached: Config | undefined;
/** Parsed once per process; fail fast on bad settings. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
