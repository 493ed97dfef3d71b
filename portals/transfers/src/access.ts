import { subject, type AnyAbility } from '@casl/ability';

// The same CASL rules as the gateway (myAbilities, unpacked by the shell): the UI offers an
// action only where the server would allow it. Subjects carry the fields the rules speak of.

export type TabKey = 'list' | 'new' | 'interprovincial' | 'inbox' | 'notifications';

/** Roles that act on transfer steps (every step's actor in transfer.workflow.ts). */
const APPROVER_ROLES = ['info_admin'];

/** Whether the user may initiate a transfer into `unitPath` (their own school or a department of it). */
export function canInitiateInto(ability: AnyAbility, unitPath: string): boolean {
  return ability.can('create', subject('Transfer', { toScopePath: unitPath }));
}

/** Whether the user may initiate transfers at all (school-level information admins). */
export function canInitiate(ability: AnyAbility): boolean {
  return ability.can('create', 'Transfer');
}

/**
 * Whether the user may hold a step: an approver role that may read the cases its unit is a
 * party of (teachers read only their own; query users never act).
 */
export function canApprove(ability: AnyAbility, role: string | undefined, unitPath: string | undefined): boolean {
  if (!role || !unitPath || !APPROVER_ROLES.includes(role)) return false;
  return ability.can('read', subject('ApprovalCase', { partyPaths: unitPath }));
}

/** Which screens of the module the user is offered. */
export function allowedTabs(ability: AnyAbility, user: { role: string; unit: { path: string } } | null): TabKey[] {
  const tabs: TabKey[] = [];
  if (ability.can('read', 'Transfer')) tabs.push('list');
  if (canInitiate(ability)) tabs.push('new');
  // 跨省调动: the same read scope as the list; applying, accepting and declining are offered inside.
  if (ability.can('read', 'Transfer')) tabs.push('interprovincial');
  if (canApprove(ability, user?.role, user?.unit.path)) tabs.push('inbox');
  if (ability.can('read', 'Notification')) tabs.push('notifications');
  return tabs;
}
