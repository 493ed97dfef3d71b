import { subject, type AnyAbility } from '@casl/ability';

// The same CASL rules as the gateway (myAbilities, unpacked by the shell): the UI offers an
// action only where the server would allow it. Subjects carry the fields the rules speak of.

export type TabKey = 'list' | 'new' | 'inbox' | 'counts';

/** Roles that act on rotation steps (every step's actor in rotation.workflow.ts). */
const APPROVER_ROLES = ['info_admin'];

/** Whether the user may send this teacher (scope path of the teacher) on a rotation. */
export function canInitiateFor(ability: AnyAbility, teacherScopePath: string): boolean {
  return ability.can('create', subject('Rotation', { sendingScopePath: teacherScopePath }));
}

/** Whether the user may initiate rotations at all (school-level information admins). */
export function canInitiate(ability: AnyAbility): boolean {
  return ability.can('create', 'Rotation');
}

/** Whether the user reads the rotations its unit is a party of (not only a teacher's own). */
export function readsUnitRotations(ability: AnyAbility, unitPath: string | undefined): boolean {
  return !!unitPath && ability.can('read', subject('Rotation', { partyPaths: unitPath }));
}

/** Whether the user may hold a step: an approver role that reads the cases of its unit. */
export function canApprove(ability: AnyAbility, role: string | undefined, unitPath: string | undefined): boolean {
  if (!role || !unitPath || !APPROVER_ROLES.includes(role)) return false;
  return ability.can('read', subject('ApprovalCase', { partyPaths: unitPath }));
}

/** Which screens of the module the user is offered. */
export function allowedTabs(ability: AnyAbility, user: { role: string; unit: { path: string } } | null): TabKey[] {
  const tabs: TabKey[] = [];
  if (ability.can('read', 'Rotation')) tabs.push('list');
  if (canInitiate(ability)) tabs.push('new');
  if (canApprove(ability, user?.role, user?.unit.path)) tabs.push('inbox');
  if (readsUnitRotations(ability, user?.unit.path)) tabs.push('counts');
  return tabs;
}
