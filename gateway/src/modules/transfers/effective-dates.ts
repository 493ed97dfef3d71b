import { LockMode } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { todayInChina } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import type { RequestContext } from '../../platform/graphql/context.js';
import { Notification } from '../../platform/approvals/notification.entity.js';
import { recordLeaving } from '../teachers/teacher-visits.js';
import { cancelApprovedBySystem } from '../../platform/approvals/approval.service.js';
import { logger } from '../../platform/logging.js';
import { Transfer, type TransferKind } from './transfer.entity.js';
import { lockMovable, moveArchive, requestMover, type Mover } from './move-archive.js';

/**
 * Effective dates (seed 000 art. 23): an approved transfer — or rotation with a change of
 * personnel relationship, recorded as a transfer of kind `rotation` — takes effect on its date.
 * Approved with the date still ahead it is `scheduled`: the teacher stays at the releasing school
 * and both schools are told when the move will happen; the effective-dates task makes the move
 * on the day, once, exactly as an approval on that day would have.
 */

/** What else happens when a move of this kind takes effect or is cancelled (the rotations module's rotation row). */
export type MoveEffect = (tx: EntityManager, transfer: Transfer, by: Mover) => Promise<void>;

const onEffective = new Map<TransferKind, MoveEffect>();
const onCancelled = new Map<TransferKind, MoveEffect>();

export function onMoveEffective(kind: TransferKind, effect: MoveEffect): void {
  onEffective.set(kind, effect);
}

export function onMoveCancelled(kind: TransferKind, effect: MoveEffect): void {
  onCancelled.set(kind, effect);
}

/** The scheduled task's name on the job queue (runs hourly; see setupEffectiveDates). */
export const EFFECTIVE_DATES_TASK = 'effective_dates';

const KIND_NAME: Record<TransferKind, string> = { transfer: '调动', rotation: '交流轮岗（转人事关系）' };

/** Both schools' information admins, and the teacher's own account when `teacher` is set. */
async function notifyParties(tx: EntityManager, t: Transfer, kind: string, message: string, teacher: boolean): Promise<void> {
  for (const unitId of new Set([t.fromSchoolId, t.toSchoolId, t.toUnitId])) {
    tx.create(Notification, { unitId, role: 'info_admin', kind, message, caseId: t.caseId ?? null });
  }
  if (teacher) {
    const rows = await tx.getConnection().execute<{ id: string }[]>(
      `select id from account where teacher_id = ? and role = 'teacher'`, [t.teacherId], 'all', tx.getTransactionContext());
    for (const { id } of rows) tx.create(Notification, { accountId: id, kind, message, caseId: t.caseId ?? null });
  }
  await tx.flush();
}

/**
 * At the final approval (inside its transaction): a date that has come — today or earlier in
 * Beijing time — moves now; a later one is scheduled, after checking that the move could happen
 * today (a teacher who left meanwhile is refused now with TRANSFER_STALE, not on the day).
 */
export async function takeEffectOrSchedule(tx: EntityManager, ctx: RequestContext, t: Transfer, now: Date = new Date()): Promise<void> {
  if (t.effectiveDate <= todayInChina(now)) return completeMove(tx, requestMover(ctx), t);
  await lockMovable(tx, t);
  t.status = 'scheduled';
  await tx.flush();
  await notifyParties(tx, t, 'move_scheduled', `${t.teacherName}的${KIND_NAME[t.kind]}已批准，将于${t.effectiveDate}生效`, false);
  await appendAudit(tx, [requestMover(ctx).event({ action: 'transfer.schedule', targetType: 'Transfer', targetId: t.id, detail: { caseId: t.caseId, effectiveDate: t.effectiveDate } })]);
}

/** The move itself: archive, employment, scopes and accounts (moveArchive), then the row and the notices. */
export async function completeMove(tx: EntityManager, by: Mover, t: Transfer): Promise<void> {
  await moveArchive(tx, by, { teacherId: t.teacherId, fromSchoolId: t.fromSchoolId, toUnitId: t.toUnitId, effectiveDate: t.effectiveDate, kind: t.kind, caseId: t.caseId! });
  Object.assign(t, { status: 'completed', completedAt: new Date() });
  // The releasing school and its authorities keep reading the teacher as they left (已调出 / 轮岗中).
  recordLeaving(tx, t);
  await tx.flush();
  await onEffective.get(t.kind)?.(tx, t, by);
  await notifyParties(tx, t, 'move_completed', `${t.teacherName}的${KIND_NAME[t.kind]}已于${t.effectiveDate}生效`, true);
}

/** Ends a scheduled move without moving: cancelled by its authority, or stale on the day. */
export async function cancelScheduledMove(tx: EntityManager, by: Mover, t: Transfer, reason: string): Promise<void> {
  Object.assign(t, { status: 'cancelled', closeReason: reason });
  await tx.flush();
  await onCancelled.get(t.kind)?.(tx, t, by);
  await notifyParties(tx, t, 'move_cancelled', `${t.teacherName}的${KIND_NAME[t.kind]}已撤销，不再生效，原因：${reason}`, false);
  await appendAudit(tx, [by.event({ action: 'transfer.cancel', targetType: 'Transfer', targetId: t.id, detail: { caseId: t.caseId, reason } })]);
}

/** The account that gave the case its final approval: it answers for the move, whoever runs it. */
async function finalApprover(tx: EntityManager, caseId: string | null | undefined): Promise<string | null> {
  if (!caseId) return null;
  const rows = await tx.getConnection().execute<{ actor_id: string }[]>(
    `select actor_id from approval_step where case_id = ? and action = 'approve' order by at desc, step_index desc limit 1`, [caseId], 'all', tx.getTransactionContext());
  return rows[0]?.actor_id ?? null;
}

function taskMover(t: Transfer, approverId: string | null): Mover {
  return { accountId: approverId, event: (e) => ({ actorId: null, actorUsername: `system:${EFFECTIVE_DATES_TASK}`, unitId: null, scopePath: t.fromScopePath, ip: null, ...e }) };
}

export interface DueMovesResult { day: string; moved: number; stale: number }

/**
 * Every scheduled move whose date has come by `at` (Beijing day), each in its own transaction.
 * The row lock and the status check make each move happen once, whichever process and tick
 * gets there first. A move that can no longer happen (the teacher resigned, retired or moved
 * meanwhile) is cancelled with the reason, and the schools are told.
 */
export async function applyDueMoves(orm: MikroORM, at: Date): Promise<DueMovesResult> {
  const day = todayInChina(at);
  const due = await orm.em.fork().getConnection().execute<{ id: string }[]>(
    `select id from transfer where status = 'scheduled' and effective_date <= ? order by effective_date, created_at, id`, [day]);
  const result: DueMovesResult = { day, moved: 0, stale: 0 };
  for (const { id } of due) {
    const outcome = await orm.em.fork().transactional(async (tx) => {
      const t = await tx.findOne(Transfer, { id, status: 'scheduled' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!t) return 'gone' as const; // moved by another run, or cancelled
      await completeMove(tx, taskMover(t, await finalApprover(tx, t.caseId)), t);
      return 'moved' as const;
    }).catch((e: unknown) => {
      if (e instanceof AppError && e.code === 'TRANSFER_STALE') return 'stale' as const;
      throw e;
    });
    if (outcome === 'moved') result.moved++;
    if (outcome === 'stale') {
      await orm.em.fork().transactional(async (tx) => {
        const t = await tx.findOne(Transfer, { id, status: 'scheduled' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!t) return;
        await cancelScheduledMove(tx, taskMover(t, null), t, '生效日教师任职情况已变化（已离职、退休或调离），未能生效');
        if (t.caseId) await cancelApprovedBySystem(tx, t.caseId);
      });
      result.stale++;
    }
  }
  if (result.moved || result.stale) logger().info(result, 'scheduled moves applied');
  return result;
}
