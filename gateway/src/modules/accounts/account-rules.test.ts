import { describe, expect, it } from 'vitest';
import { formatTeacherNumber } from '@tmis/shared';
import { managingUnitId, roleAllowedAtLevel, USERNAME_PATTERN } from './account-rules.js';

describe('roleAllowedAtLevel', () => {
  it.each([
    ['teacher', 'school', true],
    ['teacher', 'department', true],
    ['teacher', 'county', false],
    ['system_admin', 'department', false],
    ['info_admin', 'department', true],
    ['training_institution', 'school', false],
    ['training_institution', 'county', true],
  ] as const)('%s at %s → %s', (role, level, ok) => {
    expect(roleAllowedAtLevel(role, level)).toBe(ok);
  });
});

describe('managingUnitId', () => {
  it.each([
    ['school info admin → the school', { role: 'info_admin', unitLevel: 'school', unitId: 's', parentUnitId: 'c' }, 's'],
    ['school system admin → the county', { role: 'system_admin', unitLevel: 'school', unitId: 's', parentUnitId: 'c' }, 'c'],
    ['department info admin → the university', { role: 'info_admin', unitLevel: 'department', unitId: 'd', parentUnitId: 'u' }, 'u'],
    ['teacher → the school', { role: 'teacher', unitLevel: 'school', unitId: 's', parentUnitId: 'c' }, 's'],
    ['national system admin has no parent → itself', { role: 'system_admin', unitLevel: 'national', unitId: 'n', parentUnitId: null }, 'n'],
  ] as const)('%s', (_n, account, expected) => {
    expect(managingUnitId(account)).toBe(expected);
  });
});

describe('usernames', () => {
  // Every shape the demo seeds (demo/seed.ts, demo/national-seed.ts; demo-for-mode.test.ts checks
  // the seeded accounts themselves) and a teacher number, the default of teacher accounts.
  it.each([
    'prov-sys', 'prov-train', 'dhs-query', 'dhq-s2-sys', 'dhq-s2-info', 'yxx-s2-query', 'univ-edu-info', 'univ-sys',
    'teacher.demo', 'teacher.first', 'train-inst', 'dhs-train', 'nat-sys', 'nat-train', 'zhang.san_01', 'abcd',
    ...[1, 7, 123456].map((sequence) => formatTeacherNumber({ provinceCode: '330000', year: 2026, sequence }).toLowerCase()),
  ])('accepts %s', (u) => {
    expect(USERNAME_PATTERN.test(u)).toBe(true);
  });

  it.each([
    ['too short', 'ab'], ['too long', 'a'.repeat(33)], ['upper case (lower-cased before the check)', 'Zhang'],
    ['a space', 'zhang san'], ['a tab', 'zhang\tsan'], ['a line feed', 'zhang\nsan'], ['a NUL', 'zhang\u0000'],
    ['a single quote', "o'brien"], ['a double quote', 'say"hi'], ['a backtick', 'a`b`c'], ['a semicolon', 'abc;drop'],
    ['a slash', '../etc'], ['a backslash', 'a\\b\\c'], ['an at sign', 'me@school'], ['a percent', 'a%20b'], ['angle brackets', '<script>'],
    ['Chinese characters', '王老师老师'], ['a full-width letter', 'ａｂｃｄ'], ['a leading hyphen', '-rf-all'], ['a leading dot', '.hidden'],
    ['a leading underscore', '_admin'],
  ])('refuses %s', (_name, u) => {
    expect(USERNAME_PATTERN.test(u)).toBe(false);
  });
});
