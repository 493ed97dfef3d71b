import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';
import { sm3 } from 'sm-crypto-v2';

const dataDir = mkdtempSync(join(tmpdir(), 'tmis-crypto-config-'));
const base = { TMIS_DATA_DIR: dataDir, TMIS_SECRET_KEY: 'cd'.repeat(32) };
const production = { ...base, TMIS_ENV: 'production', TMIS_CA_CERTS: '/etc/tmis/education-ca.crt.pem' };

/** TMIS_CRYPTO (issue 15.1): national algorithms by default in production, today's elsewhere. */
describe('TMIS_CRYPTO', () => {
  it.each([
    ['production: gm by default', production, 'gm'],
    ['production (NODE_ENV): gm by default', { ...production, TMIS_ENV: undefined, NODE_ENV: 'production' }, 'gm'],
    ['production may keep intl', { ...production, TMIS_CRYPTO: 'intl' }, 'intl'],
    ['development: intl by default', { ...base, TMIS_ENV: 'development' }, 'intl'],
    ['test: intl by default', { ...base, TMIS_ENV: 'test' }, 'intl'],
    ['test asking for gm', { ...base, TMIS_ENV: 'test', TMIS_CRYPTO: 'gm' }, 'gm'],
    ['empty means the default', { ...base, TMIS_ENV: 'test', TMIS_CRYPTO: '' }, 'intl'],
  ])('%s', (_n, env, profile) => {
    expect(loadConfig(env as NodeJS.ProcessEnv).crypto).toBe(profile);
  });

  it.each(['sm4', 'GM', 'aes', 'gm,intl'])('refuses "%s" at start-up, naming the values', (value) => {
    const run = () => loadConfig({ ...base, TMIS_ENV: 'test', TMIS_CRYPTO: value });
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/TMIS_CRYPTO must be gm .* or intl .*国密/);
  });

  it.each([
    ['a profile switch keeps the key', { TMIS_CRYPTO: 'gm', TMIS_PREVIOUS_CRYPTO: 'intl' }, { profile: 'intl', key: 'cd' }],
    ['a key rotation keeps the profile', { TMIS_PREVIOUS_SECRET_KEY: 'ef'.repeat(32) }, { profile: 'intl', key: 'ef' }],
    ['both at once', { TMIS_CRYPTO: 'gm', TMIS_PREVIOUS_CRYPTO: 'intl', TMIS_PREVIOUS_SECRET_KEY: 'ef'.repeat(32) }, { profile: 'intl', key: 'ef' }],
  ])('previous key/profile for a migration: %s', (_n, env, expected) => {
    const c = loadConfig({ ...base, TMIS_ENV: 'test', ...env } as NodeJS.ProcessEnv);
    expect(c.previousCrypto?.profile).toBe(expected.profile);
    expect(c.previousCrypto?.masterKey.equals(Buffer.from(expected.key.repeat(32), 'hex'))).toBe(true);
    expect(loadConfig({ ...base, TMIS_ENV: 'test' }).previousCrypto).toBeUndefined();
  });

  it.each([
    ['the current key and profile again', { TMIS_PREVIOUS_CRYPTO: 'intl' }, /nothing to migrate/],
    ['an unknown previous profile', { TMIS_PREVIOUS_CRYPTO: 'sm9' }, /TMIS_PREVIOUS_CRYPTO must be gm or intl/],
    ['a malformed previous key', { TMIS_PREVIOUS_SECRET_KEY: 'abc' }, /TMIS_PREVIOUS_SECRET_KEY must be 64 hexadecimal/],
  ])('refuses %s', (_n, env, message) => {
    expect(() => loadConfig({ ...base, TMIS_ENV: 'test', ...env } as NodeJS.ProcessEnv)).toThrow(message);
  });

  it.each([['gm', 'sm3'], ['intl', 'sha256']] as const)('the runtime hands the %s profile\'s HMAC and signatures to its users', (profile, digest) => {
    const runtime = createRuntime(loadConfig({ ...base, TMIS_ENV: 'test', TMIS_CRYPTO: profile }));
    expect(runtime.crypto.name).toBe(profile);
    expect(runtime.crypto.digest).toBe(digest);
    expect(runtime.fieldCrypto.profile).toBe(profile);
    const key = Buffer.alloc(32, 7);
    if (profile === 'gm') expect(runtime.crypto.hmac(key, 'chain').toString('hex')).toBe(sm3('chain', { mode: 'hmac', key: new Uint8Array(key) }));
    const { publicKey, privateKey } = runtime.crypto.generateSigningKeyPair();
    expect(runtime.crypto.verify(publicKey, 'checkpoint', runtime.crypto.sign(privateKey, 'checkpoint'))).toBe(true);
  });
});
