import { SEPARATED_ADMIN_ROLES, type Role, type UnitLevel } from '@tmis/shared';

/** Where each role may exist. Teachers belong to schools; institutions register with an authority. */
const ROLE_LEVELS: Record<Role, readonly UnitLevel[]> = {
  system_admin: ['national', 'province', 'city', 'county', 'school'],
  security_admin: ['national', 'province', 'city', 'county', 'school'],
  audit_admin: ['national', 'province', 'city', 'county', 'school'],
  info_admin: ['national', 'province', 'city', 'county', 'school', 'department'],
  query_user: ['national', 'province', 'city', 'county', 'school', 'department'],
  training_admin: ['national', 'province', 'city', 'county', 'school'],
  teacher: ['school', 'department'],
  training_institution: ['national', 'province', 'city', 'county'],
};

export function roleAllowedAtLevel(role: Role, level: UnitLevel): boolean {
  return ROLE_LEVELS[role].includes(level);
}

/** Roles that must be bound to a real person's ID number, phone (实名制). */
export function needsRealNameBinding(role: Role): boolean {
  return role !== 'teacher';
}

/**
 * The unit whose system admin manages an account: its own unit's, except that the three
 * administrators (系统、安全、审计) and department accounts are managed one level up (the parent
 * authority / the university), which created them.
 */
export function managingUnitId(account: { role: Role; unitLevel: UnitLevel; unitId: string; parentUnitId: string | null }): string {
  if ((SEPARATED_ADMIN_ROLES.includes(account.role) || account.unitLevel === 'department') && account.parentUnitId) return account.parentUnitId;
  return account.unitId;
}

/**
 * Usernames (after lower-casing): 4-32 letters, digits, `.`, `_` or `-`, starting with a letter or
 * digit — the shapes of the demo accounts (`dhq-s2-sys`, `teacher.demo`) and of teacher numbers.
 * Nothing that needs quoting in a URL, a shell, a file name or a certificate subject.
 */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{3,31}$/;
export const MOBILE_PATTERN = /^1[3-9]\d{9}$/;
export const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;
