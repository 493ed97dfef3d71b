import { pickLabel, type Label, type Locale } from '../locale.js';

/** Account roles; every account belongs to one unit and sees only its subtree. */
export type Role = 'system_admin' | 'info_admin' | 'query_user' | 'training_admin' | 'teacher' | 'training_institution';

export const roles: readonly Role[] = [
  'system_admin',
  'info_admin',
  'query_user',
  'training_admin',
  'teacher',
  'training_institution',
];

export const roleLabels: Record<Role, Label> = {
  system_admin: { name: '系统管理员', nameEn: 'System administrator' },
  info_admin: { name: '信息管理员', nameEn: 'Information administrator' },
  query_user: { name: '信息查询员', nameEn: 'Query user' },
  training_admin: { name: '培训管理员', nameEn: 'Training administrator' },
  teacher: { name: '教师', nameEn: 'Teacher' },
  training_institution: { name: '培训承办机构', nameEn: 'Training institution' },
};

export function roleLabel(role: Role, locale?: Locale): string {
  return pickLabel(roleLabels[role], locale);
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
