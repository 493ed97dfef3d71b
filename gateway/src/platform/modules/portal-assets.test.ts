import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../config.js';
import { graphiqlRoute, remoteAssetsRoute } from './portal-assets.js';
import { loadPortalModules, servedRemoteFolders } from './portal-modules.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

/** The portal's static routes: remotes at /remotes/<name>/, GraphiQL at /graphiql/. */
let server: Server;
let url: string;
let manifest: string;

/** A manifest entry served by this gateway; `enabled` and `gatewayModule` as in config/portal-modules.*.json. */
const entry = (name: string, extra: Record<string, unknown> = {}) => ({
  name, title: name, titleEn: name, remoteEntry: `/remotes/${name}/remoteEntry.js`, exposedModule: './routes', routePath: `/${name}`,
  requiredAction: 'read', requiredSubject: 'Teacher', ...extra,
});
const writeManifest = (modules: unknown[]): void => writeFileSync(manifest, JSON.stringify({ modules }));
const ENABLED_AT_START = [
  entry('records', { enabled: true }),
  entry('title-evaluation', { enabled: false, gatewayModule: 'title-evaluation' }),
  entry('awards', { gatewayModule: 'awards' }),
];

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tmis-portal-assets-'));
  const remotes = join(dir, 'portals');
  mkdirSync(join(remotes, 'records/dist/assets'), { recursive: true });
  writeFileSync(join(remotes, 'records/dist/remoteEntry.js'), 'export const get = 1;');
  writeFileSync(join(remotes, 'records/dist/assets/App-abc.js'), 'export default 2;');
  // Built remotes of province modules: one disabled in the manifest, one whose gateway module is
  // not loaded, one built but not listed at all.
  for (const name of ['title-evaluation', 'awards', 'unlisted']) {
    mkdirSync(join(remotes, `${name}/dist/assets`), { recursive: true });
    writeFileSync(join(remotes, `${name}/dist/remoteEntry.js`), `export const ${name.replace('-', '_')} = 1;`);
    writeFileSync(join(remotes, `${name}/dist/assets/App-def.js`), 'export default 3;');
  }
  manifest = join(dir, 'portal-modules.test.json');
  writeManifest(ENABLED_AT_START);
  // A built package that is not a remote (no remoteEntry.js), like the shell.
  mkdirSync(join(remotes, 'shell/dist'), { recursive: true });
  writeFileSync(join(remotes, 'shell/dist/index.html'), '<div id="app"></div>');
  mkdirSync(join(dir, 'graphiql/assets'), { recursive: true });
  writeFileSync(join(dir, 'graphiql/index.html'), '<div id="graphiql"></div>');
  writeFileSync(join(dir, 'graphiql/assets/main-1.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'secret');

  // As app.ts wires it: the manifest read per request, the gateway modules of this process.
  const served = () => servedRemoteFolders(loadPortalModules('330000', manifest), ['some-other-module']);
  const routes = [remoteAssetsRoute(remotes, served), graphiqlRoute(join(dir, 'graphiql'))];
  server = createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://x').pathname;
    for (const route of routes) if (await route(req, res, pathname)) return;
    res.writeHead(404).end('fallthrough');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = async (path: string) => {
  const res = await fetch(url + path, { redirect: 'manual' });
  return { status: res.status, text: await res.text(), headers: res.headers };
};

describe('remote assets and GraphiQL routes', () => {
  it.each([
    ['/remotes/records/remoteEntry.js', 200, 'export const get = 1;', 'no-cache'],
    ['/remotes/records/assets/App-abc.js', 200, 'export default 2;', 'public, max-age=31536000, immutable'],
  ])('%s is served (%i) with its cache policy', async (path, status, body, cache) => {
    const r = await get(path);
    expect(r).toMatchObject({ status, text: body });
    expect(r.headers.get('content-type')).toContain('text/javascript');
    expect(r.headers.get('cache-control')).toBe(cache);
    // A shell on another origin may load the remote.
    expect(r.headers.get('access-control-allow-origin')).toBe('*');
  });

  it.each([
    ['a missing file of a remote (no SPA fallback)', '/remotes/records/assets/missing.js'],
    ['a route-like path inside a remote', '/remotes/records/some/page'],
    ['a folder without remoteEntry.js', '/remotes/shell/index.html'],
    ['an unknown remote', '/remotes/nothing/remoteEntry.js'],
    ['a name that is not a plain name', '/remotes/..%2F..%2Fsecret.txt/x'],
    ['a path escaping the remote', '/remotes/records/..%2F..%2F..%2Fsecret.txt'],
  ])('%s is not answered by the remote route', async (_, path) => {
    expect(await get(path)).toMatchObject({ status: 404, text: 'fallthrough' });
  });

  // Issue 13.7: a remote the manifest does not enable is not served, not only left out of portalModules.
  it.each([
    ['disabled in the manifest', 'title-evaluation'],
    ['enabled, but its gateway module is not loaded', 'awards'],
    ['built but not in the manifest', 'unlisted'],
  ])('a remote %s answers 404 for its remoteEntry.js and its assets', async (_, name) => {
    for (const path of [`/remotes/${name}/remoteEntry.js`, `/remotes/${name}/assets/App-def.js`]) {
      const r = await get(path);
      expect(r).toMatchObject({ status: 404, text: 'remote not enabled' });
      expect(r.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('enabling or disabling an entry takes effect on the next request, without a restart', async () => {
    try {
      writeManifest([entry('records', { enabled: false }), entry('title-evaluation', { enabled: true })]);
      expect((await get('/remotes/title-evaluation/remoteEntry.js')).status).toBe(200);
      expect(await get('/remotes/title-evaluation/assets/App-def.js')).toMatchObject({ status: 200, text: 'export default 3;' });
      expect((await get('/remotes/records/remoteEntry.js')).status).toBe(404);
      expect((await get('/remotes/records/assets/App-abc.js')).status).toBe(404);
    } finally {
      writeManifest(ENABLED_AT_START);
    }
    expect((await get('/remotes/records/remoteEntry.js')).status).toBe(200);
    expect((await get('/remotes/title-evaluation/remoteEntry.js')).status).toBe(404);
  });

  it('the served folders follow the manifest: enabled entries on this gateway, gateway module loaded', () => {
    const modules = [
      entry('records'), entry('off', { enabled: false }), entry('needs-mod', { gatewayModule: 'mod' }), entry('needs-other', { gatewayModule: 'other' }),
      { ...entry('elsewhere'), remoteEntry: 'https://cdn.example.org/remotes/elsewhere/remoteEntry.js' },
    ];
    writeFileSync(manifest + '.2', JSON.stringify({ modules }));
    expect([...servedRemoteFolders(loadPortalModules('330000', manifest + '.2'), ['mod'])].sort()).toEqual(['needs-mod', 'records']);
  });

  it('GraphiQL: /graphiql redirects to /graphiql/, which serves the bundled page and its assets', async () => {
    const redirect = await get('/graphiql');
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/graphiql/');
    expect(await get('/graphiql/')).toMatchObject({ status: 200, text: '<div id="graphiql"></div>' });
    expect(await get('/graphiql/assets/main-1.js')).toMatchObject({ status: 200, text: 'console.log(1)' });
    expect(await get('/graphiql/assets/nope.js')).toMatchObject({ status: 404, text: 'fallthrough' });
    expect(await get('/graphiqlx')).toMatchObject({ status: 404, text: 'fallthrough' });
  });
});

describe('the demo province manifest', () => {
  it('enables the records remote, served by the gateway, for those who may read archive records', () => {
    const modules = loadPortalModules('330000', resolve(repoRoot, 'config/portal-modules.330000.json'));
    expect(modules.find((m) => m.name === 'records')).toMatchObject({
      remoteEntry: '/remotes/records/remoteEntry.js', exposedModule: './routes', routePath: '/records',
      requiredAction: 'read', requiredSubject: 'ArchiveRecord',
    });
  });

  it('a disabled entry is left out; a province without a manifest has no remotes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmis-manifest-'));
    const file = join(dir, 'm.json');
    writeFileSync(file, JSON.stringify({ modules: [{ name: 'a', enabled: false }, { name: 'b' }] }));
    expect(loadPortalModules('330000', file).map((m) => m.name)).toEqual(['b']);
    expect(loadPortalModules('990000', join(dir, 'none.json'))).toEqual([]);
  });
});

describe('through the gateway (app.ts wiring, the manifest of TMIS_PORTAL_MODULES)', () => {
  let t: TestApp;
  let remotesDir: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tmis-remotes-app-'));
    remotesDir = join(dir, 'portals');
    for (const name of ['records', 'title-evaluation']) {
      mkdirSync(join(remotesDir, `${name}/dist/assets`), { recursive: true });
      writeFileSync(join(remotesDir, `${name}/dist/remoteEntry.js`), `export const entry = '${name}';`);
      writeFileSync(join(remotesDir, `${name}/dist/assets/App-1.js`), `export default '${name}';`);
    }
    const file = join(dir, 'portal-modules.330000.json');
    writeFileSync(file, JSON.stringify({ modules: [entry('records', { enabled: true }), entry('title-evaluation', { enabled: false })] }));
    process.env.TMIS_PORTAL_MODULES = file;
    t = await createTestApp({ TMIS_REMOTES_DIR: remotesDir });
  });
  afterAll(async () => {
    delete process.env.TMIS_PORTAL_MODULES;
    await t?.close();
  });

  it.each([
    ['/remotes/records/remoteEntry.js', 200], ['/remotes/records/assets/App-1.js', 200],
    ['/remotes/title-evaluation/remoteEntry.js', 404], ['/remotes/title-evaluation/assets/App-1.js', 404],
  ])('%s → %i', async (path, status) => {
    const res = await fetch(t.url + path);
    expect(res.status).toBe(status);
    const body = await res.text();
    if (status === 200) expect(body).toContain(path.split('/')[2]);
    else expect(body).not.toContain('title-evaluation');
  });
});
