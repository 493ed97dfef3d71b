import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MikroORM } from '@mikro-orm/postgresql';
import { isErrorCode } from '@tmis/shared';
import { logger } from '../logging.js';

/**
 * The gateway's Prometheus metrics (docs/deployment.md, "Watching a deployment"). One registry per
 * app, so several apps in one test process never share counters. Label values are bounded: route
 * classes and error codes come from fixed sets, operation names are normalised and capped.
 */
export interface Metrics {
  registry: Registry;
  observeHttp(route: string, method: string, status: number, seconds: number): void;
  observeOperation(name: string | null | undefined, type: string | undefined, seconds: number): void;
  countError(code: unknown, source: 'graphql' | 'http'): void;
  /** Reads the database figures (one indexed statement each) and renders the text format. */
  scrape(): Promise<string>;
}

/** Seconds; the list query of a province sits around 10–50 ms, an import upload up to seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const OPERATION_TYPES = new Set(['query', 'mutation', 'subscription']);
/** More distinct operation names than this per process are counted as `other`. */
export const MAX_OPERATION_NAMES = 300;
/** The backlog count stops here, so a scrape never walks millions of index entries. */
export const OUTBOX_COUNT_CAP = 1_000_000;

/** First path segment for the paths the gateway routes; everything else is the portal's files. */
const ROUTE_CLASSES: [RegExp, string][] = [
  [/^\/graphql$/, 'graphql'], [/^\/(healthz|readyz|metrics)$/, 'ops'], [/^\/api\/imports\//, 'imports'],
  [/^\/api\/exports\//, 'exports'], [/^\/api\/campaigns\//, 'campaigns'], [/^\/api\/data-sharing\//, 'data-sharing'],
  [/^\/api\//, 'api-other'], [/^\/reports\//, 'reports'], [/^\/sync\//, 'sync'], [/^\/remotes\//, 'remotes'], [/^\/graphiql(\/|$)/, 'graphiql'],
];

export function routeClass(pathname: string, status: number): string {
  for (const [re, name] of ROUTE_CLASSES) if (re.test(pathname)) return name;
  return status === 404 ? 'unmatched' : 'portal';
}

/** Client-chosen names become label values only when well-formed, and only so many of them. */
export function operationLabel(name: string | null | undefined, seen: Set<string>): string {
  if (!name) return 'anonymous';
  if (!OPERATION_NAME.test(name)) return 'invalid';
  if (seen.has(name)) return name;
  if (seen.size >= MAX_OPERATION_NAMES) return 'other';
  seen.add(name);
  return name;
}

/** Our catalogue's codes and GraphQL's own; anything else (never expected) is `OTHER`. */
export function errorLabel(code: unknown): string {
  if (typeof code !== 'string') return 'OTHER';
  if (isErrorCode(code) || /^(GRAPHQL_[A-Z_]{1,40}|BAD_USER_INPUT|BAD_REQUEST|PAYLOAD_TOO_LARGE|PERSISTED_QUERY_[A-Z_]{1,20}|OPERATION_RESOLUTION_FAILURE)$/.test(code)) return code;
  return 'OTHER';
}

export function createMetrics(orm: MikroORM): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const http = new Histogram({ name: 'tmis_http_request_duration_seconds', help: 'HTTP requests by route class, method and status', labelNames: ['route', 'method', 'status'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const operations = new Histogram({ name: 'tmis_graphql_operation_duration_seconds', help: 'GraphQL operations by operation name and type', labelNames: ['operation', 'type'], buckets: LATENCY_BUCKETS, registers: [registry] });
  const errors = new Counter({ name: 'tmis_errors_total', help: 'Errors answered to clients, by stable error code', labelNames: ['code', 'source'], registers: [registry] });
  const jobDepth = new Gauge({ name: 'tmis_job_queue_depth', help: 'Unfinished jobs by kind and status (queued, running), from the job table', labelNames: ['kind', 'status'], registers: [registry] });
  const jobAge = new Gauge({ name: 'tmis_job_oldest_queued_age_seconds', help: 'Age of the oldest queued job by kind', labelNames: ['kind'], registers: [registry] });
  const jobRunning = new Gauge({ name: 'tmis_job_oldest_running_age_seconds', help: 'How long the longest-running job by kind has been running', labelNames: ['kind'], registers: [registry] });
  const outbox = new Gauge({ name: 'tmis_sync_outbox_backlog', help: `Changes not yet delivered to the national system (counted up to ${OUTBOX_COUNT_CAP})`, registers: [registry] });
  const outboxAge = new Gauge({ name: 'tmis_sync_outbox_oldest_age_seconds', help: 'Age of the oldest undelivered change (0 when none)', registers: [registry] });
  const pool = new Gauge({ name: 'tmis_db_pool_connections', help: 'Database pool of this process: used, free, pending (waiting for a connection)', labelNames: ['state'], registers: [registry] });
  const poolMax = new Gauge({ name: 'tmis_db_pool_max', help: 'Largest pool size of this process', registers: [registry] });
  const dbUp = new Gauge({ name: 'tmis_metrics_database_up', help: '1 when the scrape-time database reads succeeded', registers: [registry] });
  const seen = new Set<string>();

  const readJobs = async (): Promise<void> => {
    // Served by the partial index job_unfinished; unfinished jobs are few.
    const rows = await orm.em.fork().getConnection().execute<{ kind: string; status: string; n: number; oldest: number | null }[]>(
      `select kind, status, count(*)::int as n, extract(epoch from now() - min(case when status = 'queued' then created_at else started_at end))::float8 as oldest
         from job where status in ('queued', 'running') group by kind, status`);
    jobDepth.reset(); jobAge.reset(); jobRunning.reset();
    for (const r of rows) {
      jobDepth.set({ kind: r.kind, status: r.status }, r.n);
      (r.status === 'queued' ? jobAge : jobRunning).set({ kind: r.kind }, Math.max(0, r.oldest ?? 0));
    }
  };
  const readOutbox = async (): Promise<void> => {
    // Both halves walk the partial index sync_outbox_pending (delivered_at is null), the count at most up to the cap.
    const [r] = await orm.em.fork().getConnection().execute<{ backlog: number; oldest: number | null }[]>(
      `select (select count(*) from (select 1 from sync_outbox where delivered_at is null limit ${OUTBOX_COUNT_CAP}) p)::int as backlog,
              (select extract(epoch from now() - created_at)::float8 from sync_outbox where delivered_at is null order by seq limit 1) as oldest`);
    outbox.set(r?.backlog ?? 0);
    outboxAge.set(Math.max(0, r?.oldest ?? 0));
  };
  const readPool = (): void => {
    const p = poolOf(orm);
    if (!p) return;
    pool.set({ state: 'used' }, p.numUsed());
    pool.set({ state: 'free' }, p.numFree());
    pool.set({ state: 'pending' }, p.numPendingAcquires() + p.numPendingCreates());
    poolMax.set(p.max);
  };

  return {
    registry,
    observeHttp(route, method, status, seconds) {
      http.observe({ route, method: METHODS.has(method) ? method : 'OTHER', status: String(status) }, seconds);
    },
    observeOperation(name, type, seconds) {
      operations.observe({ operation: operationLabel(name, seen), type: type && OPERATION_TYPES.has(type) ? type : 'unknown' }, seconds);
    },
    countError(code, source) {
      errors.inc({ code: errorLabel(code), source });
    },
    async scrape() {
      readPool();
      try {
        await Promise.all([readJobs(), readOutbox()]);
        dbUp.set(1);
      } catch (e) {
        // The process figures still go out; the operator sees the database reads failing.
        dbUp.set(0);
        logger().warn({ err: e }, 'metrics: database figures unavailable');
      }
      return registry.metrics();
    },
  };
}

interface TarnPool { numUsed(): number; numFree(): number; numPendingAcquires(): number; numPendingCreates(): number; max: number }

/** MikroORM 6 keeps a knex client whose tarn pool exists once the first connection was made. */
function poolOf(orm: MikroORM): TarnPool | undefined {
  const knex = orm.em.getConnection().getKnex() as unknown as { client?: { pool?: TarnPool } };
  return knex.client?.pool;
}
