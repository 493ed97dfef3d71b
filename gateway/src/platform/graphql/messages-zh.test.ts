import { describe, expect, it } from 'vitest';
import { zhGraphQLMessage } from './messages-zh.js';

// Each row: a message as graphql-js 16 writes it, and what people read.
const CASES: [string, string | null][] = [
  ['Cannot query field "nmae" on type "Teacher".', '类型“Teacher”上没有字段“nmae”。'],
  ['Field "teacher" argument "id" of type "ID!" is required, but it was not provided.', '字段“teacher”缺少必填参数“id”（类型 ID!）。'],
  ['Unknown argument "limit" on field "Query.teachers".', '字段“Query.teachers”没有参数“limit”。'],
  ['Field "teacher" of type "Teacher!" must have a selection of subfields. Did you mean "teacher { ... }"?', '字段“teacher”（类型 Teacher!）须选择子字段，例如 teacher { … }。'],
  ['Field "name" must not have a selection since type "String!" has no subfields.', '字段“name”的类型 String! 没有子字段，不能再选择子字段。'],
  ['Variable "$id" of required type "ID!" was not provided.', '缺少必填变量“$id”（类型 ID!）。'],
  ['Variable "$x" is never used in operation "Q".', '变量“$x”已声明但未使用。'],
  ['Variable "$x" is not defined.', '变量“$x”未声明。'],
  ['Variable "$n" got invalid value "ten"; Int cannot represent non-integer value: "ten"', '变量“$n”的值 "ten" 无效：Int 只能是整数，实际为："ten"'],
  ['Variable "$i" got invalid value {}; Field "name" of required type "String!" was not provided.', '变量“$i”的值 {} 无效：缺少必填字段“name”（类型 String!）。'],
  ['Expected value of type "Int!", found "a".', '应为类型 Int! 的值，实际为 "a"。'],
  ['Value "NAMES" does not exist in "TeacherOrder" enum.', '枚举 TeacherOrder 中没有值“NAMES”。'],
  ['Syntax Error: Expected Name, found <EOF>.', '语法错误：Expected Name, found <EOF>.'],
  ['Unknown type "Teachr".', '未知类型“Teachr”。'],
  ['Cannot query field "nmae" on type "Teacher". Did you mean "name"?', '类型“Teacher”上没有字段“nmae”。是否指 "name"？'],
  ['Value "NAMES" does not exist in "TeacherOrder" enum. Did you mean the enum value "NAME" or "TEACHER_NO"?', '枚举 TeacherOrder 中没有值“NAMES”。是否指 "NAME" 或 "TEACHER_NO"？'],
  ['Something graphql-js says that no rule knows.', null],
];

describe('GraphQL messages in Chinese', () => {
  it.each(CASES)('%s', (en, zh) => {
    expect(zhGraphQLMessage(en)).toBe(zh);
  });
});
