import { pickLabel, type Label, type Locale } from '../locale.js';

/** Account roles; every account belongs to one unit and sees only its subtree. */
export type Role = 'system_admin' | 'security_admin' | 'audit_admin' | 'info_admin' | 'query_user' | 'training_admin' | 'teacher' | 'training_institution';

export const roles: readonly Role[] = [
  'system_admin',
  'security_admin',
  'audit_admin',
  'info_admin',
  'query_user',
  'training_admin',
  'teacher',
  'training_institution',
];

export const roleLabels: Record<Role, Label> = {
  system_admin: { name: '系统管理员', nameEn: 'System administrator' },
  security_admin: { name: '安全管理员', nameEn: 'Security administrator' },
  audit_admin: { name: '安全审计员', nameEn: 'Audit administrator' },
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

/**
 * The three administrators of a unit (三员分立, GB/T 22239 level 3): the system administrator
 * runs accounts and units, the security administrator account security (certificates,
 * lockouts, password resets, CRLs), the audit administrator reads the audit log. At most one
 * of each per unit, created by the level above.
 */
export const SEPARATED_ADMIN_ROLES: readonly Role[] = ['system_admin', 'security_admin', 'audit_admin'];

/** Account change requests that are account security, decided by the security administrator once the unit has one. */
export const SECURITY_CHANGE_KINDS = ['unlock', 'password_reset', 'certificate_freeze', 'certificate_revoke', 'certificate_bind'] as const;
