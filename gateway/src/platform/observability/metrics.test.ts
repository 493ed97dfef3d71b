import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { errorLabel, MAX_OPERATION_NAMES, operationLabel, routeClass } from './metrics.js';
import { mayScrape } from './ops-routes.js';
import { promSample } from './prom-text.js';

describe('label values stay bounded', () => {
  it.each([
    ['/graphql', 200, 'graphql'], ['/readyz', 503, 'ops'], ['/metrics', 403, 'ops'], ['/api/imports/teachers', 200, 'imports'],
    ['/api/imports/jobs/x/errors.xlsx', 200, 'imports'], ['/api/exports/1/file', 404, 'exports'], ['/api/unknown', 404, 'api-other'],
    ['/sync/push', 200, 'sync'], ['/remotes/records/remoteEntry.js', 200, 'remotes'], ['/graphiql', 200, 'graphiql'],
    ['/assets/index-abc.js', 200, 'portal'], ['/no/such/thing', 404, 'unmatched'], ['/reports/workforce.pdf', 200, 'reports'],
  ])('route class of %s (%i) is %s', (path, status, expected) => {
    expect(routeClass(path, status)).toBe(expected);
  });

  it.each([
    [undefined, 'anonymous'], [null, 'anonymous'], ['', 'anonymous'], ['TeacherList', 'TeacherList'], ['teacher_list_2', 'teacher_list_2'],
    ['bad name', 'invalid'], ['名单', 'invalid'], ['a'.repeat(65), 'invalid'], ['x{y="1"}', 'invalid'],
  ])('operation name %j is labelled %s', (name, expected) => {
    expect(operationLabel(name, new Set())).toBe(expected);
  });

  it(`counts at most ${MAX_OPERATION_NAMES} distinct operation names, the rest as "other"`, () => {
    const seen = new Set<string>();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(operationLabel(`Op${i}`, seen)).toBe(`Op${i}`);
    expect(operationLabel('OneTooMany', seen)).toBe('other');
    expect(operationLabel('Op7', seen)).toBe('Op7');
  });

  it.each([
    ['NOT_FOUND_OR_NO_ACCESS', 'NOT_FOUND_OR_NO_ACCESS'], ['UNAUTHENTICATED', 'UNAUTHENTICATED'], ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_VALIDATION_FAILED'],
    ['BAD_USER_INPUT', 'BAD_USER_INPUT'], ['PAYLOAD_TOO_LARGE', 'PAYLOAD_TOO_LARGE'], ['SOMETHING_ELSE', 'OTHER'], [undefined, 'OTHER'], [42, 'OTHER'],
  ])('error code %j is labelled %s', (code, expected) => {
    expect(errorLabel(code)).toBe(expected);
  });
});

const req = (remoteAddress: string, headers: Record<string, string> = {}): IncomingMessage =>
  ({ socket: { remoteAddress }, headers } as unknown as IncomingMessage);
const TOKEN = 'a-long-operator-token-0123456789';

describe('who may scrape /metrics', () => {
  it.each([
    ['loopback, no token configured', req('127.0.0.1'), undefined, true],
    ['IPv6 loopback', req('::1'), undefined, true],
    ['IPv4-mapped loopback', req('::ffff:127.0.0.1'), undefined, true],
    ['another machine', req('10.1.2.3'), undefined, false],
    ['through the proxy (X-Forwarded-For)', req('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }), undefined, false],
    ['through the proxy (Forwarded)', req('127.0.0.1', { forwarded: 'for=203.0.113.9' }), undefined, false],
    ['through the proxy (X-Real-IP)', req('127.0.0.1', { 'x-real-ip': '203.0.113.9' }), undefined, false],
    ['token configured, right token from afar', req('10.1.2.3', { authorization: `Bearer ${TOKEN}` }), TOKEN, true],
    ['token configured, wrong token', req('127.0.0.1', { authorization: `Bearer ${TOKEN}x` }), TOKEN, false],
    ['token configured, none given, even on loopback', req('127.0.0.1'), TOKEN, false],
  ])('%s', (_what, r, token, allowed) => {
    expect(mayScrape(r, token)).toBe(allowed);
  });
});

describe('reading the text format', () => {
  const text = [
    '# HELP x_total help', '# TYPE x_total counter',
    'x_total{code="A",source="graphql"} 3', 'x_total{code="B",source="http"} 1', 'y 2.5',
  ].join('\n');
  it.each([
    ['x_total', { code: 'A' }, 3], ['x_total', { code: 'B', source: 'http' }, 1], ['x_total', { code: 'C' }, undefined], ['y', {}, 2.5], ['z', {}, undefined],
  ])('%s %j = %s', (name, labels, value) => {
    expect(promSample(text, name, labels)).toBe(value);
  });
});
