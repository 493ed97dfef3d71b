import type { EntityManager } from '@mikro-orm/postgresql';
import { getInfoSet, validateRecordData } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import type { RequestContext } from '../../platform/graphql/context.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { ArchiveRecord } from './archive-record.entity.js';
import { mirrorToTeacher } from './mirror.js';

export interface SystemRecordInput {
  teacherId: string;
  infoSet: string;
  data: Record<string, unknown>;
  /** Who asked for it (the applicant of the approved case); the approver is the caller. */
  enteredBy?: string | null;
  enteredAt?: Date | null;
  /** Who approved it, when not the caller: a move taking effect later names its final approver. */
  approvedBy?: string | null;
}

/**
 * An archive record that a completed business flow writes (a rotation, a confirmed training
 * credit, an appointed title): validated like any record, effective at once because the flow's
 * approvals were its review, with who applied and who approved. Runs inside the caller's
 * transaction; the teacher row's current values follow (mirror).
 */
export async function writeSystemRecord(tx: EntityManager, ctx: Pick<RequestContext, 'actor'>, input: SystemRecordInput): Promise<ArchiveRecord> {
  const teacher = await tx.findOneOrFail(Teacher, { id: input.teacherId });
  const set = getInfoSet(input.infoSet);
  if (!set) throw new AppError('VALIDATION_FAILED', { field: 'infoSet' });
  const checked = validateRecordData(set.fields, input.data);
  if (checked.errors.length) throw new AppError('VALIDATION_FAILED', { infoSet: input.infoSet, errors: checked.errors });
  const now = new Date();
  const record = tx.create(ArchiveRecord, {
    teacher, infoSet: input.infoSet, data: checked.data, scopePath: teacher.scopePath, origin: 'system', status: 'effective',
    enteredBy: input.enteredBy ?? ctx.actor?.accountId ?? null, enteredAt: input.enteredAt ?? now,
    approvedBy: input.approvedBy !== undefined ? input.approvedBy : ctx.actor?.accountId ?? null, approvedAt: now, validFrom: now,
  });
  await tx.flush();
  await mirrorToTeacher(tx, record);
  return record;
}

/**
 * Ends the open records of a set (no `endDate`) the day before `newStart`, as effective changes
 * that supersede them — e.g. the previous title appointment when a new title is appointed — so
 * the history shows one appointment after the other. Returns the records written.
 */
export async function endOpenRecords(tx: EntityManager, ctx: RequestContext, input: { teacherId: string; infoSet: string; endDate: string; reason: string }): Promise<ArchiveRecord[]> {
  const open = await tx.find(ArchiveRecord, { teacher: input.teacherId, infoSet: input.infoSet, status: 'effective', validTo: null, changeKind: { $ne: 'delete' } });
  const written: ArchiveRecord[] = [];
  const now = new Date();
  for (const old of open) {
    if (typeof old.data.endDate === 'string' && old.data.endDate !== '') continue;
    if (typeof old.data.startDate === 'string' && old.data.startDate > input.endDate) continue;
    const closed = await tx.nativeUpdate(ArchiveRecord, { id: old.id, status: 'effective', validTo: null }, { status: 'superseded', validTo: now });
    if (closed === 0) throw new AppError('CONFLICT');
    written.push(tx.create(ArchiveRecord, {
      teacher: old.teacher, infoSet: old.infoSet, data: { ...old.data, endDate: input.endDate }, scopePath: old.scopePath, origin: 'system', status: 'effective',
      changeKind: 'change', supersedes: old, changeReason: input.reason.slice(0, 500), enteredBy: ctx.actor?.accountId ?? null, enteredAt: now,
      approvedBy: ctx.actor?.accountId ?? null, approvedAt: now, validFrom: now,
    }));
  }
  await tx.flush();
  return written;
}
