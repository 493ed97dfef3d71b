import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the portal is served, without a trailing slash, e.g. `http://127.0.0.1:40123`. */
    baseUrl: string;
    /** The gateway's TMIS_DATA_DIR (demo certificates are under `demo-certs/`). */
    dataDir: string;
    /** The portal manifest file the gateway reads on every call (a copy of the demo province's). */
    manifestPath: string;
  }
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url));

const GATEWAY_MAIN = join(repoRoot, 'gateway/dist/main.js');
const PORTAL_INDEX = join(repoRoot, 'portals/shell/dist/index.html');
// The records remote and GraphiQL, served by the gateway at /remotes/records/ and /graphiql/.
const RECORDS_ENTRY = join(repoRoot, 'portals/records/dist/remoteEntry.js');
const GRAPHIQL_INDEX = join(repoRoot, 'portals/graphiql/dist/index.html');
const READY_MESSAGE = 'TMIS gateway ready';
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 30_000;

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolvePort(addr.port) : reject(new Error('no free port'))));
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** The gateway as a user starts it, with nothing inherited that could point it elsewhere. */
function gatewayEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key === 'DATABASE_URL' || key === 'NODE_ENV' || key === 'LOG_LEVEL' || key.startsWith('TMIS_')) continue;
    env[key] = value;
  }
  return {
    ...env,
    PORT: String(port),
    HOST: '127.0.0.1',
    TMIS_DATA_DIR: dataDir,
    TMIS_DEMO: '1',
    // Vitest sets NODE_ENV=test, which would make the gateway log nothing (no ready line).
    TMIS_ENV: 'development',
    LOG_LEVEL: 'info',
  };
}

async function stopGateway(child: ChildProcess, dataDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM'); // the gateway closes HTTP and stops its PostgreSQL on SIGTERM
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((r) => (timer = setTimeout(() => r(false), STOP_TIMEOUT_MS)));
    const inTime = await Promise.race([exited.then(() => true), timeout]);
    clearTimeout(timer); // a pending timer would keep vitest alive after the run
    if (!inTime) {
      console.warn(`[e2e] gateway (pid ${child.pid}) did not stop within ${STOP_TIMEOUT_MS / 1000} s; killing it`);
      child.kill('SIGKILL');
      await exited;
    }
  }
  // If the gateway died without stopping PostgreSQL, stop that server (by its own pid file).
  const pidFile = join(dataDir, 'pg', 'postmaster.pid');
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGINT'); // PostgreSQL's "fast" shutdown
        for (let i = 0; i < 100; i++) {
          process.kill(pid, 0);
          await sleep(100);
        }
      } catch {
        /* gone */
      }
    }
  }
}

export interface RunningGateway {
  baseUrl: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `node gateway/dist/main.js` on a free port with a fresh data folder and the demo
 * province, serving the built portal; `extraEnv` adds configuration (e.g. TMIS_GATEWAY_MODULES).
 * Its output goes to `artifacts/<logName>`.
 */
export async function launchGateway(extraEnv: Record<string, string> = {}, logName = 'gateway.log'): Promise<RunningGateway> {
  mkdirSync(artifactsDir, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'tmis-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const logPath = join(artifactsDir, logName);
  const log = createWriteStream(logPath);
  const tail: string[] = [];

  const started = Date.now();
  const child = spawn(process.execPath, [GATEWAY_MAIN], { cwd: repoRoot, env: { ...gatewayEnv(port, dataDir), ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });

  let ready = false;
  const readyLine = new Promise<void>((resolveReady, reject) => {
    const onLine = (line: string): void => {
      log.write(line + '\n');
      tail.push(line);
      if (tail.length > 40) tail.shift();
      if (!ready && line.includes(READY_MESSAGE)) {
        try {
          if ((JSON.parse(line) as { msg?: string }).msg !== READY_MESSAGE) return;
        } catch {
          return;
        }
        ready = true;
        resolveReady();
      }
    };
    // Both streams are read until the end, so the gateway never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`the gateway exited during start-up (code ${code}, signal ${signal})`));
    });
  });

  const stop = async (): Promise<void> => {
    await stopGateway(child, dataDir);
    log.end();
    if (process.env.TMIS_E2E_KEEP_DATA) console.info(`[e2e] data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no "${READY_MESSAGE}" within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    });
    try {
      await Promise.race([readyLine, timeout]);
    } finally {
      clearTimeout(timer);
    }
    const health = await fetch(`${baseUrl}/healthz`);
    if (!health.ok) throw new Error(`GET /healthz answered ${health.status}`);
    const portal = await fetch(`${baseUrl}/`);
    if (!portal.ok || !(await portal.text()).includes('<div id="app">')) throw new Error(`GET / did not serve the portal shell (${portal.status})`);
  } catch (e) {
    await stop();
    throw new Error(`Could not start the TMIS gateway: ${(e as Error).message}\n--- last gateway output (${logPath}) ---\n${tail.join('\n')}`, { cause: e });
  }
  console.info(`[e2e] TMIS gateway ready at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s (data: ${dataDir})`);
  return { baseUrl, dataDir, stop };
}

/**
 * Starts the real system once for the run. Its portal manifest is a copy of the demo province's
 * in the data folder: the gateway reads it on every call, so a test can edit it while running.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing = [GATEWAY_MAIN, PORTAL_INDEX, RECORDS_ENTRY, GRAPHIQL_INDEX].filter((f) => !existsSync(f));
  if (missing.length > 0) {
    throw new Error(
      `The e2e tests run the built system, but ${missing.map((f) => relative(repoRoot, f)).join(' and ')} ` +
        `${missing.length > 1 ? 'are' : 'is'} missing. Build first: run \`pnpm -r build\` in ${repoRoot}.`,
    );
  }
  const manifestDir = mkdtempSync(join(tmpdir(), 'tmis-e2e-manifest-'));
  const manifest = join(manifestDir, 'portal-modules.330000.json');
  copyFileSync(join(repoRoot, 'config/portal-modules.330000.json'), manifest);
  const gw = await launchGateway({ TMIS_PORTAL_MODULES: manifest });
  project.provide('baseUrl', gw.baseUrl);
  project.provide('dataDir', gw.dataDir);
  project.provide('manifestPath', manifest);
  return async () => {
    await gw.stop();
    rmSync(manifestDir, { recursive: true, force: true });
  };
}
