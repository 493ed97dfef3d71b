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
}

/**
 * An archive record that a completed business flow writes (a rotation, a confirmed training
 * credit, an appointed title): validated like any record, effective at once because the flow's
 * approvals were its review, with who applied and who approved. Runs inside the caller's
 * transaction; the teacher row's current values follow (mirror).
 */
export async function writeSystemRecord(tx: EntityManager, ctx: RequestContext, input: SystemRecordInput): Promise<ArchiveRecord> {
  const teacher = await tx.findOneOrFail(Teacher, { id: input.teacherId });
  const set = getInfoSet(input.infoSet);
  if (!set) throw new AppError('VALIDATION_FAILED', { field: 'infoSet' });
  const checked = validateRecordData(set.fields, input.data);
  if (checked.errors.length) throw new AppError('VALIDATION_FAILED', { infoSet: input.infoSet, errors: checked.errors });
  const now = new Date();
  const record = tx.create(ArchiveRecord, {
    teacher, infoSet: input.infoSet, data: checked.data, scopePath: teacher.scopePath, origin: 'system', status: 'effective',
    enteredBy: input.enteredBy ?? ctx.actor?.accountId ?? null, enteredAt: input.enteredAt ?? now,
    approvedBy: ctx.actor?.accountId ?? null, approvedAt: now, validFrom: now,
  });
  await tx.flush();
  await mirrorToTeacher(tx, record);
  return record;
}
