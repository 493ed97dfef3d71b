import { subject, type AnyAbility } from '@casl/ability';
import type { AccountRow, ChangeKind, ChangeRequestRow, UnitChoice } from './accounts-api';

export const ROLES = ['system_admin', 'info_admin', 'query_user', 'training_admin', 'teacher', 'training_institution'] as const;

/** Changes that cannot be taken back (or end the holder's sessions): asked for with a reason and confirmed. */
export const IRREVERSIBLE: ReadonlySet<ChangeKind> = new Set(['certificate_revoke', 'password_reset']);

/**
 * The changes offered on an account row: the shared rules decide whether the caller manages the
 * account at all (`manage Account` on the row); the account's state decides which changes make sense.
 */
export function accountActions(ability: AnyAbility, row: AccountRow, selfId: string | null): ChangeKind[] {
  if (row.id === selfId || !ability.can('update', subject('Account', { ...row }))) return [];
  const out: ChangeKind[] = [row.status === 'active' ? 'disable' : 'restore', 'unlock', 'password_reset'];
  if (row.certStatus === 'active') out.push('certificate_freeze');
  if (row.certStatus === 'active' || row.certStatus === 'frozen') out.push('certificate_revoke');
  if (row.role === 'info_admin' && row.certStatus !== 'active') out.push('certificate_bind');
  return out;
}

/** Roles the caller may create in `unit`: the shared `create Account` rules on the draft account. */
export function creatableRoles(ability: AnyAbility, unit: UnitChoice): string[] {
  return ROLES.filter((role) => ability.can('create', subject('Account', { unitId: unit.id, role, scopePath: unit.path, unitLevel: unit.level })));
}

/** Whether the caller decides this request (the managing unit's admin, never on their own request). */
export function canDecide(ability: AnyAbility, request: ChangeRequestRow, selfId: string | null): boolean {
  return request.status === 'pending' && request.requestedBy !== selfId && ability.can('approve', subject('AccountChangeRequest', { ...request }));
}
