import { subject, type AnyAbility } from '@casl/ability';

// The module's CASL rules reach the portal with myAbilities (the gateway adds them for the loaded
// module): the screens offer an action only where the gateway would allow it.

export type TabKey = 'rounds' | 'nominations' | 'review';

export function allowedTabs(ability: AnyAbility): TabKey[] {
  const tabs: TabKey[] = [];
  if (ability.can('read', 'TitleRound')) tabs.push('rounds');
  if (ability.can('read', 'TitleNomination')) tabs.push('nominations');
  if (ability.can('review', 'TitleNomination')) tabs.push('review');
  return tabs;
}

export const canOpenRound = (a: AnyAbility): boolean => a.can('create', 'TitleRound');
export const canCloseRound = (a: AnyAbility): boolean => a.can('update', 'TitleRound');
/** Passing a quota down: only the unit's own information admin (not the province's: it splits when opening). */
export const canAllocate = (a: AnyAbility, quota: { unitId: string }): boolean => a.can('allocate', subject('TitleQuota', { unitId: quota.unitId }));
export const canNominate = (a: AnyAbility, scopePath: string): boolean => a.can('create', subject('TitleNomination', { scopePath }));
export const canCheck = (a: AnyAbility, scopePath: string): boolean => a.can('check', subject('TitleNomination', { scopePath }));
export const canWithdraw = (a: AnyAbility, n: { scopePath: string; status: string }): boolean =>
  a.can('withdraw', subject('TitleNomination', { scopePath: n.scopePath, status: n.status }));
