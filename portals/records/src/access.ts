import { subject, type AnyAbility } from '@casl/ability';

// The same CASL rules as the gateway (myAbilities, unpacked by the shell): the UI offers an
// action only where the server would allow it. Subjects carry the fields the rules speak of.

export interface RecordFacts {
  id?: string;
  teacherId: string;
  infoSet: string;
  status: string;
  enteredBy?: string | null;
  changeKind: string;
}

function recordSubject(r: RecordFacts, scopePath: string) {
  return subject('ArchiveRecord', {
    id: r.id, teacherId: r.teacherId, scopePath, infoSet: r.infoSet, status: r.status, enteredBy: r.enteredBy ?? null, changeKind: r.changeKind,
  });
}

export type RecordAction = 'read' | 'update' | 'submit' | 'review' | 'approve' | 'change';

export function canOnRecord(ability: AnyAbility, action: RecordAction, r: RecordFacts, scopePath: string): boolean {
  return ability.can(action, recordSubject(r, scopePath));
}

/** Whether a set of this teacher may be read at all (query users: not assessment, compensation, ethics). */
export function canReadSet(ability: AnyAbility, teacherId: string, scopePath: string, infoSet: string): boolean {
  return ability.can('read', subject('ArchiveRecord', { teacherId, scopePath, infoSet }));
}

/** The draft the gateway builds for a new record, checked against `create` exactly as it does. */
export function canAddToSet(ability: AnyAbility, teacherId: string, scopePath: string, infoSet: string, accountId: string): boolean {
  return ability.can('create', subject('ArchiveRecord', { teacherId, scopePath, infoSet, status: 'draft', enteredBy: accountId, changeKind: 'add' }));
}

export type TabKey = 'search' | 'review' | 'changes' | 'import';

/** Which screens of the module the user is offered. */
export function allowedTabs(ability: AnyAbility): TabKey[] {
  const tabs: TabKey[] = [];
  if (ability.can('read', 'Teacher')) tabs.push('search');
  if (ability.can('review', 'ArchiveRecord') || ability.can('approve', 'ArchiveRecord')) tabs.push('review');
  if (ability.can('change', 'ArchiveRecord') || ability.can('approve', 'ArchiveRecord')) tabs.push('changes');
  if (ability.can('create', 'Teacher')) tabs.push('import');
  return tabs;
}
