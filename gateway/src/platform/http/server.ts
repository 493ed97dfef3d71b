import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { HeaderMap, type ApolloServer } from '@apollo/server';
import { errorMessage } from '@tmis/shared';
import type { RequestContext } from '../graphql/context.js';
import { logger, withRequestId } from '../logging.js';
import { BODY_MAX_BYTES, DOCUMENT_MAX_CHARS, violationText, type InputViolation } from '../graphql/input-limits.js';
import { TLS_CIPHERS, TLS_MIN_VERSION, type GatewayTls } from '../config.js';
import { requestMetaResolver, secureCookies, type RequestMeta, type RequestMetaResolver } from './request-meta.js';

export type ContextFactory = (req: IncomingMessage) => Promise<RequestContext>;
export type RouteHandler = (req: IncomingMessage, res: ServerResponse, pathname: string) => boolean | Promise<boolean>;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > BODY_MAX_BYTES) {
        reject(Object.assign(new Error('body too large'), { status: 413 }));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'x-frame-options': 'DENY' };

/** Observers of every request (platform/observability): latency by route class, failures by code. */
export interface HttpObserver {
  onResponse(pathname: string, method: string, status: number, seconds: number): void;
  onError(code: string): void;
}

/** HSTS for a year, sent only when this process terminated the TLS connection (behind a proxy, the proxy sends its own). */
const HSTS = 'max-age=31536000';

/**
 * One Node HTTP server — HTTPS when `tls` is given (TMIS_TLS_CERT/KEY, issue 15.5): /graphql
 * through Apollo, then the other routes in order (health, portal). Each request runs under its
 * request id (`x-request-id`, in every log line of the request).
 */
export function createHttpServer(
  apollo: ApolloServer<RequestContext>, makeContext: ContextFactory, routes: RouteHandler[], observer?: HttpObserver,
  metaOf: RequestMetaResolver = requestMetaResolver({ trustedProxies: [], production: false }), tls?: GatewayTls,
): Server {
  const listener: RequestListener = (req, res) => {
    const meta = metaOf(req);
    res.setHeader('x-request-id', meta.requestId);
    if ((req.socket as TLSSocket).encrypted) res.setHeader('strict-transport-security', HSTS);
    return withRequestId(meta.requestId, () => handle(req, res, meta));
  };
  if (!tls) return createServer(listener);
  return createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: TLS_MIN_VERSION, ciphers: TLS_CIPHERS, honorCipherOrder: true }, listener);

  async function handle(req: IncomingMessage, res: ServerResponse, meta: RequestMeta): Promise<void> {
    const log = logger();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const started = process.hrtime.bigint();
    try {
      if (url.pathname === '/graphql') {
        await handleGraphQL(apollo, makeContext, req, res, url, meta);
      } else {
        let handled = false;
        for (const route of routes) if ((handled = await route(req, res, url.pathname))) break;
        if (!handled) res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS }).end('Not found');
      }
    } catch (e) {
      const status = (e as { status?: number }).status ?? 500;
      log.error({ err: e, path: url.pathname }, 'request failed');
      observer?.onError(status === 413 ? 'PAYLOAD_TOO_LARGE' : 'INTERNAL');
      if (!res.headersSent) res.writeHead(status, { 'content-type': 'application/json' });
      const extensions = status === 413 ? { code: 'PAYLOAD_TOO_LARGE' } : { code: 'INTERNAL', requestId: meta.requestId };
      res.end(JSON.stringify({ errors: [{ message: status === 413 ? '请求体过大' : errorMessage('INTERNAL'), extensions }] }));
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      observer?.onResponse(url.pathname, req.method ?? 'GET', res.statusCode, ms / 1000);
      log.debug({ method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(ms * 10) / 10 }, 'http');
    }
  }
}

async function handleGraphQL(apollo: ApolloServer<RequestContext>, makeContext: ContextFactory, req: IncomingMessage, res: ServerResponse, url: URL, meta: RequestMeta): Promise<void> {
  const headers = new HeaderMap();
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
  const raw = req.method === 'POST' ? await readBody(req) : '';
  let body: unknown = raw;
  if (raw && (headers.get('content-type') ?? '').includes('application/json')) {
    try {
      body = JSON.parse(raw);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: '请求不是有效的JSON', extensions: { code: 'BAD_REQUEST' } }] }));
      return;
    }
  }
  // Checked before parsing: comments and whitespace are no tokens, so the token limit alone does not bound a document.
  const query = (body as { query?: unknown } | null)?.query ?? url.searchParams.get('query');
  if (typeof query === 'string' && query.length > DOCUMENT_MAX_CHARS) {
    const details: InputViolation = { field: 'query', reason: 'too_long', max: DOCUMENT_MAX_CHARS };
    res.writeHead(413, { 'content-type': 'application/json', ...SECURITY_HEADERS })
      .end(JSON.stringify({ errors: [{ message: `${errorMessage('VALIDATION_FAILED')}：${violationText(details)}`, extensions: { code: 'VALIDATION_FAILED', details } }] }));
    return;
  }
  let ctx: RequestContext | undefined;
  const result = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
    context: async () => (ctx = await makeContext(req)),
  });
  const out: Record<string, string | string[]> = { ...SECURITY_HEADERS };
  for (const [k, v] of result.headers) out[k] = v;
  if (ctx?.responseCookies.length) out['set-cookie'] = meta.secure ? secureCookies(ctx.responseCookies) : ctx.responseCookies;
  res.writeHead(result.status ?? 200, out);
  if (result.body.kind === 'complete') res.end(result.body.string);
  else {
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  }
}
