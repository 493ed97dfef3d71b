import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import proxyaddr from 'proxy-addr';

/** What the HTTP layer knows about a request before any route runs. */
export interface RequestMeta {
  /** Names the request in every log line and in the `x-request-id` response header. */
  requestId: string;
  /** Cookies get `Secure`: the client reached us over TLS, or this is production. */
  secure: boolean;
}

export type RequestMetaResolver = (req: IncomingMessage) => RequestMeta;

// Letters, digits and `._:-`: what proxies generate (nginx's $request_id, UUIDs, trace ids);
// nothing that could break a log line or a header.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * A trusted proxy (TMIS_TRUSTED_PROXIES) may hand in its request id and say the client came over
 * HTTPS (`x-forwarded-proto`); from anyone else both headers are ignored, so a client can neither
 * pick the id its errors are logged under nor talk the server out of `Secure`.
 */
export function requestMetaResolver(opts: { trustedProxies: readonly string[]; production: boolean }): RequestMetaResolver {
  const trust = opts.trustedProxies.length ? proxyaddr.compile([...opts.trustedProxies]) : null;
  return (req) => {
    const peer = req.socket.remoteAddress;
    const fromProxy = !!trust && !!peer && trust(peer, 0);
    const incoming = fromProxy ? header(req, 'x-request-id') : undefined;
    const proto = fromProxy ? header(req, 'x-forwarded-proto')?.split(',')[0]?.trim().toLowerCase() : undefined;
    return {
      requestId: incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID(),
      secure: opts.production || (req.socket as TLSSocket).encrypted === true || proto === 'https',
    };
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Adds `Secure` to each Set-Cookie value that does not carry it yet. */
export function secureCookies(cookies: readonly string[]): string[] {
  return cookies.map((c) => (/;\s*secure\s*(;|$)/i.test(c) ? c : `${c}; Secure`));
}
