import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import { buildSchema } from 'type-graphql';
import { checkJson, checkString, INPUT_RULES, JSON_LIMITS, type InputKind } from './input-limits.js';
import { findInputViolation } from './input-check.js';
import { SampleResolver } from './input-limits.fixture.js';

describe('checkString', () => {
  it.each<[string, InputKind, string, string | null]>([
    ['a Chinese name', 'line', '张三丰', null],
    ['an emoji (a surrogate pair)', 'line', '王😀', null],
    ['NUL', 'line', 'a\u0000b', 'characters'],
    ['a new line in a single line', 'line', 'a\nb', 'characters'],
    ['a tab in a single line', 'line', 'a\tb', 'characters'],
    ['DEL', 'line', 'a\u007f', 'characters'],
    ['a C1 control', 'line', 'a\u0085', 'characters'],
    ['a lone surrogate', 'line', 'a\ud800b', 'characters'],
    ['one over the limit', 'line', 'x'.repeat(INPUT_RULES.line.max + 1), 'too_long'],
    ['exactly the limit', 'line', 'x'.repeat(INPUT_RULES.line.max), null],
    ['new lines and tabs in free text', 'text', '第一行\r\n\t第二行', null],
    ['NUL in free text', 'text', '理由\u0000', 'characters'],
    ['a vertical tab in free text', 'text', 'a\u000bb', 'characters'],
    ['a UUID', 'id', '01900000-0000-7000-8000-000000000000', null],
    ['a UUID in capitals', 'id', '0190ABCD-0000-7000-8000-00000000000F', null],
    ['a word as an id', 'id', 'abc', 'format'],
    ['a number as an id', 'id', '5', 'format'],
    ['a UUID without dashes', 'id', '01900000000070008000000000000000', 'format'],
    ['a UUID in braces', 'id', '{01900000-0000-7000-8000-000000000000}', 'too_long'],
    ['a UUID with a new line', 'id', '01900000-0000-7000-8000-000000000000\n', 'too_long'],
    ['a UUID with a letter past f', 'id', '0190000g-0000-7000-8000-000000000000', 'format'],
    ['a space in an id', 'id', '0190 0000', 'format'],
    ['Chinese in an id', 'id', '学校', 'format'],
    ['a page cursor', 'token', 'eyJrIjoi5byg5LiJIiwiaWQiOiJ4In0', null],
    ['a password with a space and Chinese', 'secret', 'Pass word1!密', null],
    ['a PEM certificate', 'pem', '-----BEGIN CERTIFICATE-----\r\nMIIB+w==\n-----END CERTIFICATE-----\n', null],
    ['Chinese in a PEM', 'pem', '-----BEGIN 证书-----', 'characters'],
    ['base64 and base64url', 'base64', 'UEsDBBQ+/=_-', null],
    ['a data URL prefix', 'base64', 'data:application/zip;base64,UEsD', 'characters'],
  ])('%s (%s)', (_n, kind, value, reason) => {
    expect(checkString(value, INPUT_RULES[kind], 'f')?.reason ?? null).toBe(reason);
  });
});

describe('checkJson', () => {
  it.each<[string, unknown, string | null, string?]>([
    ['a flat record', { name: '张三', note: '两行\n文字', n: 3, ok: true, none: null }, null],
    ['a PEM inside a payload', { certificatePem: `-----BEGIN CERTIFICATE-----\n${'A'.repeat(2000)}\n-----END CERTIFICATE-----\n` }, null],
    ['NUL in a nested string', { a: [{ b: 'x\u0000' }] }, 'characters', 'data.a.0.b'],
    ['NUL in a key', { 'k\u0000': 1 }, 'characters'],
    ['a string over the limit', { a: 'x'.repeat(JSON_LIMITS.stringMax + 1) }, 'too_long', 'data.a'],
    ['too deep', JSON.parse('['.repeat(JSON_LIMITS.depth + 1) + ']'.repeat(JSON_LIMITS.depth + 1)), 'too_deep'],
    ['too many values', Array.from({ length: JSON_LIMITS.nodes }, () => 1), 'too_many_items'],
  ])('%s', (_n, value, reason, field) => {
    const v = checkJson(value, 'data');
    expect(v?.reason ?? null).toBe(reason);
    if (field) expect(v?.field).toBe(field);
  });
});

describe('findInputViolation: the kind comes from the declaration, the type or the name', async () => {
  const schema = await buildSchema({ resolvers: [SampleResolver], validate: false });
  const check = (query: string, variables: Record<string, unknown> = {}) => findInputViolation(schema, parse(query), null, variables);
  const long = (n: number) => 'x'.repeat(n);

  it.each<[string, string, Record<string, unknown>, object | null]>([
    ['a declared document may be long', 'query($q: String) { sample(input: { query: $q }) }', { q: long(5_000) }, null],
    ['a declared document has its own limit', 'query($q: String) { sample(input: { query: $q }) }', { q: long(INPUT_RULES.document.max + 1) }, { field: 'input.query', reason: 'too_long' }],
    ['a declared argument (base64)', 'query($p: String) { sample(payload: $p) }', { p: long(10_000) }, null],
    ['a reason by its name', 'query($r: String) { sample(input: { reason: $r }) }', { r: 'a\nb' }, null],
    ['any other string is one line', 'query($n: String) { sample(input: { name: $n }) }', { n: 'a\nb' }, { field: 'input.name', reason: 'characters' }],
    ['an ID', '{ sample(id: "学校") }', {}, { field: 'id', reason: 'format', format: 'uuid' }],
    ['an ID given as a number', '{ sample(id: 5) }', {}, { field: 'id', reason: 'format' }],
    ['a UUID as an ID', '{ sample(id: "01900000-0000-7000-8000-000000000000") }', {}, null],
    ['an ID field of an input', 'query($u: ID) { sample(input: { unitId: $u }) }', { u: 'schoolA' }, { field: 'input.unitId', reason: 'format' }],
    ['an item of an ID list', 'query($i: [ID]) { sample(ids: $i) }', { i: ['01900000-0000-7000-8000-000000000000', 'x'] }, { field: 'ids[1]', reason: 'format' }],
    ['a list item', 'query($t: [String]) { sample(tags: $t) }', { t: ['ok', long(201)] }, { field: 'tags[1]', reason: 'too_long' }],
    ['inside a fragment', 'query($n: String) { ...F } fragment F on Query { sample(input: { name: $n }) }', { n: long(201) }, { field: 'input.name' }],
    ['variables that do not coerce are left to execution', 'query($t: [String]) { sample(tags: $t) }', { t: [{}] }, null],
  ])('%s', (_n, query, variables, expected) => {
    const v = check(query, variables);
    if (expected === null) expect(v).toBeNull();
    else expect(v).toMatchObject(expected);
  });
});
