import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, type KeyObject } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustedProxies } from './http/client-ip.js';
import { CRYPTO_PROFILES, cryptoProfile, missingGmPrimitives, SIGNATURE_ALG, signingProfileOf, type CryptoProfileName } from './crypto/profile.js';

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
  /** TMIS_SESSION_CACHE_MS: how long a process serves a resolved session from memory (issue 18.1; 0 = off; revocations notify at once). */
  sessionCacheMs: number;
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
  /** TMIS_SYNC_SIGNING_KEY, province (issue 15.1): its private key (SM2 under gm, P-256 under intl); requests are signed with it. */
  syncSigningKey?: KeyObject;
  /** TMIS_SYNC_PUBLIC_KEYS, national: each province's public keys (two during a rotation); a province listed here must sign. */
  syncPublicKeys: Map<string, KeyObject[]>;
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
  /** TMIS_AUDIT_SIGNING_KEY (issue 15.1): checkpoints are signed with this private key (SM2 / P-256) instead of the HMAC. */
  auditSigningKey?: KeyObject;
  /** TMIS_AUDIT_VERIFY_KEY: public keys that verify signed checkpoints (old ones after a rotation), plus the signing key's own. */
  auditVerifyKeys: KeyObject[];
  /** Settings that are allowed but weaker than they should be; logged at start-up. */
  warnings: string[];
  /** TMIS_TLS_CERT / TMIS_TLS_KEY / TMIS_TLS_CA (issue 15.5): the gateway serves HTTPS itself; unset = plain HTTP behind a TLS proxy. */
  tls?: GatewayTls;
  /** TMIS_NATIONAL_CERT_PIN / TMIS_NATIONAL_CA, province over https:// (issue 15.5): how the sync channel checks the national server. */
  nationalTls?: NationalTls;
}

/** PEM contents, read and checked at start-up (a bad file stops the gateway, not the first client). */
export interface GatewayTls {
  /** The server certificate followed by the intermediate CAs (TMIS_TLS_CA), as sent to clients. */
  cert: Buffer;
  key: Buffer;
  certFile: string;
  /** SHA-256 of the server certificate, the value a province puts in TMIS_NATIONAL_CERT_PIN. */
  fingerprint256: string;
}

export interface NationalTls {
  /** SHA-256 fingerprints of the national server certificate, uppercase hex with colons; empty = no pin. */
  pins: string[];
  /** TMIS_NATIONAL_CA: the CAs trusted for the national server instead of the public ones. */
  ca?: Buffer;
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
  const crypto = cryptoProfileOf(env, source.TMIS_CRYPTO);
  const sync = syncSettings(source, mode);
  const signing = signingSettings(source, env, mode, crypto, dataDir, seedDemo, sync);
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
    crypto,
    previousCrypto: previousCrypto(env, source),
    caCertFiles: caFiles,
    sessionIdleMinutes: int('TMIS_SESSION_IDLE_MINUTES', source.TMIS_SESSION_IDLE_MINUTES, 30, 1, 24 * 60),
    sessionAbsoluteHours: int('TMIS_SESSION_ABSOLUTE_HOURS', source.TMIS_SESSION_ABSOLUTE_HOURS, 8, 1, 24 * 7),
    sessionCacheMs: int('TMIS_SESSION_CACHE_MS', source.TMIS_SESSION_CACHE_MS, 5000, 0, 60_000),
    adminPasswordMaxAgeDays: int('TMIS_ADMIN_PASSWORD_MAX_AGE_DAYS', source.TMIS_ADMIN_PASSWORD_MAX_AGE_DAYS, 90, 1, 3650),
    seedDemo,
    logLevel: source.LOG_LEVEL || (env === 'test' ? 'silent' : 'info'),
    portalDir: source.TMIS_PORTAL_DIR || resolve(repoRoot, 'portals/shell/dist'),
    remotesDir: source.TMIS_REMOTES_DIR || resolve(repoRoot, 'portals'),
    graphiqlDir: source.TMIS_GRAPHIQL_DIR || resolve(repoRoot, 'portals/graphiql/dist'),
    statsMinCell: int('TMIS_STATS_MIN_CELL', source.TMIS_STATS_MIN_CELL, 5, 1, 1000),
    statsRefreshMs: int('TMIS_STATS_REFRESH_MS', source.TMIS_STATS_REFRESH_MS, 2000, 0, 3_600_000),
    ...sync,
    ...signing,
    ...tlsSettings(source, env, mode),
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

/**
 * Transport security (issue 15.5): HTTPS served by the gateway itself, and how a province checks
 * the national server. Files are read here, once, so a wrong path, a key of another certificate
 * or an expired certificate stops start-up with a message naming the setting.
 */
function tlsSettings(source: NodeJS.ProcessEnv, env: RuntimeEnv, mode: DeploymentMode): Pick<Config, 'tls' | 'nationalTls'> {
  return { tls: gatewayTls(source), nationalTls: nationalTls(source, env, mode) };
}

function readPemFile(name: string, file: string): Buffer {
  try {
    return readFileSync(resolve(repoRoot, file));
  } catch (e) {
    throw new ConfigError(`${name}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}) / 无法读取 ${name} 指定的文件 ${file}`);
  }
}

/** Every certificate of a PEM bundle, or a ConfigError naming the setting. */
function pemCertificates(name: string, file: string, pem: Buffer): X509Certificate[] {
  const blocks = pem.toString('utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  try {
    if (!blocks.length) throw new Error('no "BEGIN CERTIFICATE" block');
    return blocks.map((b) => new X509Certificate(b));
  } catch (e) {
    throw new ConfigError(`${name}: ${file} is not a PEM certificate file (${(e as Error).message}) / ${name} 指定的文件不是 PEM 格式的证书`);
  }
}

function gatewayTls(source: NodeJS.ProcessEnv): GatewayTls | undefined {
  const certFile = source.TMIS_TLS_CERT || undefined;
  const keyFile = source.TMIS_TLS_KEY || undefined;
  const chainFile = source.TMIS_TLS_CA || undefined;
  if (!certFile && !keyFile) {
    if (chainFile) throw new ConfigError('TMIS_TLS_CA needs TMIS_TLS_CERT and TMIS_TLS_KEY / 设置 TMIS_TLS_CA 时须同时设置 TMIS_TLS_CERT 与 TMIS_TLS_KEY');
    return undefined;
  }
  if (!certFile || !keyFile) throw new ConfigError('TMIS_TLS_CERT and TMIS_TLS_KEY must be set together (both or neither) / TMIS_TLS_CERT 与 TMIS_TLS_KEY 须同时设置');
  const certPem = readPemFile('TMIS_TLS_CERT', certFile);
  const keyPem = readPemFile('TMIS_TLS_KEY', keyFile);
  const chainPem = chainFile ? readPemFile('TMIS_TLS_CA', chainFile) : undefined;
  const [leaf] = pemCertificates('TMIS_TLS_CERT', certFile, certPem);
  if (chainFile) pemCertificates('TMIS_TLS_CA', chainFile, chainPem!);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyPem);
  } catch (e) {
    throw new ConfigError(`TMIS_TLS_KEY: ${keyFile} is not an unencrypted PEM private key (${(e as Error).message}) / TMIS_TLS_KEY 指定的文件不是未加密的 PEM 私钥`);
  }
  if (!leaf!.checkPrivateKey(key)) throw new ConfigError(`TMIS_TLS_KEY (${keyFile}) is not the key of the certificate in TMIS_TLS_CERT (${certFile}) / TMIS_TLS_KEY 私钥与 TMIS_TLS_CERT 证书不匹配`);
  if (Date.parse(leaf!.validTo) < Date.now()) throw new ConfigError(`TMIS_TLS_CERT (${certFile}) expired on ${leaf!.validTo} / TMIS_TLS_CERT 证书已于 ${leaf!.validTo} 过期`);
  // What clients are sent: the server certificate, then the intermediates that lead to their trusted CA.
  const cert = chainPem ? Buffer.concat([certPem, Buffer.from('\n'), chainPem]) : certPem;
  try {
    createSecureContext({ cert, key: keyPem, minVersion: TLS_MIN_VERSION, ciphers: TLS_CIPHERS });
  } catch (e) {
    throw new ConfigError(`TMIS_TLS_CERT / TMIS_TLS_KEY refused by OpenSSL (${(e as Error).message}) / OpenSSL 无法使用所配置的证书与私钥`);
  }
  return { cert, key: keyPem, certFile, fingerprint256: leaf!.fingerprint256 };
}

/** TLS 1.2 and 1.3 with forward secrecy and AEAD ciphers only (Mozilla's "intermediate" list). */
export const TLS_MIN_VERSION = 'TLSv1.2';
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305', 'DHE-RSA-AES128-GCM-SHA256', 'DHE-RSA-AES256-GCM-SHA384',
].join(':');

const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A province's channel to the national system carries document hashes and sealed payloads: in
 * production it must be https:// (loopback excepted, for a proxy on the same host). The pin holds
 * even against a certificate a public CA would vouch for.
 */
function nationalTls(source: NodeJS.ProcessEnv, env: RuntimeEnv, mode: DeploymentMode): NationalTls | undefined {
  const url = source.TMIS_NATIONAL_URL || undefined;
  const pinsRaw = source.TMIS_NATIONAL_CERT_PIN || undefined;
  const caFile = source.TMIS_NATIONAL_CA || undefined;
  if (mode !== 'province' || !url) {
    if (pinsRaw || caFile) throw new ConfigError('TMIS_NATIONAL_CERT_PIN / TMIS_NATIONAL_CA are for a province with TMIS_NATIONAL_URL / TMIS_NATIONAL_CERT_PIN、TMIS_NATIONAL_CA 仅用于设置了 TMIS_NATIONAL_URL 的省级系统');
    return undefined;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`TMIS_NATIONAL_URL is not a valid URL (got "${url}") / TMIS_NATIONAL_URL 不是有效地址`);
  }
  if (parsed.protocol !== 'https:') {
    if (pinsRaw || caFile) throw new ConfigError('TMIS_NATIONAL_CERT_PIN / TMIS_NATIONAL_CA need an https:// TMIS_NATIONAL_URL / 设置证书指纹或CA时 TMIS_NATIONAL_URL 须为 https:// 地址');
    if (env === 'production' && !LOOPBACK_HOST.test(parsed.hostname)) {
      throw new ConfigError(`TMIS_NATIONAL_URL must be https:// in production (got "${url}"; plain http is allowed to a loopback address only) / 生产环境中 TMIS_NATIONAL_URL 须为 https:// 地址（仅本机回环地址可用 http）`);
    }
    return undefined;
  }
  const pins = (pinsRaw ?? '').split(',').map((p) => p.trim()).filter(Boolean).map((p) => {
    const hex = p.replace(/:/g, '').toUpperCase();
    if (!/^[0-9A-F]{64}$/.test(hex)) {
      throw new ConfigError(`TMIS_NATIONAL_CERT_PIN: "${p}" is not a SHA-256 certificate fingerprint (64 hex digits, colons allowed, as openssl x509 -fingerprint -sha256 prints) / TMIS_NATIONAL_CERT_PIN 须为证书的 SHA-256 指纹`);
    }
    return hex.match(/../g)!.join(':');
  });
  const ca = caFile ? readPemFile('TMIS_NATIONAL_CA', caFile) : undefined;
  if (caFile) pemCertificates('TMIS_NATIONAL_CA', caFile, ca!);
  return pins.length || ca ? { pins, ca } : undefined;
}

/** A PEM key file named by `name`, read at start-up so a wrong path or a wrong key type stops the gateway. */
function readKeyFile(name: string, file: string, kind: 'private' | 'public'): KeyObject {
  const pem = readPemFile(name, file);
  try {
    return kind === 'private' ? createPrivateKey(pem) : createPublicKey(pem);
  } catch (e) {
    throw new ConfigError(`${name}: ${file} is not an unencrypted PEM ${kind} key (${(e as Error).message}) / ${name} 指定的文件不是未加密的 PEM ${kind === 'private' ? '私钥' : '公钥'}`);
  }
}

/** The profile a signing key belongs to, or a ConfigError naming the setting. */
function keyProfile(name: string, file: string, key: KeyObject): CryptoProfileName {
  try {
    return signingProfileOf(key);
  } catch (e) {
    throw new ConfigError(`${name}: ${file} must be an SM2 or ECDSA P-256 key (${(e as Error).message}) / ${name} 须为 SM2 或 ECDSA P-256 密钥`);
  }
}

/** A private key of this deployment must be its profile's: SM2 under gm, P-256 under intl. */
function ownSigningKey(name: string, file: string, crypto: CryptoProfileName): KeyObject {
  const key = readKeyFile(name, file, 'private');
  const profile = keyProfile(name, file, key);
  if (profile !== crypto) {
    throw new ConfigError(`${name}: ${file} is a ${SIGNATURE_ALG[profile]} key, TMIS_CRYPTO=${crypto} signs with ${SIGNATURE_ALG[crypto]} / ${name} 的密钥算法与 TMIS_CRYPTO=${crypto} 不符（须为 ${crypto === 'gm' ? 'SM2' : 'ECDSA P-256'}）`);
  }
  return key;
}

/**
 * Outside production with demo data (`npm start`), a checkpoint signing key of the profile is
 * made once in the data folder, as the demo CA is; it is never part of the repository.
 */
function demoAuditSigningKey(dataDir: string, crypto: CryptoProfileName): KeyObject {
  const file = resolve(dataDir, `audit-signing-${crypto}.key.pem`);
  if (existsSync(file)) return createPrivateKey(readFileSync(file));
  const { privateKey, publicKey } = cryptoProfile(crypto).generateSigningKeyPair();
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  writeFileSync(resolve(dataDir, `audit-signing-${crypto}.pub.pem`), publicKey.export({ format: 'pem', type: 'spki' }), { mode: 0o644 });
  return privateKey;
}

/**
 * Signature keys (issue 15.1): the province's sync signing key, the national side's registered
 * province public keys, the audit checkpoint signing and verification keys. Under gm in
 * production a reporting province must sign (its messages are what the national registry acts
 * on); unsigned checkpoints and HMAC-only provinces are allowed (migration) but warned about.
 */
function signingSettings(source: NodeJS.ProcessEnv, env: RuntimeEnv, mode: DeploymentMode, crypto: CryptoProfileName, dataDir: string, seedDemo: boolean,
  sync: Pick<Config, 'nationalUrl' | 'syncKey' | 'syncKeys' | 'registryKey'>): Pick<Config, 'syncSigningKey' | 'syncPublicKeys' | 'auditSigningKey' | 'auditVerifyKeys' | 'warnings'> {
  const warnings: string[] = [];
  const signingFile = source.TMIS_SYNC_SIGNING_KEY || undefined;
  if (signingFile && mode !== 'province') throw new ConfigError('TMIS_SYNC_SIGNING_KEY is for a province (the national side registers TMIS_SYNC_PUBLIC_KEYS) / TMIS_SYNC_SIGNING_KEY 仅用于省级系统');
  if (signingFile && !sync.syncKey) throw new ConfigError('TMIS_SYNC_SIGNING_KEY needs TMIS_SYNC_KEY (values are still sealed under the shared key) / 设置 TMIS_SYNC_SIGNING_KEY 时须同时设置 TMIS_SYNC_KEY');
  const syncSigningKey = signingFile ? ownSigningKey('TMIS_SYNC_SIGNING_KEY', signingFile, crypto) : undefined;
  if (env === 'production' && crypto === 'gm' && mode === 'province' && sync.nationalUrl && !syncSigningKey) {
    throw new ConfigError('TMIS_CRYPTO=gm in production: a province reporting to the national system signs with SM2, set TMIS_SYNC_SIGNING_KEY (docs/deployment.md) / 国密配置的生产环境中，上报全国系统的省级系统须以 SM2 签名：请设置 TMIS_SYNC_SIGNING_KEY');
  }
  const syncPublicKeys = new Map<string, KeyObject[]>();
  for (const item of (source.TMIS_SYNC_PUBLIC_KEYS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const at = item.indexOf(':');
    const code = item.slice(0, at);
    const file = item.slice(at + 1);
    if (at < 0 || !/^\d{2}0000$/.test(code) || !file) throw new ConfigError(`TMIS_SYNC_PUBLIC_KEYS: "${item}" must be <province code>:<PEM public key file> / 格式须为 省代码:公钥文件`);
    if (mode !== 'national') throw new ConfigError('TMIS_SYNC_PUBLIC_KEYS is for the national system (TMIS_MODE=national) / TMIS_SYNC_PUBLIC_KEYS 仅用于全国系统');
    if (!sync.syncKeys.has(code)) throw new ConfigError(`TMIS_SYNC_PUBLIC_KEYS: province ${code} has no shared key in TMIS_SYNC_KEYS (values it sends are sealed under it) / 省 ${code} 未在 TMIS_SYNC_KEYS 中配置共享密钥`);
    const key = readKeyFile('TMIS_SYNC_PUBLIC_KEYS', file, 'public');
    keyProfile('TMIS_SYNC_PUBLIC_KEYS', file, key);
    syncPublicKeys.set(code, [...(syncPublicKeys.get(code) ?? []), key]);
  }
  const hmacOnly = mode === 'national' ? [...sync.syncKeys.keys()].filter((code) => !syncPublicKeys.has(code)) : [];
  if (env === 'production' && crypto === 'gm' && hmacOnly.length) {
    warnings.push(`TMIS_SYNC_PUBLIC_KEYS has no public key for ${hmacOnly.join(', ')}: their requests are accepted by HMAC only (migration; register their SM2 keys) / 以下省份未登记签名公钥，仅以 HMAC 认证：${hmacOnly.join('、')}`);
  }
  const auditFile = source.TMIS_AUDIT_SIGNING_KEY || undefined;
  const auditSigningKey = auditFile ? ownSigningKey('TMIS_AUDIT_SIGNING_KEY', auditFile, crypto)
    : env !== 'production' && seedDemo ? demoAuditSigningKey(dataDir, crypto) : undefined;
  const auditVerifyKeys = (source.TMIS_AUDIT_VERIFY_KEY ?? '').split(',').map((f) => f.trim()).filter(Boolean).map((file) => {
    const key = readKeyFile('TMIS_AUDIT_VERIFY_KEY', file, 'public');
    keyProfile('TMIS_AUDIT_VERIFY_KEY', file, key);
    return key;
  });
  if (auditSigningKey) {
    const own = createPublicKey(auditSigningKey);
    const spki = (k: KeyObject) => k.export({ format: 'der', type: 'spki' });
    if (!auditVerifyKeys.some((k) => spki(k).equals(spki(own)))) auditVerifyKeys.push(own);
  }
  if (env === 'production' && crypto === 'gm' && !auditSigningKey) {
    warnings.push('TMIS_AUDIT_SIGNING_KEY is not set: audit checkpoints are HMACs, which only the gateway key can check (set an SM2 key so auditors verify with the public key) / 未设置 TMIS_AUDIT_SIGNING_KEY：审计检查点仅以 HMAC 签名，外部审计无法以公钥验证');
  }
  return { syncSigningKey, syncPublicKeys, auditSigningKey, auditVerifyKeys, warnings };
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
