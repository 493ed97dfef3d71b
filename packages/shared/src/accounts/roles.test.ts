import { expect, it } from 'vitest';
import { isRole, roleLabel, roles, type Role } from './roles.js';

it.each<[Role, string, string]>([
  ['system_admin', '系统管理员', 'System administrator'],
  ['info_admin', '信息管理员', 'Information administrator'],
  ['query_user', '信息查询员', 'Query user'],
  ['training_admin', '培训管理员', 'Training administrator'],
  ['teacher', '教师', 'Teacher'],
  ['training_institution', '培训承办机构', 'Training institution'],
])('%s is labelled %s / %s', (role, zh, en) => {
  expect(roles).toContain(role);
  expect(roleLabel(role)).toBe(zh);
  expect(roleLabel(role, 'en')).toBe(en);
});

it.each<[string, boolean]>([
  ['teacher', true],
  ['info_admin', true],
  ['admin', false],
  ['', false],
])('isRole(%s) → %s', (value, expected) => {
  expect(isRole(value)).toBe(expected);
});
