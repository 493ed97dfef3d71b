import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type World } from '../../testing/world.js';
import { fetchToken, parseTokenArgs } from './token-command.js';

let t: TestApp;
let w: World;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, {
    accounts: [['tk-info', 'schoolA', 'info_admin'], ['tk-query', 'countyA', 'query_user'], ['tk-new', 'countyA', 'query_user', { mustChange: true }]],
  });
});
afterAll(async () => t.close());

const ME = `{ me { username unitId } }`;
const args = (username: string, extra: Partial<ReturnType<typeof parseTokenArgs>> = {}) =>
  ({ username, url: t.url, password: PASSWORD, certDir: w.certDir, ...extra });

describe('npm run token', () => {
  it('an information admin: password, then the certificate challenge signed with the key file; the token works', async () => {
    const token = await fetchToken(args('tk-info'));
    const me = await t.gql(ME, {}, token);
    expect(me.data?.me).toMatchObject({ username: 'tk-info', unitId: w.units.schoolA.id });
  });

  it('an account without a certificate step gets its token from the password alone', async () => {
    const token = await fetchToken(args('tk-query'));
    expect((await t.gql(ME, {}, token)).data?.me.username).toBe('tk-query');
  });

  it.each([
    ['a wrong password', 'tk-query', { password: 'wrong-Passw0rd' }, 'LOGIN_FAILED'],
    ['an information admin without its key file', 'tk-info', { certDir: '/nonexistent' }, 'CERTIFICATE_REQUIRED'],
    ['an account that must change its initial password', 'tk-new', {}, 'PASSWORD_CHANGE_REQUIRED'],
    ['no gateway at the address', 'tk-query', { url: 'http://127.0.0.1:9' }, 'GATEWAY_UNREACHABLE'],
  ])('%s is refused (%s, %o) with %s', async (_, username, extra, code) => {
    await expect(fetchToken(args(username, extra))).rejects.toMatchObject({ code });
  });

  it.each([
    [['dhq-s2-info'], { username: 'dhq-s2-info', url: 'http://127.0.0.1:4000', password: 'Demo@2026' }],
    [['x', '--url', 'https://tmis.example/', '--password=p'], { username: 'x', url: 'https://tmis.example', password: 'p' }],
  ])('arguments %j', (argv, expected) => {
    expect(parseTokenArgs(argv, { TMIS_DATA_DIR: '/srv/tmis' })).toEqual({ ...expected, certDir: '/srv/tmis/demo-certs' });
  });

  it.each([[[]], [['a', 'b']], [['a', '--url']], [['a', '--nope']]])('arguments %j are refused', (argv) => {
    expect(() => parseTokenArgs(argv, {})).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
