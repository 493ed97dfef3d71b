import { describe, expect, it } from 'vitest';
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
  it.each([['abcd', true], ['ab', false], ['Zhang', false], ['zhang.san_01', true], ['王老师', false]])('%s', (u, ok) => {
    expect(USERNAME_PATTERN.test(u)).toBe(ok);
  });
});
