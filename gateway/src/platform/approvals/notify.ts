import type { EntityManager } from '@mikro-orm/postgresql';
import type { Role } from '@tmis/shared';
import { Notification } from './notification.entity.js';

/**
 * Who a notice goes to: one account, a post (a unit and a role — whoever holds it), or a
 * teacher, meaning the teacher's own accounts (none if the teacher has no account yet).
 */
export type NoticeTarget = { accountId: string } | { unitId: string; role: Role } | { teacherId: string };

export interface Notice {
  /** Stable kind the portal keys on: `record_returned`, `correction_task` … */
  kind: string;
  /** The Chinese text shown as is. */
  message: string;
  subjectType?: string | null;
  subjectId?: string | null;
  caseId?: string | null;
}

/**
 * Creates one notice per distinct recipient inside the caller's transaction, so a notice exists
 * exactly when the change it reports was committed.
 */
export async function notify(tx: EntityManager, targets: readonly NoticeTarget[], notice: Notice): Promise<void> {
  const accounts = new Set<string>();
  const posts = new Set<string>();
  const teacherIds = targets.flatMap((t) => ('teacherId' in t ? [t.teacherId] : []));
  if (teacherIds.length) {
    const rows = await tx.getConnection().execute<{ id: string }[]>(
      `select id from account where teacher_id in (${teacherIds.map(() => '?').join(',')}) and role = 'teacher' and status <> 'disabled'`,
      teacherIds, 'all', tx.getTransactionContext());
    for (const r of rows) accounts.add(r.id);
  }
  for (const t of targets) {
    if ('accountId' in t) accounts.add(t.accountId);
    else if ('unitId' in t) posts.add(`${t.unitId}|${t.role}`);
  }
  // One notice per person: an account that holds one of the posts reads the post's notice.
  if (accounts.size && posts.size) {
    const ids = [...accounts];
    const rows = await tx.getConnection().execute<{ id: string; unit_id: string; role: string }[]>(
      `select id, unit_id, role from account where id in (${ids.map(() => '?').join(',')})`, ids, 'all', tx.getTransactionContext());
    for (const r of rows) if (posts.has(`${r.unit_id}|${r.role}`)) accounts.delete(r.id);
  }
  const base = { kind: notice.kind, message: notice.message, subjectType: notice.subjectType ?? null, subjectId: notice.subjectId ?? null, caseId: notice.caseId ?? null };
  for (const accountId of accounts) tx.create(Notification, { ...base, accountId });
  for (const post of posts) {
    const [unitId, role] = post.split('|') as [string, Role];
    tx.create(Notification, { ...base, unitId, role });
  }
}

/** Marks done the open task notices of one kind about a subject (its task was handled). */
export async function closeTaskNotices(tx: EntityManager, kind: string, subjectType: string, subjectId: string): Promise<void> {
  await tx.nativeUpdate(Notification, { kind, subjectType, subjectId, doneAt: null }, { doneAt: new Date() });
}
