import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GqlResult } from './test-app.js';

/**
 * Real gateway processes for the multi-process tests: `node gateway/dist/main.js` on one shared
 * database, each on its own port, as an operator runs them behind a proxy. Built code, so run the
 * build first (`npm test` does); the harness refuses a missing build rather than test old code
 * silently.
 */
const MAIN = resolve(fileURLToPath(new URL('../../dist/main.js', import.meta.url)));

export interface GatewayProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Everything the process printed, stdout and stderr interleaved (for failure messages). */
  output(): string;
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GqlResult<T>>;
  /** SIGKILL: no drain, no hand-back — what a crash or the OOM killer does. */
  kill(): Promise<void>;
  /** SIGTERM and wait for the exit (graceful drain). */
  stop(): Promise<number | null>;
  /** Starts it again on the same port with the same environment. */
  restart(): Promise<void>;
  readonly alive: boolean;
  /** The operating system's process id (of the current run). */
  readonly pid: number | undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => ok(port));
    });
  });
}

/** The environment every process of one deployment shares: same database, key and data folder. */
export function deploymentEnv(databaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tmis-proc-data-'));
  return {
    DATABASE_URL: databaseUrl, TMIS_ENV: 'test', TMIS_SECRET_KEY: randomBytes(32).toString('hex'), TMIS_DATA_DIR: dataDir,
    TMIS_CA_CERTS: join(dataDir, 'certs', 'ca.crt.pem'), TMIS_ARGON2_FAST: '1', LOG_LEVEL: 'warn', TMIS_SHUTDOWN_GRACE_MS: '2000', ...extra,
  };
}

async function waitReady(url: string, child: ChildProcess, out: () => string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`gateway exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${out()}`);
    try {
      const res = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' });
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`gateway not ready after ${timeoutMs} ms:\n${out()}`);
}

export async function startGateway(name: string, env: Record<string, string>, opts: { port?: number; timeoutMs?: number } = {}): Promise<GatewayProcess> {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the gateway first (pnpm -C gateway build)`);
  const port = opts.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  let child: ChildProcess;
  let exited: Promise<number | null>;
  const launch = async (): Promise<void> => {
    child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (c: Buffer) => {
      log += c.toString('utf8');
      if (log.length > 200_000) log = log.slice(-100_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    exited = new Promise((r) => child.once('exit', (code) => r(code)));
    await waitReady(url, child, () => log, opts.timeoutMs ?? 60_000);
  };
  await launch();
  const proc: GatewayProcess = {
    name, port, url,
    output: () => log,
    get alive() {
      return child.exitCode === null && child.signalCode === null;
    },
    get pid() {
      return child.pid;
    },
    async gql(query, variables, token) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as GqlResult;
      return { ...body, status: res.status, headers: res.headers } as never;
    },
    async kill() {
      if (!proc.alive) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!proc.alive) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async restart() {
      if (proc.alive) await proc.kill();
      await launch();
    },
  };
  return proc;
}

/** Several processes of one deployment; `stopAll` in afterAll kills what is left. */
export async function startGateways(count: number, env: Record<string, string>): Promise<GatewayProcess[]> {
  const procs: GatewayProcess[] = [];
  // One at a time: the first migrates (under the advisory lock), the others find it done.
  for (let i = 0; i < count; i++) procs.push(await startGateway(`gw${i + 1}`, env));
  return procs;
}

export async function stopAll(procs: GatewayProcess[]): Promise<void> {
  await Promise.all(procs.map((p) => p.kill()));
}
