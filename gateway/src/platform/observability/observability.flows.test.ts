import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, ownerSql, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { uuidv7 } from '../ids.js';
import { promSample } from './prom-text.js';

/**
 * /metrics as Prometheus scrapes it, after real GraphQL traffic: the operation histogram by the
 * operation names used, errors by code, the job queue and the outbox as the database holds them;
 * and who may scrape. /healthz and /readyz, including 503 for a missing migration and during shutdown.
 */
let t: TestApp;
let token: string;

const LIST = 'query TeacherList { teachers(first: 5) { totalCount } }';
const MISSING = 'query MissingTeacher($id: ID!) { teacher(id: $id) { id } }';

const scrape = async (headers: Record<string, string> = {}): Promise<{ status: number; text: string; type: string | null }> => {
  const res = await fetch(`${t.url}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') };
};

beforeAll(async () => {
  t = await createTestApp();
  await buildWorld(t.app, { accounts: [['p_query', 'provA', 'query_user']] });
  token = await loginAs(t, 'p_query');
});
afterAll(async () => t?.close());

describe('/metrics after traffic', () => {
  const errorsSeen = new Map<string, number>();
  let text = '';

  beforeAll(async () => {
    const results = [];
    for (let i = 0; i < 3; i++) results.push(await t.gql(LIST, {}, token));
    results.push(await t.gql('{ teachers(first: 1) { totalCount } }', {}, token));
    results.push(await t.gql(MISSING, { id: uuidv7() }, token));
    results.push(await t.gql(LIST));
    for (const r of results) for (const e of r.errors ?? []) errorsSeen.set(e.extensions!.code!, (errorsSeen.get(e.extensions!.code!) ?? 0) + 1);
    // Queue states the API only passes through for an instant: two waiting imports, one running.
    await sql(t, `insert into job (id, kind, status, created_at, started_at) values
      (?, 'teacher-import', 'queued', now() - interval '90 seconds', null), (?, 'teacher-import', 'queued', now() - interval '5 seconds', null),
      (?, 'teacher-import', 'running', now() - interval '40 seconds', now() - interval '30 seconds'), (?, 'teacher-import', 'succeeded', now() - interval '1 hour', now())`,
    [uuidv7(), uuidv7(), uuidv7(), uuidv7()]);
    const s = await scrape();
    expect(s.status).toBe(200);
    expect(s.type).toMatch(/^text\/plain; version=0\.0\.4/);
    text = s.text;
  });

  it('has the operation histogram for the operation names used, and "anonymous" for the unnamed one', () => {
    expect(promSample(text, 'tmis_graphql_operation_duration_seconds_count', { operation: 'TeacherList', type: 'query' })).toBe(4);
    expect(promSample(text, 'tmis_graphql_operation_duration_seconds_count', { operation: 'MissingTeacher', type: 'query' })).toBe(1);
    expect(promSample(text, 'tmis_graphql_operation_duration_seconds_count', { operation: 'anonymous', type: 'query' })).toBe(1);
    expect(promSample(text, 'tmis_graphql_operation_duration_seconds_bucket', { operation: 'TeacherList', le: '+Inf' })).toBe(4);
    expect(promSample(text, 'tmis_graphql_operation_duration_seconds_sum', { operation: 'TeacherList' })).toBeGreaterThan(0);
  });

  it('counts the errors answered, by their stable code', () => {
    expect([...errorsSeen.keys()].sort()).toEqual(['NOT_FOUND_OR_NO_ACCESS', 'UNAUTHENTICATED']);
    for (const [code, n] of errorsSeen) expect(promSample(text, 'tmis_errors_total', { code, source: 'graphql' })).toBe(n);
  });

  it('has HTTP latency by route class, method and status', () => {
    expect(promSample(text, 'tmis_http_request_duration_seconds_count', { route: 'graphql', method: 'POST', status: '200' })).toBeGreaterThanOrEqual(6);
  });

  it('shows the job queue: depth by kind and status, age of the oldest queued and running job', () => {
    expect(promSample(text, 'tmis_job_queue_depth', { kind: 'teacher-import', status: 'queued' })).toBe(2);
    expect(promSample(text, 'tmis_job_queue_depth', { kind: 'teacher-import', status: 'running' })).toBe(1);
    expect(promSample(text, 'tmis_job_oldest_queued_age_seconds', { kind: 'teacher-import' })).toBeGreaterThanOrEqual(89);
    expect(promSample(text, 'tmis_job_oldest_running_age_seconds', { kind: 'teacher-import' })).toBeGreaterThanOrEqual(29);
  });

  it('shows the outbox backlog and the age of the oldest undelivered change as the database holds them', async () => {
    const [db] = await sql<{ n: number; age: number }>(t, `select count(*)::int as n, extract(epoch from now() - min(created_at))::float8 as age from sync_outbox where delivered_at is null`);
    expect(db!.n).toBeGreaterThan(0); // the world's units and teachers wait for a national system
    expect(promSample(text, 'tmis_sync_outbox_backlog')).toBe(db!.n);
    expect(promSample(text, 'tmis_sync_outbox_oldest_age_seconds')).toBeGreaterThan(0);
    expect(promSample(text, 'tmis_sync_outbox_oldest_age_seconds')).toBeLessThanOrEqual(db!.age + 1);
    await sql(t, `update sync_outbox set delivered_at = now(), outcome = 'applied' where delivered_at is null`);
    const after = await scrape();
    expect(promSample(after.text, 'tmis_sync_outbox_backlog')).toBe(0);
    expect(promSample(after.text, 'tmis_sync_outbox_oldest_age_seconds')).toBe(0);
  });

  it('shows the database pool and the process figures', () => {
    expect(promSample(text, 'tmis_db_pool_max')).toBe(25);
    for (const state of ['used', 'free', 'pending']) expect(promSample(text, 'tmis_db_pool_connections', { state })).toBeGreaterThanOrEqual(0);
    expect(promSample(text, 'tmis_metrics_database_up')).toBe(1);
    expect(promSample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(promSample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
  });

  it('is refused to a request that came through the proxy, and says why', async () => {
    const s = await scrape({ 'x-forwarded-for': '203.0.113.9' });
    expect(s.status).toBe(403);
    expect(JSON.parse(s.text)).toMatchObject({ code: 'METRICS_FORBIDDEN' });
    expect(s.text).not.toContain('tmis_');
  });
});

describe('/metrics with an operator token', () => {
  const TOKEN = 'operator-token-for-the-test-0123456789';
  let tt: TestApp;
  beforeAll(async () => { tt = await createTestApp({ TMIS_METRICS_TOKEN: TOKEN }); });
  afterAll(async () => tt?.close());

  it.each([
    ['no token', {}, 403], ['a wrong token', { authorization: `Bearer ${TOKEN.slice(1)}` }, 403], ['the token', { authorization: `Bearer ${TOKEN}` }, 200],
  ])('%s → %i', async (_what, headers, status) => {
    const res = await fetch(`${tt.url}/metrics`, { headers });
    expect(res.status).toBe(status);
    const body = await res.text();
    if (status === 200) expect(promSample(body, 'tmis_metrics_database_up')).toBe(1);
  });
});

describe('/healthz and /readyz', () => {
  it('/healthz answers while the process lives', async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz is ready when every composed migration is applied', async () => {
    const res = await fetch(`${t.url}/readyz`);
    expect(res.status).toBe(200);
    const expected = t.app.orm.config.get('migrations').migrationsList!.length;
    expect(await res.json()).toEqual({ status: 'ready', migrations: expected });
  });

  it('/readyz answers 503 with the missing migration when one is not applied', async () => {
    const [last] = await sql<{ id: number; name: string }>(t, 'select id, name from mikro_orm_migrations order by id desc limit 1');
    // As the owner: the gateway's application role only reads the migration bookkeeping.
    await ownerSql(t, 'delete from mikro_orm_migrations where id = $1', [last!.id]);
    try {
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ code: 'NOT_READY_MIGRATIONS_PENDING', pending: [last!.name.replace(/\.[jt]s$/, '')] });
    } finally {
      await ownerSql(t, 'insert into mikro_orm_migrations (id, name, executed_at) values ($1, $2, now())', [last!.id, last!.name]);
    }
    expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
  });
});
