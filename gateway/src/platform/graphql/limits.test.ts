import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/** Depth, alias and cost limits, and introspection in production for signed-in users only. */
let dev: TestApp;
let prod: TestApp;

beforeAll(async () => {
  dev = await createTestApp();
  prod = await createTestApp({ TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex') });
  await buildWorld(prod.app, { accounts: [['l_query', 'countyA', 'query_user']] });
});
afterAll(async () => {
  await dev?.close();
  await prod?.close();
});

const deep = `{ teachers { nodes { unit { ${'supervisingAuthority { '.repeat(12)}id${' }'.repeat(12)} } } } }`;
const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: codeLists { id }`).join(' ')} }`;

describe('query limits', () => {
  it.each([
    ['too deep', deep],
    ['too many aliases', aliases],
  ])('refuses a query %s before running it', async (_n, query) => {
    const r = await dev.gql(query);
    expect(r.data ?? null).toBeNull();
    expect(errorCode(r)).toBe('QUERY_TOO_COMPLEX');
  });

  it('allows introspection in development; in production only to signed-in users (GraphiQL)', async () => {
    const q = `{ __schema { queryType { name } } }`;
    expect((await dev.gql(q)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const anonymous = await prod.gql(q);
    expect(anonymous.data ?? null).toBeNull();
    expect(errorCode(anonymous)).toBe('UNAUTHENTICATED');
    // Hidden in a fragment or as __type, it is still found.
    expect(errorCode(await prod.gql(`query { ...F } fragment F on Query { __type(name: "Teacher") { name } }`))).toBe('UNAUTHENTICATED');
    const token = await loginAs(prod, 'l_query');
    expect((await prod.gql(q, {}, token)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    // __typename is not introspection of the schema.
    expect((await prod.gql(`{ __typename }`)).data).toEqual({ __typename: 'Query' });
  });

  it('never leaks internals: a malformed query gets a plain validation error', async () => {
    const r = await prod.gql(`{ teachers(first: "x") { totalCount } }`);
    expect(JSON.stringify(r)).not.toMatch(/stack|node_modules|select /i);
  });
});
