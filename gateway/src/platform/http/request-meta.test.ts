import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { requestMetaResolver, secureCookies } from './request-meta.js';

const req = (peer: string, headers: Record<string, string> = {}, encrypted = false) =>
  ({ headers, socket: { remoteAddress: peer, encrypted } }) as unknown as IncomingMessage;
const behindProxy = requestMetaResolver({ trustedProxies: ['10.0.0.0/8'], production: false });
const direct = requestMetaResolver({ trustedProxies: [], production: false });
const production = requestMetaResolver({ trustedProxies: [], production: true });

describe('Secure cookies: TLS to us, https at the trusted proxy, or production', () => {
  it.each<[string, ReturnType<typeof requestMetaResolver>, IncomingMessage, boolean]>([
    ['plain HTTP, development', direct, req('192.0.2.7'), false],
    ['TLS straight to the gateway', direct, req('192.0.2.7', {}, true), true],
    ['https at the trusted proxy', behindProxy, req('10.1.2.3', { 'x-forwarded-proto': 'https' }), true],
    ['HTTPS in capitals, several hops', behindProxy, req('10.1.2.3', { 'x-forwarded-proto': 'HTTPS, http' }), true],
    ['http at the trusted proxy', behindProxy, req('10.1.2.3', { 'x-forwarded-proto': 'http' }), false],
    ['https claimed by a client that is no proxy', behindProxy, req('192.0.2.7', { 'x-forwarded-proto': 'https' }), false],
    ['https claimed with no proxy configured', direct, req('127.0.0.1', { 'x-forwarded-proto': 'https' }), false],
    ['production over plain HTTP', production, req('192.0.2.7'), true],
  ])('%s', (_n, resolve, r, secure) => {
    expect(resolve(r).secure).toBe(secure);
  });
});

describe('request ids: a sane one from the trusted proxy, else a new UUID', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  it.each<[string, ReturnType<typeof requestMetaResolver>, IncomingMessage, string | null]>([
    ['nginx $request_id from the proxy', behindProxy, req('10.1.2.3', { 'x-request-id': '5f2b9c0e8a1d4e7f9b3c6a2d1e0f8b7c' }), '5f2b9c0e8a1d4e7f9b3c6a2d1e0f8b7c'],
    ['a trace id with dots and colons', behindProxy, req('10.1.2.3', { 'x-request-id': 'edge-1.req:000042' }), 'edge-1.req:000042'],
    ['too short', behindProxy, req('10.1.2.3', { 'x-request-id': 'abc' }), null],
    ['too long', behindProxy, req('10.1.2.3', { 'x-request-id': 'a'.repeat(129) }), null],
    ['spaces and quotes', behindProxy, req('10.1.2.3', { 'x-request-id': 'a b "c" d e f' }), null],
    ['from a client that is no proxy', behindProxy, req('192.0.2.7', { 'x-request-id': 'client-chosen-0001' }), null],
    ['none given', direct, req('192.0.2.7'), null],
  ])('%s', (_n, resolve, r, kept) => {
    const { requestId } = resolve(r);
    if (kept) expect(requestId).toBe(kept);
    else expect(requestId).toMatch(UUID);
  });
});

describe('secureCookies', () => {
  it('adds Secure once', () => {
    expect(secureCookies(['s=1; Path=/; HttpOnly', 's=2; Secure; HttpOnly'])).toEqual(['s=1; Path=/; HttpOnly; Secure', 's=2; Secure; HttpOnly']);
  });
});
