import { timingSafeEqual, createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import { errorMessage, type ErrorCode } from '@tmis/shared';
import type { RouteHandler } from '../http/server.js';
import type { Metrics } from './metrics.js';

/** Readiness of this process; shutdown flips it first, so the proxy stops sending before we stop listening. */
export class Readiness {
  shuttingDown = false;
  markShuttingDown(): void {
    this.shuttingDown = true;
  }
}

export interface OpsRouteOptions {
  orm: MikroORM;
  metrics: Metrics;
  readiness: Readiness;
  /** TMIS_METRICS_TOKEN: when set, /metrics needs `Authorization: Bearer <token>`; otherwise a direct loopback connection. */
  metricsToken?: string;
  /** How long /readyz waits for the database (ms). */
  dbTimeoutMs?: number;
}

export type ReadyResult = { ready: true; migrations: number } | { ready: false; reason: ErrorCode; pending?: string[] };

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const stripExt = (name: string): string => name.replace(/\.[jt]s$/, '');

/**
 * Ready = not shutting down, the database answers, and every migration this process was built
 * with (core and province modules, as composed for the ORM) is applied. A database that holds
 * more (a newer process migrated during a rolling upgrade) is still ready.
 */
export async function checkReady(orm: MikroORM, readiness: Readiness, timeoutMs = 2000): Promise<ReadyResult> {
  if (readiness.shuttingDown) return { ready: false, reason: 'NOT_READY_SHUTTING_DOWN' };
  const table = orm.config.get('migrations').tableName ?? 'mikro_orm_migrations';
  const expected = (orm.config.get('migrations').migrationsList ?? []).map((m) => stripExt(m.name));
  let timer: NodeJS.Timeout | undefined;
  try {
    const rows = await Promise.race([
      orm.em.fork().getConnection().execute<{ name: string }[]>(`select name from "${table}"`),
      new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('database timeout')), timeoutMs); }),
    ]);
    const applied = new Set(rows.map((r) => stripExt(r.name)));
    const pending = expected.filter((n) => !applied.has(n));
    if (pending.length) return { ready: false, reason: 'NOT_READY_MIGRATIONS_PENDING', pending };
    return { ready: true, migrations: expected.length };
  } catch {
    // No migrations table at all is a database nobody migrated: pending, not unreachable.
    const reachable = await orm.em.fork().getConnection().execute('select 1').then(() => true, () => false);
    return reachable ? { ready: false, reason: 'NOT_READY_MIGRATIONS_PENDING', pending: expected } : { ready: false, reason: 'NOT_READY_DATABASE_UNREACHABLE' };
  } finally {
    clearTimeout(timer);
  }
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * Who may scrape. With a token: whoever presents it (compared in constant time). Without one:
 * only a direct connection from this machine — a request that came through a proxy (it carries
 * X-Forwarded-For / Forwarded / X-Real-IP) is refused even though the proxy connects from loopback.
 */
export function mayScrape(req: IncomingMessage, token: string | undefined): boolean {
  if (token) {
    const given = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
    const digest = (s: string): Buffer => createHash('sha256').update(s).digest();
    return given.length > 0 && timingSafeEqual(digest(given), digest(token));
  }
  const proxied = req.headers['x-forwarded-for'] || req.headers.forwarded || req.headers['x-real-ip'];
  return !proxied && LOOPBACK.test(req.socket.remoteAddress ?? '');
}

function refuse(res: ServerResponse, status: number, code: ErrorCode, extra: Record<string, unknown> = {}): void {
  res.writeHead(status, JSON_HEADERS).end(JSON.stringify({ status: 'error', code, message: errorMessage(code), messageEn: errorMessage(code, 'en'), ...extra }));
}

/** /healthz (the process answers; no database), /readyz and /metrics. */
export function opsRoutes(o: OpsRouteOptions): RouteHandler {
  return async (req, res, pathname) => {
    if (pathname === '/healthz') {
      res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ status: 'ok' }));
      return true;
    }
    if (pathname === '/readyz') {
      const r = await checkReady(o.orm, o.readiness, o.dbTimeoutMs);
      if (r.ready) res.writeHead(200, JSON_HEADERS).end(JSON.stringify({ status: 'ready', migrations: r.migrations }));
      else refuse(res, 503, r.reason, r.pending ? { pending: r.pending } : {});
      return true;
    }
    if (pathname === '/metrics') {
      if (!mayScrape(req, o.metricsToken)) {
        o.metrics.countError('METRICS_FORBIDDEN', 'http');
        refuse(res, 403, 'METRICS_FORBIDDEN');
        return true;
      }
      const body = await o.metrics.scrape();
      res.writeHead(200, { 'content-type': o.metrics.registry.contentType, 'cache-control': 'no-store' }).end(body);
      return true;
    }
    return false;
  };
}
