import { describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { checkQuery, coerceVariables, resultTable } from './saved-query-document.js';

const schema = buildSchema(`
  type Teacher { name: String, school: School, tags: [String] }
  type School { name: String }
  type Page { totalCount: Int, nodes: [Teacher] }
  type Query { teachers(first: Int!): Page, savedQueries: Int, me: String }
  type Mutation { logout: Boolean }
`);

describe('checkQuery', () => {
  it.each([
    ['a plain query', '{ teachers(first: 1) { totalCount } }', null],
    ['a named query with variables', 'query Q($n: Int!) { teachers(first: $n) { nodes { name } } }', null],
    ['empty text', '   ', 'SAVED_QUERY_INVALID'],
    ['a syntax error', '{ teachers(first: 1) {', 'SAVED_QUERY_INVALID'],
    ['an unknown field', '{ salary }', 'SAVED_QUERY_INVALID'],
    ['a missing argument', '{ teachers { totalCount } }', 'SAVED_QUERY_INVALID'],
    ['a mutation', 'mutation { logout }', 'SAVED_QUERY_NOT_A_QUERY'],
    ['two operations', 'query A { me } query B { me }', 'SAVED_QUERY_INVALID'],
    ['a forbidden field', '{ savedQueries }', 'SAVED_QUERY_FIELD_NOT_ALLOWED'],
    ['introspection', '{ __schema { queryType { name } } }', 'SAVED_QUERY_FIELD_NOT_ALLOWED'],
    ['a forbidden field inside a fragment', 'query { ...F } fragment F on Query { savedQueries }', 'SAVED_QUERY_FIELD_NOT_ALLOWED'],
    ['__typename', '{ __typename me }', null],
    ['too long', `{ me ${' '.repeat(10_001)}}`, 'SAVED_QUERY_INVALID'],
  ])('%s', (_n, text, code) => {
    const r = checkQuery(schema, text);
    expect(r.ok ? null : r.code).toBe(code);
  });
});

describe('coerceVariables', () => {
  const doc = checkQuery(schema, 'query($n: Int!) { teachers(first: $n) { totalCount } }');
  if (!doc.ok) throw new Error('setup');
  it.each([
    [{ n: 3 }, true],
    [{ n: '3' }, false],
    [{}, false],
  ])('%j → %s', (vars, ok) => {
    expect(coerceVariables(schema, doc.document, vars).ok).toBe(ok);
  });
});

describe('resultTable', () => {
  it.each([
    ['the first list of objects gives the rows', { teachers: { totalCount: 2, nodes: [{ name: '甲', school: { name: '一小' }, tags: ['a', 'b'] }, { name: '乙', school: null }] } },
      { rowsPath: 'teachers.nodes', headers: ['name', 'school.name', 'tags', 'school'], rows: [['甲', '一小', 'a、b', null], ['乙', null, null, null]] }],
    ['no list: one row of the whole result', { teachers: { totalCount: 5 }, me: 'x' }, { rowsPath: '', headers: ['teachers.totalCount', 'me'], rows: [['5', 'x']] }],
    ['an empty list is not a list of rows', { teachers: { nodes: [] }, me: 'x' }, { rowsPath: '', headers: ['teachers.nodes', 'me'], rows: [['', 'x']] }],
    ['null data', null, { rowsPath: '', headers: [], rows: [[]] }],
  ])('%s', (_n, data, expected) => {
    expect(resultTable(data as Record<string, unknown> | null)).toEqual(expected);
  });
});
