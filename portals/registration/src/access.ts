import { subject, type AnyAbility } from '@casl/ability';

// The same CASL rules as the gateway (myAbilities, unpacked by the shell): the UI offers an
// action only where the server would allow it (packages/shared/src/access/rules/registration.ts;
// gateway registration.service.ts and registration.workflow.ts).

export interface UserFacts {
  accountId: string;
  role: string;
  unitId: string;
  unitPath: string;
  unitLevel: string;
  teacherId?: string | null;
}

const SCHOOL_LEVELS = ['school', 'department'];

/** Registrations of the whole unit (the due list): information admins, query and training admins — not teachers. */
export function readsUnitRegistrations(ability: AnyAbility, user: UserFacts): boolean {
  return ability.can('read', subject('QualificationRegistration', { scopePath: user.unitPath, teacherId: null }));
}

export function canReadRegistrations(ability: AnyAbility, teacherId: string, scopePath: string): boolean {
  return ability.can('read', subject('QualificationRegistration', { teacherId, scopePath }));
}

/** 申请定期注册: the teacher for themself, or the school's information admin for its teachers. */
export function canApplyFor(ability: AnyAbility, teacherId: string, scopePath: string): boolean {
  return ability.can('create', subject('QualificationRegistration', { teacherId, scopePath }));
}

/** Eligibility rests on assessments and ethics: only those who may read both see it. */
export function canSeeEligibility(ability: AnyAbility, teacherId: string, scopePath: string): boolean {
  const t = subject('Teacher', { id: teacherId, scopePath });
  return ability.can('read', t, 'assessments') && ability.can('read', t, 'ethicsRecords');
}

/**
 * The step of the registration workflow the user acts on: the school's information admin
 * reviews (school), the supervising authority's information admin decides (authority).
 */
export function registrationStep(user: UserFacts): 'school' | 'authority' | null {
  if (user.role !== 'info_admin') return null;
  return SCHOOL_LEVELS.includes(user.unitLevel) ? 'school' : user.unitLevel === 'national' ? null : 'authority';
}

export type TabKey = 'due' | 'mine' | 'review';

export function allowedTabs(ability: AnyAbility, user: UserFacts): TabKey[] {
  const tabs: TabKey[] = [];
  const scope = readsUnitRegistrations(ability, user);
  if (scope && ability.can('read', 'Teacher')) tabs.push('due');
  if (user.teacherId && ability.can('read', 'QualificationRegistration')) tabs.push('mine');
  if (scope && registrationStep(user)) tabs.push('review');
  return tabs;
}
