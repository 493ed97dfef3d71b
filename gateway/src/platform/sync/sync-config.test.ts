import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';
import { cryptoProfile, signingProfileOf } from '../crypto/profile.js';

const HEX = 'ab'.repeat(32);
const base = { TMIS_ENV: 'test', TMIS_SECRET_KEY: HEX, TMIS_DATA_DIR: '/tmp/tmis-sync-config-test' };

describe('sync configuration', () => {
  it('is off with no configuration (npm start)', () => {
    const c = loadConfig(base);
    expect(c.mode).toBe('province');
    expect(c.nationalUrl).toBeUndefined();
    expect(c.syncKeys.size).toBe(0);
  });

  it('reads a province and a national setup', () => {
    const p = loadConfig({ ...base, TMIS_NATIONAL_URL: 'http://national:4000/', TMIS_SYNC_KEY: HEX, TMIS_REGISTRY_KEY: HEX, TMIS_SYNC_INTERVAL_MS: '500' });
    expect(p).toMatchObject({ nationalUrl: 'http://national:4000', syncIntervalMs: 500 });
    const n = loadConfig({ ...base, TMIS_MODE: 'national', TMIS_SYNC_KEYS: `330000:${HEX}, 110000:${HEX}`, TMIS_REGISTRY_KEY: HEX });
    expect([...n.syncKeys.keys()]).toEqual(['330000', '110000']);
  });

  it.each<[string, Record<string, string>]>([
    ['a national URL without keys', { TMIS_NATIONAL_URL: 'http://national:4000' }],
    ['a national URL without the registry key', { TMIS_NATIONAL_URL: 'http://national:4000', TMIS_SYNC_KEY: HEX }],
    ['a URL that is not http', { TMIS_NATIONAL_URL: 'ftp://national', TMIS_SYNC_KEY: HEX, TMIS_REGISTRY_KEY: HEX }],
    ['a short key', { TMIS_NATIONAL_URL: 'http://n', TMIS_SYNC_KEY: 'abcd', TMIS_REGISTRY_KEY: HEX }],
    ['a malformed province key list', { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `33:${HEX}`, TMIS_REGISTRY_KEY: HEX }],
    ['province keys without the registry key', { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `330000:${HEX}` }],
    ['an interval below 20 ms', { TMIS_SYNC_INTERVAL_MS: '5' }],
  ])('refuses %s', (_n, env) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
  });
});

/** PEM files of fresh keys: SM2 (gm), P-256 (intl) and an RSA key no profile signs with. */
const keyDir = mkdtempSync(join(tmpdir(), 'tmis-signing-config-'));
function pemPair(name: string, pair: { privateKey: KeyObject; publicKey: KeyObject }): { priv: string; pub: string } {
  const priv = join(keyDir, `${name}.key.pem`);
  const pub = join(keyDir, `${name}.pub.pem`);
  writeFileSync(priv, pair.privateKey.export({ format: 'pem', type: 'pkcs8' }));
  writeFileSync(pub, pair.publicKey.export({ format: 'pem', type: 'spki' }));
  return { priv, pub };
}
const sm2 = pemPair('sm2', cryptoProfile('gm').generateSigningKeyPair());
const sm2b = pemPair('sm2b', cryptoProfile('gm').generateSigningKeyPair());
const p256 = pemPair('p256', cryptoProfile('intl').generateSigningKeyPair());
const rsa = pemPair('rsa', generateKeyPairSync('rsa', { modulusLength: 2048 }));
const province = { TMIS_NATIONAL_URL: 'http://national:4000', TMIS_SYNC_KEY: HEX, TMIS_REGISTRY_KEY: HEX };
const national = { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `330000:${HEX},110000:${HEX}`, TMIS_REGISTRY_KEY: HEX };
const production = { TMIS_ENV: 'production', TMIS_CA_CERTS: '/etc/tmis/education-ca.crt.pem', TMIS_CRYPTO: 'gm' };

describe('signature keys (issue 15.1)', () => {
  it.each<[string, Record<string, string>, 'gm' | 'intl']>([
    ['an SM2 key under gm', { TMIS_CRYPTO: 'gm', TMIS_SYNC_SIGNING_KEY: sm2.priv }, 'gm'],
    ['a P-256 key under intl', { TMIS_CRYPTO: 'intl', TMIS_SYNC_SIGNING_KEY: p256.priv }, 'intl'],
  ])('a province signs with %s', (_n, env, profile) => {
    const c = loadConfig({ ...base, ...province, ...env });
    expect(signingProfileOf(c.syncSigningKey!)).toBe(profile);
  });

  it('the national side registers each province\'s public keys, two during a rotation; a province left out is HMAC-only', () => {
    const n = loadConfig({ ...base, ...national, TMIS_SYNC_PUBLIC_KEYS: `330000:${sm2.pub}, 330000:${sm2b.pub}` });
    expect(n.syncPublicKeys.get('330000')).toHaveLength(2);
    expect(n.syncPublicKeys.has('110000')).toBe(false);
    expect(n.warnings).toEqual([]);
    const prod = loadConfig({ ...base, ...production, ...national, TMIS_SYNC_PUBLIC_KEYS: `330000:${sm2.pub}`, TMIS_AUDIT_SIGNING_KEY: sm2.priv });
    expect(prod.warnings).toEqual([expect.stringMatching(/no public key for 110000/)]);
  });

  it.each<[string, Record<string, string>, RegExp]>([
    ['a P-256 key under gm', { ...province, TMIS_CRYPTO: 'gm', TMIS_SYNC_SIGNING_KEY: p256.priv }, /TMIS_SYNC_SIGNING_KEY: .* is a ecdsa-p256-sha256 key, TMIS_CRYPTO=gm signs with sm2-sm3/],
    ['an SM2 key under intl', { ...province, TMIS_CRYPTO: 'intl', TMIS_SYNC_SIGNING_KEY: sm2.priv }, /TMIS_SYNC_SIGNING_KEY: .* is a sm2-sm3 key/],
    ['an RSA key', { ...province, TMIS_SYNC_SIGNING_KEY: rsa.priv }, /TMIS_SYNC_SIGNING_KEY: .* must be an SM2 or ECDSA P-256 key/],
    ['a public key as the signing key', { ...province, TMIS_SYNC_SIGNING_KEY: p256.pub }, /TMIS_SYNC_SIGNING_KEY: .* is not an unencrypted PEM private key/],
    ['a missing file', { ...province, TMIS_SYNC_SIGNING_KEY: join(keyDir, 'nope.pem') }, /TMIS_SYNC_SIGNING_KEY: cannot read/],
    ['a signing key without the shared key', { TMIS_SYNC_SIGNING_KEY: p256.priv }, /TMIS_SYNC_SIGNING_KEY needs TMIS_SYNC_KEY/],
    ['a signing key on the national side', { ...national, TMIS_SYNC_SIGNING_KEY: p256.priv }, /TMIS_SYNC_SIGNING_KEY is for a province/],
    ['public keys on a province', { ...province, TMIS_SYNC_PUBLIC_KEYS: `330000:${p256.pub}` }, /TMIS_SYNC_PUBLIC_KEYS is for the national system/],
    ['a malformed public key list', { ...national, TMIS_SYNC_PUBLIC_KEYS: p256.pub }, /TMIS_SYNC_PUBLIC_KEYS: .* must be <province code>:<PEM public key file>/],
    ['a public key of a province without a shared key', { ...national, TMIS_SYNC_PUBLIC_KEYS: `440000:${p256.pub}` }, /province 440000 has no shared key in TMIS_SYNC_KEYS/],
    ['an RSA public key', { ...national, TMIS_SYNC_PUBLIC_KEYS: `330000:${rsa.pub}` }, /TMIS_SYNC_PUBLIC_KEYS: .* must be an SM2 or ECDSA P-256 key/],
    ['gm in production: a reporting province without a signing key', { ...production, ...province }, /a province reporting to the national system signs with SM2, set TMIS_SYNC_SIGNING_KEY/],
    ['an audit key of the other profile', { TMIS_CRYPTO: 'gm', TMIS_AUDIT_SIGNING_KEY: p256.priv }, /TMIS_AUDIT_SIGNING_KEY: .* is a ecdsa-p256-sha256 key/],
    ['an audit verify key that is not a public key file', { TMIS_AUDIT_VERIFY_KEY: join(keyDir, 'nope.pem') }, /TMIS_AUDIT_VERIFY_KEY: cannot read/],
  ])('refuses %s', (_n, env, message) => {
    expect(() => loadConfig({ ...base, ...env })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, ...env })).toThrow(message);
  });

  it('audit checkpoints: the signing key\'s public key verifies, beside older ones from TMIS_AUDIT_VERIFY_KEY; gm in production without one warns', () => {
    const c = loadConfig({ ...base, TMIS_CRYPTO: 'gm', TMIS_AUDIT_SIGNING_KEY: sm2.priv, TMIS_AUDIT_VERIFY_KEY: sm2b.pub });
    expect(c.auditVerifyKeys).toHaveLength(2);
    expect(loadConfig({ ...base, TMIS_CRYPTO: 'gm', TMIS_AUDIT_SIGNING_KEY: sm2.priv, TMIS_AUDIT_VERIFY_KEY: sm2.pub }).auditVerifyKeys).toHaveLength(1);
    expect(loadConfig({ ...base, ...production }).warnings).toEqual([expect.stringMatching(/TMIS_AUDIT_SIGNING_KEY is not set/)]);
    expect(loadConfig(base).auditSigningKey).toBeUndefined();
  });

  it.each<'gm' | 'intl'>(['gm', 'intl'])('the demo (%s) makes its checkpoint signing key once, in the data folder', (profile) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tmis-demo-audit-key-'));
    const first = loadConfig({ ...base, TMIS_DATA_DIR: dataDir, TMIS_DEMO: '1', TMIS_CRYPTO: profile });
    expect(signingProfileOf(first.auditSigningKey!)).toBe(profile);
    expect(existsSync(join(dataDir, `audit-signing-${profile}.pub.pem`))).toBe(true);
    const again = loadConfig({ ...base, TMIS_DATA_DIR: dataDir, TMIS_DEMO: '1', TMIS_CRYPTO: profile });
    expect(again.auditVerifyKeys[0]!.export({ format: 'der', type: 'spki' })).toEqual(first.auditVerifyKeys[0]!.export({ format: 'der', type: 'spki' }));
  });
});
