import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/**
 * The client's address for audit entries and login records. Behind a reverse proxy every
 * connection comes from the proxy, so the address is taken from X-Forwarded-For — but only the
 * hops added by proxies the operator named in TMIS_TRUSTED_PROXIES (addresses, CIDR ranges or
 * proxy-addr's `loopback` / `linklocal` / `uniquelocal`); anything a client wrote in the header
 * itself is ignored. With no trusted proxies the socket's peer is the client.
 */
export type ClientIp = (req: IncomingMessage) => string | null;

export function clientIpResolver(trustedProxies: readonly string[]): ClientIp {
  if (!trustedProxies.length) return (req) => req.socket.remoteAddress ?? null;
  const trust = proxyaddr.compile([...trustedProxies]);
  return (req) => (req.socket.remoteAddress ? proxyaddr(req as never, trust) : null);
}

/** Parses TMIS_TRUSTED_PROXIES; throws on an entry that is not an address, a range or a preset. */
export function parseTrustedProxies(raw: string | undefined): string[] {
  const list = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (list.length) proxyaddr.compile(list); // throws TypeError with the bad entry
  return list;
}
