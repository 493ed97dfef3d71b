import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tmis-config-'));
const KEY = 'ab'.repeat(32);
const CA = '/etc/tmis/education-ca.crt.pem';
const ok = { TMIS_ENV: 'production', TMIS_DATA_DIR: dataDir, TMIS_SECRET_KEY: KEY, TMIS_CA_CERTS: CA };

/** TMIS_ENV=production refuses the development defaults (issue 12): each row names what it must say. */
describe('production guard', () => {
  it.each([
    ['no secret key (a generated key would be used)', { TMIS_SECRET_KEY: undefined }, /TMIS_SECRET_KEY is not set/],
    ['the default CA (the demo CA in the data folder)', { TMIS_CA_CERTS: undefined }, /demo CA/],
    ['the demo CA named explicitly', { TMIS_CA_CERTS: join(dataDir, 'demo-certs', 'ca.crt.pem') }, /demo CA/],
    ['the demo CA among others', { TMIS_CA_CERTS: `${CA},.data/demo-certs/ca.crt.pem` }, /demo CA/],
    ['demo seeding asked for', { TMIS_DEMO: '1' }, /TMIS_DEMO is on/],
    ['demo seeding as "true"', { TMIS_DEMO: 'true' }, /TMIS_DEMO is on/],
    ['error details for clients (issue 14.8)', { TMIS_DEBUG_ERRORS: '1' }, /TMIS_DEBUG_ERRORS is on/],
  ])('refuses %s', (_what, change, message) => {
    const env = { ...ok, ...change } as NodeJS.ProcessEnv;
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('names every problem at once', () => {
    const run = () => loadConfig({ TMIS_ENV: 'production', TMIS_DATA_DIR: dataDir, TMIS_DEMO: '1' });
    expect(run).toThrow(/TMIS_SECRET_KEY[\s\S]*TMIS_CA_CERTS[\s\S]*TMIS_DEMO/);
  });

  it.each([
    ['production with its own key and CA', ok, { env: 'production', seedDemo: false }],
    ['production with TMIS_DEMO=0', { ...ok, TMIS_DEMO: '0' }, { env: 'production', seedDemo: false }],
    ['development: no demo unless asked', { TMIS_ENV: 'development', TMIS_DATA_DIR: dataDir }, { env: 'development', seedDemo: false }],
    ['development: error details only when switched on', { TMIS_ENV: 'development', TMIS_DATA_DIR: dataDir }, { debugErrors: false }],
    ['development with TMIS_DEBUG_ERRORS=1', { TMIS_ENV: 'development', TMIS_DATA_DIR: dataDir, TMIS_DEBUG_ERRORS: '1' }, { debugErrors: true }],
    ['development asking for the demo (npm start)', { TMIS_ENV: 'development', TMIS_DATA_DIR: dataDir, TMIS_DEMO: '1' }, { env: 'development', seedDemo: true }],
    ['development may use the demo CA', { TMIS_ENV: 'development', TMIS_DATA_DIR: dataDir, TMIS_DEMO: '1' }, { caCertFiles: [join(dataDir, 'demo-certs', 'ca.crt.pem')] }],
  ])('starts with %s', (_what, env, expected) => {
    expect(loadConfig(env as NodeJS.ProcessEnv)).toMatchObject(expected);
  });
});
