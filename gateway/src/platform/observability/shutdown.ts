import type { Server } from 'node:http';
import type { Readiness } from './ops-routes.js';

/** Counts requests in progress on a server (the drain waits for them). */
export class InFlight {
  count = 0;
  private waiters: (() => void)[] = [];

  constructor(server: Server) {
    server.on('request', (_req, res) => {
      this.count++;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        this.count--;
        if (this.count === 0) this.waiters.splice(0).forEach((w) => w());
      };
      res.once('finish', finish);
      res.once('close', finish);
    });
  }

  /** Resolves when no request is in progress. */
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
}

export interface DrainResult {
  /** Requests in progress when the drain began. */
  inFlight: number;
  /** Requests still running at the deadline, whose connections were cut. */
  cut: number;
  ms: number;
}

/**
 * Graceful stop of the HTTP side: mark the process not ready (/readyz answers 503), stop accepting
 * connections, close idle keep-alive ones, let requests in progress finish until `graceMs`, then
 * cut what is left. The caller then closes the app (jobs are handed back by the job runner's stop).
 */
export async function drainHttp(server: Server, inFlight: InFlight, readiness: Readiness, graceMs: number): Promise<DrainResult> {
  const started = Date.now();
  readiness.markShuttingDown();
  const atStart = inFlight.count;
  const closed = new Promise<void>((r) => (server.listening ? server.close(() => r()) : r()));
  server.closeIdleConnections();
  // A keep-alive connection becomes idle after its last response: close those as they appear.
  const sweep = setInterval(() => server.closeIdleConnections(), 100);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'deadline'>((r) => { timer = setTimeout(() => r('deadline'), graceMs); });
  const outcome = await Promise.race([inFlight.idle().then(() => 'idle' as const), deadline]);
  clearTimeout(timer);
  const cut = outcome === 'deadline' ? inFlight.count : 0;
  if (cut) server.closeAllConnections();
  server.closeIdleConnections();
  clearInterval(sweep);
  await closed;
  return { inFlight: atStart, cut, ms: Date.now() - started };
}
