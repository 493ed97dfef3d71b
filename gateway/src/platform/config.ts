import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root, so defaults work no matter where the process was started from. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export type DeploymentMode = 'province' | 'national';
export type RuntimeEnv = 'development' | 'test' | 'production';

export interface Config {
  env: RuntimeEnv;
  mode: DeploymentMode;
  /** 6-digit GB/T 2260 code of this deployment's province ('000000' in national mode). */
  provinceCode: string;
  /** When unset, an embedded PostgreSQL is started with its data under dataDir. */
  databaseUrl?: string;
  dataDir: string;
  host: string;
  port: number;
  /** 32-byte master key: encrypts document numbers and keys their lookup hash. */
  secretKey: Buffer;
  /** PEM files of the CAs whose client certificates information admins may log in with. */
  caCertFiles: string[];
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  seedDemo: boolean;
  logLevel: string;
  /** Where the built portal lives; served at / when present. */
  portalDir: string;
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
  return {
    env,
    mode,
    provinceCode,
    databaseUrl: source.DATABASE_URL || undefined,
    dataDir,
    host: source.HOST || '127.0.0.1',
    port: int('PORT', source.PORT, 4000, 0, 65535),
    secretKey: loadSecretKey(env, source.TMIS_SECRET_KEY, dataDir),
    caCertFiles: caFiles,
    sessionIdleMinutes: int('TMIS_SESSION_IDLE_MINUTES', source.TMIS_SESSION_IDLE_MINUTES, 30, 1, 24 * 60),
    sessionAbsoluteHours: int('TMIS_SESSION_ABSOLUTE_HOURS', source.TMIS_SESSION_ABSOLUTE_HOURS, 8, 1, 24 * 7),
    seedDemo: bool(source.TMIS_DEMO, env !== 'production'),
    logLevel: source.LOG_LEVEL || (env === 'test' ? 'silent' : 'info'),
    portalDir: source.TMIS_PORTAL_DIR || resolve(repoRoot, 'portals/shell/dist'),
  };
}

let cached: Config | undefined;
/** Parsed once per process; fail fast on bad settings. */
export function config(): Config {
  cached ??= loadConfig();
  return cached;
}
