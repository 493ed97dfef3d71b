// Two demo provinces and a national demo, wired for the two-level flows (docs/two-level.md):
// the one description of their configuration, used by `npm run start:two-level` and by the
// browser test that runs a cross-province transfer between them (e2e/src/two-level.e2e.test.ts).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The original fictional 示范省 and a second demo province with its own codes, names and numbers. */
export const TWO_LEVEL_PROVINCES = ['330000', '440000'];

/** A fresh registry key and one sync key per province (64 hex each). */
export function newTwoLevelKeys() {
  const hex = () => randomBytes(32).toString('hex');
  return { registry: hex(), sync: Object.fromEntries(TWO_LEVEL_PROVINCES.map((code) => [code, hex()])) };
}

/** Keys kept in a file, so a restart of `npm run start:two-level` finds its systems still wired. */
export function keptTwoLevelKeys(file) {
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const keys = newTwoLevelKeys();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(keys, null, 2) + '\n', { mode: 0o600 });
  return keys;
}

/**
 * Each province's sync signing key pair (issue 15.1) as PEM files under `dir/<profile>/`, made on
 * first use and kept (never in the repository): SM2 under TMIS_CRYPTO=gm, ECDSA P-256 under intl,
 * so the two-level flow runs signed under both profiles.
 */
export function twoLevelSigningKeys(dir, profile = 'intl') {
  const files = {};
  for (const code of TWO_LEVEL_PROVINCES) {
    const privateKey = join(dir, profile, `sync-${code}.key.pem`);
    const publicKey = join(dir, profile, `sync-${code}.pub.pem`);
    if (!existsSync(privateKey) || !existsSync(publicKey)) {
      const pair = generateKeyPairSync('ec', { namedCurve: profile === 'gm' ? 'SM2' : 'prime256v1' });
      mkdirSync(dirname(privateKey), { recursive: true });
      writeFileSync(privateKey, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
      writeFileSync(publicKey, pair.publicKey.export({ format: 'pem', type: 'spki' }));
    }
    files[code] = { privateKey, publicKey };
  }
  return { profile, files };
}

/**
 * Environment of each system: `national` and one per province code. Each has its own data folder
 * (and so its own embedded PostgreSQL, secret key and demo CA) under `dataRoot` when given. With
 * `signing` (twoLevelSigningKeys) every system runs under its profile, the provinces sign and the
 * national system registers their public keys.
 */
export function twoLevelEnvs({ keys, nationalUrl, dataRoot, syncIntervalMs = 2000, signing }) {
  const common = { TMIS_DEMO: '1', TMIS_REGISTRY_KEY: keys.registry, TMIS_SYNC_INTERVAL_MS: String(syncIntervalMs), ...(signing ? { TMIS_CRYPTO: signing.profile } : {}) };
  const dir = (name) => (dataRoot ? { TMIS_DATA_DIR: join(dataRoot, name) } : {});
  const envs = {
    national: {
      ...common, ...dir('national'), TMIS_MODE: 'national',
      TMIS_SYNC_KEYS: TWO_LEVEL_PROVINCES.map((code) => `${code}:${keys.sync[code]}`).join(','),
      ...(signing ? { TMIS_SYNC_PUBLIC_KEYS: TWO_LEVEL_PROVINCES.map((code) => `${code}:${signing.files[code].publicKey}`).join(',') } : {}),
    },
  };
  for (const code of TWO_LEVEL_PROVINCES) {
    envs[code] = { ...common, ...dir(code), TMIS_MODE: 'province', TMIS_PROVINCE_CODE: code, TMIS_NATIONAL_URL: nationalUrl, TMIS_SYNC_KEY: keys.sync[code],
      ...(signing ? { TMIS_SYNC_SIGNING_KEY: signing.files[code].privateKey } : {}) };
  }
  return envs;
}
