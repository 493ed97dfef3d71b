import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, type GqlResult, type TestApp } from '../../testing/test-app.js';
import { buildWorld } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { DOCUMENT_MAX_CHARS, INPUT_RULES, LIST_MAX } from './input-limits.js';

/**
 * Issue 14, point 2 (unbounded inputs), replayed through HTTP against PostgreSQL: a 1 MiB name
 * filter cost seconds of database time, a NUL character answered INTERNAL, anonymous
 * introspection and the token limit answered 500, production named enum values in hints.
 */
let dev: TestApp;
let prod: TestApp;
let devToken: string;
let prodToken: string;
const sqlSeen: string[] = [];

beforeAll(async () => {
  dev = await createTestApp({}, { onQuery: (q) => sqlSeen.push(q) });
  prod = await createTestApp({ TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex') });
  await buildWorld(dev.app, { accounts: [['l_query', 'countyA', 'query_user']] });
  await buildWorld(prod.app, { accounts: [['l_query', 'countyA', 'query_user']] });
  devToken = await loginAs(dev, 'l_query');
  prodToken = await loginAs(prod, 'l_query');
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
});

const TEACHERS = `query($f: TeacherFilter) { teachers(filter: $f) { totalCount } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { status } }`;
const RETURN_CASE = `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { id } }`;
const SAVE_QUERY = `mutation($i: SaveQueryInput!) { saveQuery(input: $i) { id } }`;

const details = (r: GqlResult): Record<string, unknown> | undefined => r.errors?.[0]?.extensions?.details;

function expectRefused(r: GqlResult, field: string, reason: string): void {
  expect(r.status).toBe(400);
  expect(r.data ?? null).toBeNull();
  expect(errorCode(r)).toBe('VALIDATION_FAILED');
  expect(details(r)).toMatchObject({ field, reason });
  expect(r.errors![0]!.message).toMatch(/^输入数据校验未通过：/);
}

describe('string arguments have a length limit', () => {
  it('refuses a 1 MiB name filter before any teacher is read', async () => {
    const huge = '张'.repeat(1024 * 1024);
    // Warm up the session and the pool; the probe sees a filter value in the logged SQL.
    sqlSeen.length = 0;
    await dev.gql(TEACHERS, { f: { name: '张张张张' } }, devToken);
    expect(sqlSeen.some((q) => q.includes('张张张张'))).toBe(true);
    await dev.gql(TEACHERS, { f: { name: huge } }, devToken);
    sqlSeen.length = 0;
    const r = await dev.gql(TEACHERS, { f: { name: huge } }, devToken);
    expectRefused(r, 'filter.name', 'too_long');
    expect(details(r)).toMatchObject({ max: INPUT_RULES.line.max });
    // Refused before execution: no statement carried the value (time is for benchmarks, not tests).
    expect(sqlSeen.some((q) => q.includes('张张张张'))).toBe(false);
    // The same value written into the document instead of a variable.
    const literal = await dev.gql(`{ teachers(filter: { name: "${'x'.repeat(INPUT_RULES.line.max + 1)}" }) { totalCount } }`, {}, devToken);
    expectRefused(literal, 'filter.name', 'too_long');
  });

  it('keeps a name at the limit working', async () => {
    const r = await dev.gql(TEACHERS, { f: { name: 'x'.repeat(INPUT_RULES.line.max) } }, devToken);
    expect(dataOf(r).teachers.totalCount).toBe(0);
  });

  it('refuses a list with more than the allowed items', async () => {
    const r = await dev.gql(TEACHERS, { f: { employmentStatus: Array.from({ length: LIST_MAX + 1 }, () => 'active') } }, devToken);
    expectRefused(r, 'filter.employmentStatus', 'too_many_items');
  });

  it('refuses a GraphQL document above the document limit with 413', async () => {
    const r = await dev.gql(`{ __typename ${' '.repeat(DOCUMENT_MAX_CHARS)}}`);
    expect(r.status).toBe(413);
    expect(errorCode(r)).toBe('VALIDATION_FAILED');
    expect(details(r)).toMatchObject({ field: 'query', max: DOCUMENT_MAX_CHARS });
  });
});

describe('control characters are refused with VALIDATION_FAILED, not INTERNAL', () => {
  it('in a filter, as a variable and as a literal escape', async () => {
    expectRefused(await dev.gql(TEACHERS, { f: { name: '张\u0000三' } }, devToken), 'filter.name', 'characters');
    expectRefused(await dev.gql(`{ teachers(filter: { idNumber: "33\\u0000" }) { totalCount } }`, {}, devToken), 'filter.idNumber', 'characters');
    expectRefused(await dev.gql(TEACHERS, { f: { name: '张\n三' } }, devToken), 'filter.name', 'characters');
  });

  it('in mutation arguments, anonymous or signed in', async () => {
    expectRefused(await dev.gql(LOGIN, { u: 'l_query\u0000', p: 'x' }), 'username', 'characters');
    expectRefused(await dev.gql(RETURN_CASE, { id: '00000000-0000-7000-8000-000000000000', r: 'bad\u0000' }, devToken), 'reason', 'characters');
    // A reason is free text: new lines are fine (the case itself does not exist here).
    const multiLine = await dev.gql(RETURN_CASE, { id: '00000000-0000-7000-8000-000000000000', r: '材料不全\n请补充' }, devToken);
    expect(errorCode(multiLine)).not.toBe('VALIDATION_FAILED');
    expect(multiLine.status).toBe(200);
  });

  it('inside JSON arguments and inside the variables of a saved query', async () => {
    const jsonNul = await dev.gql(`mutation($d: JSON!) { resolveProblemRecord(id: "00000000-0000-7000-8000-000000000000", data: $d) { id } }`, { d: { name: 'a\u0000' } }, devToken);
    expectRefused(jsonNul, 'data.name', 'characters');
    const saved = await dev.gql(SAVE_QUERY, { i: { name: '超长姓名', query: `query($n: String) { teachers(filter: { name: $n }) { totalCount } }`, variables: { n: 'x'.repeat(1000) } } }, devToken);
    expect(errorCode(saved)).toBe('VALIDATION_FAILED');
    expect(details(saved)).toMatchObject({ field: 'filter.name', reason: 'too_long' });
  });
});

describe('limit hits answer 4xx', () => {
  it('anonymous introspection in production: 401 UNAUTHENTICATED', async () => {
    const r = await prod.gql(`{ __schema { queryType { name } } }`);
    expect(r.status).toBe(401);
    expect(errorCode(r)).toBe('UNAUTHENTICATED');
  });

  it('the token limit: 400 QUERY_TOO_COMPLEX, in production too', async () => {
    const many = `{ ${Array.from({ length: 5_100 }, () => '__typename').join(' ')} }`;
    for (const t of [dev, prod]) {
      const r = await t.gql(many);
      expect(r.status).toBe(400);
      expect(errorCode(r)).toBe('QUERY_TOO_COMPLEX');
    }
  });

  it('depth and aliases stay 400', async () => {
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: codeLists { id }`).join(' ')} }`;
    expect((await dev.gql(aliases)).status).toBe(400);
  });
});

describe('production hides "did you mean" hints', () => {
  const enumLiteral = `{ teachers(orderBy: NAMEE) { totalCount } }`;
  const enumVariable = `query($o: TeacherOrder!) { teachers(orderBy: $o) { totalCount } }`;
  const fieldTypo = `{ teachers { totalCont } }`;

  it('development keeps them for developers', async () => {
    const [e] = (await dev.gql(enumLiteral, {}, devToken)).errors!;
    // In Chinese for people (issue 16.7), the English beside it.
    expect(e!.message).toMatch(/是否指 "NAME"？/);
    expect(e!.extensions!.messageEn).toMatch(/Did you mean the enum value "NAME"\?/);
  });

  it.each([
    ['an enum literal', enumLiteral, {}],
    ['an enum variable', enumVariable, { o: 'NAMEE' }],
    ['a field name', fieldTypo, {}],
  ])('in production for %s', async (_n, query, variables) => {
    for (const token of [undefined, prodToken]) {
      const r = await prod.gql(query, variables, token);
      expect(r.status).toBe(400);
      expect(r.errors!.length).toBeGreaterThan(0);
      for (const e of r.errors!) {
        expect(e.message).not.toMatch(/did you mean/i);
        expect(e.message).not.toMatch(/"NAME"|"totalCount"/);
      }
    }
  });
});
