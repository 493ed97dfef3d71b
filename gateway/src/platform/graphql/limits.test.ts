import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';

/** Depth, alias and cost limits, and no introspection in production. */
let dev: TestApp;
let prod: TestApp;

beforeAll(async () => {
  dev = await createTestApp();
  prod = await createTestApp({ TMIS_ENV: 'production', TMIS_SECRET_KEY: randomBytes(32).toString('hex') });
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

  it('allows introspection in development, refuses it in production', async () => {
    const q = `{ __schema { queryType { name } } }`;
    expect((await dev.gql(q)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const r = await prod.gql(q);
    expect(r.data ?? null).toBeNull();
    expect(r.errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('never leaks internals: a malformed query gets a plain validation error', async () => {
    const r = await prod.gql(`{ teachers(first: "x") { totalCount } }`);
    expect(JSON.stringify(r)).not.toMatch(/stack|node_modules|select /i);
  });
});
