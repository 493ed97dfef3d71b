import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.js';

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
