import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KeyObject } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { RouteHandler } from '../http/server.js';
import { logger } from '../logging.js';
import { MAX_SKEW_MS, verifyRequest } from './signing.js';

const MAX_BODY = 50 * 1024 * 1024;

/** The national side's handlers; each receives the authenticated province code. */
export interface SyncServerHandlers {
  push(province: string, body: { items?: unknown[] }): Promise<unknown>;
  pull(province: string, body: { ack?: string[] }): Promise<unknown>;
  /** Stores a signed checkpoint of the province's audit chain (issue 14.3). */
  auditCheckpoint(province: string, body: { checkpoint?: unknown }): Promise<unknown>;
  /** The province's stored audit checkpoints, for its `audit:verify`. */
  auditCheckpoints(province: string): Promise<unknown>;
}

const PATHS = new Set(['/sync/push', '/sync/pull', '/sync/audit-checkpoint', '/sync/audit-checkpoints']);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) { reject(Object.assign(new Error('body too large'), { status: 413 })); req.destroy(); } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};

/**
 * POST /sync/push, /sync/pull and the audit checkpoints (/sync/audit-checkpoint, /sync/audit-checkpoints) on the national system. Every request is authenticated by the
 * sending province: by its key signature when a public key is registered for it (`publicKeys`,
 * TMIS_SYNC_PUBLIC_KEYS), otherwise by the HMAC under its shared key; a nonce is accepted once.
 * Answers are not signed: the province reaches them over the TLS channel it checks (pinned
 * national certificate, issue 15.5), see docs/security.md.
 */
export function syncRoutes(orm: MikroORM, keys: Map<string, Buffer>, handlers: SyncServerHandlers, publicKeys: ReadonlyMap<string, readonly KeyObject[]> = new Map()): RouteHandler {
  let lastPrune = 0;
  return async (req, res, pathname) => {
    if (!PATHS.has(pathname)) return false;
    if (req.method !== 'POST') { send(res, 405, { code: 'SYNC_BAD_REQUEST' }); return true; }
    const raw = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
    const v = verifyRequest(keys, headers, raw, Date.now(), publicKeys);
    if (!v.ok) { send(res, 401, { code: v.code }); return true; }
    const conn = orm.em.fork().getConnection();
    if (Date.now() - lastPrune > 60_000) {
      lastPrune = Date.now();
      await conn.execute(`delete from sync_nonce where at < now() - make_interval(secs => ?)`, [(2 * MAX_SKEW_MS) / 1000]);
    }
    const fresh = await conn.execute<{ nonce: string }[]>(
      `insert into sync_nonce (province_code, nonce) values (?, ?) on conflict do nothing returning nonce`, [v.province, v.nonce]);
    if (!fresh.length) { send(res, 409, { code: 'SYNC_REPLAY' }); return true; }
    let body: { province?: string; items?: unknown[]; ack?: string[]; checkpoint?: unknown };
    try { body = JSON.parse(raw) as typeof body; } catch { send(res, 400, { code: 'SYNC_BAD_REQUEST' }); return true; }
    if (body.province !== v.province) { send(res, 403, { code: 'SYNC_NOT_OWNER' }); return true; }
    try {
      const out = pathname === '/sync/push' ? await handlers.push(v.province, body)
        : pathname === '/sync/pull' ? await handlers.pull(v.province, body)
          : pathname === '/sync/audit-checkpoint' ? await handlers.auditCheckpoint(v.province, body)
            : await handlers.auditCheckpoints(v.province);
      send(res, 200, out);
    } catch (e) {
      logger().error({ err: e, province: v.province, path: pathname }, 'sync request failed');
      send(res, 500, { code: 'SYNC_APPLY_FAILED' });
    }
    return true;
  };
}
