import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../platform/graphql/errors.js';
import { actorEvent, appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import type { RequestContext } from '../../platform/graphql/context.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Employment } from '../teachers/employment.entity.js';
import { Unit } from '../units/unit.entity.js';

export interface MoveInput {
  teacherId: string;
  /** The school the teacher must still be employed at; otherwise the application is stale. */
  fromSchoolId: string;
  toUnitId: string;
  effectiveDate: string;
  kind: 'transfer' | 'rotation';
  caseId: string;
}

/**
 * Who makes a move: the final approver when it takes effect at once, the effective-dates task on
 * a later day (its audit entry names the task; the new employment names the final approver).
 */
export interface Mover {
  accountId: string | null;
  event: (e: Omit<AuditEvent, 'actorId' | 'actorUsername' | 'unitId' | 'scopePath' | 'ip'>) => AuditEvent;
}

export function requestMover(ctx: RequestContext): Mover {
  return { accountId: ctx.actor?.accountId ?? null, event: (e) => actorEvent(ctx, e) };
}

/** The day before `date` (YYYY-MM-DD), in UTC so no time zone can shift it. */
export function dayBefore(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * The archive moves (档案转移), inside the approving transaction: the old employment ends the day
 * before the effective date, a new one starts on it, the teacher's current unit and scope follow,
 * every archive record (the whole history) moves into the new school's scope, and the teacher's
 * own account is re-scoped. The teacher row is locked, so a status change racing the approval
 * either happens first (and this refuses with TRANSFER_STALE) or waits.
 */
export async function moveArchive(tx: EntityManager, by: Mover, input: MoveInput): Promise<void> {
  const { teacher, open } = await lockMovable(tx, input);
  const toUnit = await tx.findOneOrFail(Unit, { id: input.toUnitId });
  const toSchool = toUnit.level === 'school' ? toUnit : await tx.findOneOrFail(Unit, { id: toUnit.parent!.id });
  const from = { unitId: teacher.unit.id, schoolId: open.school.id, scopePath: teacher.scopePath };

  open.endDate = dayBefore(input.effectiveDate);
  open.endReason = input.kind === 'transfer' ? 'transferred_out' : 'rotated_out';
  // One open employment per teacher (a partial unique index): end the old one before the new one exists.
  await tx.flush();
  tx.create(Employment, {
    teacher, school: toSchool, department: toUnit.level === 'department' ? toUnit : null,
    staffCategory: open.staffCategory ?? null, establishmentStatus: open.establishmentStatus ?? null, postCategory: open.postCategory ?? null,
    employmentStatus: teacher.employmentStatus, startDate: input.effectiveDate, startReason: input.kind, createdBy: by.accountId,
  });
  Object.assign(teacher, { unit: toUnit, school: toSchool, scopePath: toUnit.path, stage: toSchool.stage ?? null });
  await tx.flush();

  const conn = tx.getConnection();
  const trx = tx.getTransactionContext();
  // The whole history goes with the teacher: the new school sees it, the old one no longer does.
  await conn.execute(`update archive_record set scope_path = ? where teacher_id = ?`, [toUnit.path, teacher.id], 'run', trx);
  await conn.execute(`update problem_record set scope_path = ? where teacher_id = ? and status = 'open'`, [toUnit.path, teacher.id], 'run', trx);
  await conn.execute(`update account set unit_id = ?, scope_path = ?, unit_level = ?, updated_at = now(), version = version + 1 where teacher_id = ? and role = 'teacher'`,
    [toUnit.id, toUnit.path, toUnit.level, teacher.id], 'run', trx);
  await appendAudit(tx, [by.event({ action: input.kind === 'transfer' ? 'teacher.transfer' : 'teacher.rotation_transfer', targetType: 'Teacher', targetId: teacher.id,
    detail: { caseId: input.caseId, from, to: { unitId: toUnit.id, schoolId: toSchool.id }, effectiveDate: input.effectiveDate } })]);
}

/**
 * Locks the teacher row and checks the move can still happen: still employed, active or on long
 * absence, at the school the case names, with the effective date after the employment's start.
 */
export async function lockMovable(tx: EntityManager, input: Pick<MoveInput, 'teacherId' | 'fromSchoolId' | 'effectiveDate'>): Promise<{ teacher: Teacher; open: Employment }> {
  const teacher = await tx.findOneOrFail(Teacher, { id: input.teacherId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  const open = await tx.findOne(Employment, { teacher: teacher.id, endDate: null });
  if (!open || open.school.id !== input.fromSchoolId || !['active', 'long_absence'].includes(teacher.employmentStatus) || input.effectiveDate <= open.startDate) {
    throw new AppError('TRANSFER_STALE');
  }
  return { teacher, open };
}
