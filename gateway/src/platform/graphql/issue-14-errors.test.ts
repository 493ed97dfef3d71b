import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, PASSWORD, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { logTo } from '../logging.js';
import { brokenModule, MISSING_TABLE, PROBE_LINE } from './issue-14-errors.fixture.js';

/**
 * Issue 14, point 8 (errors), through HTTP against PostgreSQL: an INTERNAL is logged under a
 * request id the client gets too, its SQL and stack stay in the log unless TMIS_DEBUG_ERRORS is
 * on, ids that are not UUIDs answer VALIDATION_FAILED with 400 (they reached PostgreSQL and
 * answered INTERNAL), and the session cookie is Secure over TLS and in production.
 */

interface LogLine { level: number; msg: string; requestId?: string; err?: { message?: string; stack?: string } }
const lines: LogLine[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l) as LogLine);
    done();
  },
});

let dev: TestApp;
let debug: TestApp;
let prod: TestApp;
let world: World;
let token: string;

beforeAll(async () => {
  logTo(sink, 'info');
  // The tests connect from 127.0.0.1: here that is the trusted reverse proxy.
  dev = await createTestApp({ TMIS_TRUSTED_PROXIES: 'loopback' }, { modules: [brokenModule] });
  debug = await createTestApp({ TMIS_DEBUG_ERRORS: '1' }, { modules: [brokenModule] });
  prod = await createTestApp({ TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex') });
  world = await buildWorld(dev.app, { accounts: [['l_query', 'countyA', 'query_user']] });
  await buildWorld(prod.app, { accounts: [['l_query', 'countyA', 'query_user']] });
  token = await loginAs(dev, 'l_query');
});
afterAll(async () => {
  await dev?.close();
  await debug?.close();
  await prod?.close();
});

/** A POST to /graphql with the given headers; the raw text too, to look for leaks. */
async function post(t: TestApp, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: Record<string, any> | null; errors?: { message: string; extensions?: Record<string, any> }[] };
  return { status: res.status, headers: res.headers, text, body, error: body.errors?.[0] };
}

const BROKEN = '{ issue14Broken }';

describe('an internal error is logged under the request id the client gets', () => {
  it('answers INTERNAL with the request id of the response header and of the log lines, without SQL or stack', async () => {
    const r = await post(dev, BROKEN);
    expect(r.error?.extensions?.code).toBe('INTERNAL');
    expect(r.error?.message).toBe('系统内部错误，请稍后重试');
    const requestId = r.error?.extensions?.requestId as string;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('x-request-id')).toBe(requestId);
    // Nothing of the failure reaches the client.
    expect(r.text).not.toContain(MISSING_TABLE);
    expect(r.text).not.toMatch(/select|relation|stack|\.ts:\d+|debug/i);
    // The log has the details, and every line of the request names it.
    const mine = lines.filter((l) => l.requestId === requestId);
    const failure = mine.find((l) => l.msg === 'internal error');
    expect(failure?.level).toBe(50);
    expect(failure?.err?.message).toContain(MISSING_TABLE);
    expect(failure?.err?.stack).toBeTruthy();
    expect(mine.some((l) => l.msg === PROBE_LINE)).toBe(true);
    expect(lines.filter((l) => l.msg === PROBE_LINE).every((l) => typeof l.requestId === 'string')).toBe(true);
  });

  it('gives two requests two ids', async () => {
    const [a, b] = await Promise.all([post(dev, BROKEN), post(dev, BROKEN)]);
    expect(a.error?.extensions?.requestId).not.toBe(b.error?.extensions?.requestId);
  });

  it('takes a sane request id from the trusted proxy and replaces anything else', async () => {
    const proxied = await post(dev, BROKEN, {}, { 'x-request-id': 'nginx-7f3a9c01d2e4' });
    expect(proxied.headers.get('x-request-id')).toBe('nginx-7f3a9c01d2e4');
    expect(proxied.error?.extensions?.requestId).toBe('nginx-7f3a9c01d2e4');
    expect(lines.some((l) => l.requestId === 'nginx-7f3a9c01d2e4' && l.msg === 'internal error')).toBe(true);
    for (const bad of ['short', 'has spaces in it', 'x'.repeat(129), 'quote"or<tag>']) {
      const r = await post(dev, BROKEN, {}, { 'x-request-id': bad });
      expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(r.error?.extensions?.requestId).toBe(r.headers.get('x-request-id'));
    }
  });

  it('ignores the request id of a client that is not a trusted proxy', async () => {
    const r = await post(debug, BROKEN, {}, { 'x-request-id': 'client-chosen-id-123' });
    expect(r.headers.get('x-request-id')).not.toBe('client-chosen-id-123');
    expect(r.error?.extensions?.requestId).toBe(r.headers.get('x-request-id'));
  });

  it('names the request on answers without errors too', async () => {
    const r = await post(dev, '{ __typename }');
    expect(r.status).toBe(200);
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps the SQL out of the run result of a saved query', async () => {
    const saved = await post(dev, 'mutation($i: SaveQueryInput!) { saveQuery(input: $i) { id } }', { i: { name: '探针', query: BROKEN } }, { authorization: `Bearer ${token}` });
    expect(saved.body.errors).toBeUndefined();
    const r = await post(dev, 'query($id: ID!) { runSavedQuery(id: $id) { errors { code message path } } }', { id: saved.body.data!.saveQuery.id }, { authorization: `Bearer ${token}` });
    const runError = r.body.data!.runSavedQuery.errors[0];
    expect(runError).toMatchObject({ code: 'INTERNAL', path: ['issue14Broken'] });
    expect(runError.message).toContain(`请求编号 ${r.headers.get('x-request-id')}`);
    expect(r.text).not.toContain(MISSING_TABLE);
    expect(lines.some((l) => l.requestId === r.headers.get('x-request-id') && l.err?.message?.includes(MISSING_TABLE))).toBe(true);
  });

  it('shows the details only with TMIS_DEBUG_ERRORS=1, not merely outside production', async () => {
    const r = await post(debug, BROKEN);
    expect(r.error?.extensions?.code).toBe('INTERNAL');
    expect(r.error?.extensions?.requestId).toBe(r.headers.get('x-request-id'));
    expect(r.error?.extensions?.debug?.message).toContain(MISSING_TABLE);
    expect(r.error?.extensions?.debug?.stack).toContain('Error');
    // dev is a development app too, without the switch: no details (first test).
    expect(dev.app.config.env).toBe(debug.app.config.env);
  });
});

describe('ids that are not UUIDs answer VALIDATION_FAILED, not INTERNAL', () => {
  const APPROVE = 'mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { id } }';
  it.each<[string, string, Record<string, unknown>, string]>([
    ['teacher(id: "abc")', '{ teacher(id: "abc") { id } }', {}, 'id'],
    ['an id as a variable', 'query($id: ID!) { teacher(id: $id) { id } }', { id: 'abc' }, 'id'],
    ['an id given as a number', '{ teacher(id: 42) { id } }', {}, 'id'],
    ['an item of an id list', APPROVE, { ids: ['x'] }, 'ids[0]'],
    ['the second item of an id list', APPROVE, { ids: ['01900000-0000-7000-8000-000000000000', "1' or '1'='1"] }, 'ids[1]'],
    ['an id field of a filter input', 'query($f: TeacherFilter) { teachers(filter: $f) { totalCount } }', { f: { unitId: 'countyA' } }, 'filter.unitId'],
    ['an id field of a mutation input', 'mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id } }', { i: { unitId: '330102', name: '张三', gender: '1', birthDate: '1990-01-01', idType: '1', idNumber: 'x', startDate: '2020-09-01' } }, 'input.unitId'],
  ])('%s', async (_n, query, variables, field) => {
    const r = await post(dev, query, variables, { authorization: `Bearer ${token}` });
    expect(r.status).toBe(400);
    expect(r.error?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(r.error?.extensions?.details).toMatchObject({ field, reason: 'format', format: 'uuid' });
    expect(r.error?.message).toBe(`输入数据校验未通过：${field} 不是有效的ID（应为UUID格式）`);
    expect(r.body.data ?? null).toBeNull();
  });

  it('keeps well-formed ids working: an unknown one is not found, a real one is read', async () => {
    const unknown = await dev.gql('{ teacher(id: "01900000-0000-7000-8000-000000000000") { id } }', {}, token);
    expect(errorCode(unknown)).toBe('NOT_FOUND_OR_NO_ACCESS');
    const unit = await dev.gql('query($id: ID!) { unit(id: $id) { id } }', { id: world.units.countyA.id.toUpperCase() }, token);
    expect(unit.errors).toBeUndefined();
  });
});

describe('the session cookie is Secure over TLS and in production', () => {
  const LOGIN = 'mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status } }';
  const cookieOf = async (t: TestApp, headers: Record<string, string> = {}): Promise<string> => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query: LOGIN, variables: { u: 'l_query', p: PASSWORD } }),
    });
    const cookies = res.headers.getSetCookie();
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/HttpOnly/);
    return cookies[0]!;
  };

  it('behind the trusted proxy with x-forwarded-proto: https', async () => {
    expect(await cookieOf(dev, { 'x-forwarded-proto': 'https' })).toMatch(/; Secure(;|$)/);
  });

  it('not over plain HTTP in development', async () => {
    expect(await cookieOf(dev)).not.toMatch(/Secure/i);
    expect(await cookieOf(dev, { 'x-forwarded-proto': 'http' })).not.toMatch(/Secure/i);
  });

  it('always in production', async () => {
    expect(await cookieOf(prod)).toMatch(/; Secure(;|$)/);
  });
});
