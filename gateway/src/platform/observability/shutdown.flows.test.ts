import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { defineGatewayModule } from '../modules/gateway-module.js';

/**
 * Graceful shutdown: /readyz turns 503 first, a request in progress still gets its answer, new
 * connections are refused, and a request that outlives the grace period is cut at the deadline.
 */
let release: (() => void) | undefined;
let entered: (() => void) | undefined;
const slow = new Set<string>();

// A province module's route that answers when the test lets it (a long report, say).
const slowModule = defineGatewayModule({
  name: 'slow-report', title: '慢报表',
  setup: ({ addRoute }) => addRoute(async (_req, res, pathname) => {
    if (pathname !== '/api/slow-report') return false;
    slow.add(pathname);
    await new Promise<void>((r) => { release = r; entered?.(); });
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"report":"done"}');
    return true;
  }),
});

/** Resolves once the request is inside the handler; `response` settles when it is answered (or cut). */
const startSlowRequest = async (t: TestApp): Promise<{ response: Promise<Response> }> => {
  const inside = new Promise<void>((r) => { entered = r; });
  const response = fetch(`${t.url}/api/slow-report`);
  response.catch(() => undefined);
  await inside;
  return { response };
};

describe('drain on shutdown', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({}, { modules: [slowModule] }); });
  afterAll(async () => t?.close());

  it('marks the process not ready, lets the request in progress finish, and refuses new connections', async () => {
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
    const { response: inProgress } = await startSlowRequest(t);
    const draining = t.app.drain(10_000);
    // Not ready at once: the proxy's health check takes this process out.
    expect(t.app.readiness.shuttingDown).toBe(true);
    await new Promise((r) => setTimeout(r, 150));
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    release!();
    const res = await inProgress;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ report: 'done' });
    const result = await draining;
    expect(result).toMatchObject({ inFlight: 1, cut: 0 });
    expect(result.ms).toBeLessThan(10_000);
    expect(t.app.server.listening).toBe(false);
  });
});

describe('readiness during shutdown and the grace deadline', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({}, { modules: [slowModule] }); });
  afterAll(async () => { release?.(); await t?.close(); });

  it('/readyz answers 503 NOT_READY_SHUTTING_DOWN while the process stops', async () => {
    t.app.readiness.markShuttingDown();
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ code: 'NOT_READY_SHUTTING_DOWN' });
    // Alive all the same: liveness must not restart a process that is draining.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  });

  it('cuts a request that outlives the grace period at the deadline', async () => {
    const { response: inProgress } = await startSlowRequest(t);
    const started = Date.now();
    const result = await t.app.drain(400);
    expect(result).toMatchObject({ inFlight: 1, cut: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(inProgress).rejects.toThrow();
  });
});
