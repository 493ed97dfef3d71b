#!/usr/bin/env node
// Portal speed on localhost (issue 6): the shell's JavaScript transferred before first paint
// (KB, as sent: gzip) and time to interactive of the shell and of each remote, cold (new
// browser context, empty cache). Starts its own gateway with the demo province on a temporary
// data directory. Run: npm run bench:portal [-- --runs 5]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(join(root, 'e2e/package.json'));
const { chromium } = require('playwright-core');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const QUIET_MS = 1500; // a long-task-free window after the ready marker counts as interactive
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
// Accounts that log in with a password only; for each remote the first that is offered it is used.
const CANDIDATES = ['prov-query', 'prov-train', 'dhq-query', 'dhq-s2-query', 'teacher.demo'];

const freePort = () => new Promise((ok, ko) => {
  const s = createServer();
  s.on('error', ko);
  s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
});
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor((s.length - 1) / 2)] : NaN; };
const kb = (bytes) => (bytes / 1024).toFixed(1);

async function startGateway() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tmis-bench-portal-'));
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'DATABASE_URL' && !k.startsWith('TMIS_')));
  const child = spawn(process.execPath, [join(root, 'gateway/dist/main.js')], {
    cwd: root, env: { ...env, PORT: String(port), HOST: '127.0.0.1', TMIS_DATA_DIR: dataDir, TMIS_DEMO: '1', TMIS_ENV: 'development', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((ok, ko) => {
    const timer = setTimeout(() => ko(new Error('gateway did not start in 180 s')), 180_000);
    child.once('exit', (code) => ko(new Error(`gateway exited (${code})`)));
    createInterface({ input: child.stdout }).on('line', (line) => { if (line.includes('TMIS gateway ready')) { clearTimeout(timer); ok(); } });
  });
  return {
    base: `http://127.0.0.1:${port}`,
    async stop() {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function gql(base, token, query, variables = {}) {
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = await res.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data;
}

/** One cold load of `path` until `ready` is visible and the main thread has been quiet for QUIET_MS. */
async function coldLoad(browser, base, path, ready, token) {
  const context = await browser.newContext({ baseURL: base });
  await context.addInitScript((t) => {
    if (t) sessionStorage.setItem('tmis.token', t);
    window.__longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push(e.startTime + e.duration); }).observe({ type: 'longtask', buffered: true });
  }, token ?? null);
  const page = await context.newPage();
  await page.goto(path);
  await page.locator(ready).first().waitFor({ timeout: 60_000 });
  const readyAt = await page.evaluate(() => performance.now());
  await page.waitForTimeout(QUIET_MS);
  const m = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name, end: e.responseEnd, size: e.encodedBodySize })),
    longTasks: window.__longTasks,
  }));
  await context.close();
  const lastLongTask = Math.max(0, ...m.longTasks.filter((end) => end <= readyAt + QUIET_MS));
  return { fcp: m.fcp, tti: Math.max(readyAt, m.fcp, lastLongTask), resources: m.resources };
}

const isJs = (r) => /\.m?js(\?|$)/.test(r.name);

async function main() {
  const gw = await startGateway();
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
  try {
    const rows = [];
    // The shell: the login page is what every user sees first.
    const shell = [];
    for (let i = 0; i < RUNS; i++) shell.push(await coldLoad(browser, gw.base, '/login', '[data-test="login-submit"]'));
    const before = shell.map((s) => s.resources.filter((r) => isJs(r) && r.end <= s.fcp).reduce((a, r) => a + r.size, 0));
    const allJs = shell.map((s) => s.resources.filter(isJs).reduce((a, r) => a + r.size, 0));
    console.log(`shell: JavaScript before first paint ${kb(median(before))} KB (gzip, as sent); all JavaScript of the login page ${kb(median(allJs))} KB`);
    rows.push(['shell (login page)', median(shell.map((s) => s.fcp)), median(shell.map((s) => s.tti)), median(allJs)]);

    // Each remote of the demo province's manifest, opened cold at its route by a user who is offered it.
    const tokens = new Map();
    for (const u of CANDIDATES) {
      const login = (await gql(gw.base, null, 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status token } }', { u, p: 'Demo@2026' })).login;
      if (login.status === 'OK') tokens.set(u, login.token);
    }
    const offered = new Map();
    for (const [u, token] of tokens) {
      for (const m of (await gql(gw.base, token, '{ portalModules { name routePath } }')).portalModules) if (!offered.has(m.name)) offered.set(m.name, { ...m, user: u, token });
    }
    for (const m of offered.values()) {
      const loads = [];
      for (let i = 0; i < RUNS; i++) loads.push(await coldLoad(browser, gw.base, m.routePath, `[data-test="${m.name}-app"]`, m.token));
      const remoteJs = loads.map((l) => l.resources.filter((r) => isJs(r) && r.name.includes(`/remotes/${m.name}/`)).reduce((a, r) => a + r.size, 0));
      rows.push([`${m.name} (${m.routePath}, as ${m.user})`, median(loads.map((l) => l.fcp)), median(loads.map((l) => l.tti)), median(remoteJs)]);
    }
    console.log(`\nmedian of ${RUNS} cold loads each, localhost, ${new Date().toISOString()}`);
    console.log('page'.padEnd(48) + 'first paint ms'.padStart(16) + 'interactive ms'.padStart(16) + 'own JS KB gz'.padStart(14));
    for (const [name, fcp, tti, js] of rows) console.log(name.padEnd(48) + fcp.toFixed(0).padStart(16) + tti.toFixed(0).padStart(16) + kb(js).padStart(14));
    console.log('\n"interactive": the page\'s ready marker is shown and no long task runs for 1.5 s after it; remotes are loaded cold with the shell.');
  } finally {
    await browser.close();
    await gw.stop();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
