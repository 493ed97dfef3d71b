import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';
import { onApproved, onSettled } from '../../platform/approvals/approval-hooks.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApprovalCase } from '../../platform/approvals/approval.entity.js';
import { writeSystemRecord } from '../archive/system-record.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { recordRotationVisit } from '../teachers/teacher-visits.js';
import { Unit } from '../units/unit.entity.js';
import { Transfer } from '../transfers/transfer.entity.js';
import { onMoveCancelled, onMoveEffective, takeEffectOrSchedule } from '../transfers/effective-dates.js';
import { Rotation, type RotationStatus } from './rotation.entity.js';

/** 交流轮岗（不转人事关系）: the sending school applies, its authority approves, done. */
export const ROTATION_WORKFLOW = defineWorkflow({
  type: 'rotation',
  name: '交流轮岗',
  steps: [
    { key: 'sendingAuthority', name: '派出学校主管部门审批', actor: { relation: 'sendingAuthority', role: 'info_admin' } },
  ],
});

/**
 * 交流轮岗（转人事关系）: sending school (applies), its authority, the receiving school and its
 * authority; then the archive moves as in a transfer. Inside one county the county approves once.
 */
export const ROTATION_TRANSFER_WORKFLOW = defineWorkflow({
  type: 'rotation_transfer',
  name: '交流轮岗（转人事关系）',
  skipRepeatedPost: true,
  steps: [
    { key: 'sendingAuthority', name: '派出学校主管部门审批', actor: { relation: 'sendingAuthority', role: 'info_admin' } },
    { key: 'receivingSchool', name: '接收学校审批', actor: { relation: 'receivingSchool', role: 'info_admin' } },
    { key: 'receivingAuthority', name: '接收学校主管部门审批', actor: { relation: 'receivingAuthority', role: 'info_admin' } },
  ],
});

/** Writes the rotation into the archive's rotation set, effective, with who applied and who approved. */
async function recordRotation(tx: EntityManager, approvedBy: string | null, r: Rotation): Promise<void> {
  const [teacher, sending, receiving] = await Promise.all([
    tx.findOneOrFail(Teacher, { id: r.teacherId }),
    tx.findOneOrFail(Unit, { id: r.sendingSchoolId }),
    tx.findOneOrFail(Unit, { id: r.receivingSchoolId }),
  ]);
  const record = await writeSystemRecord(tx, { actor: null }, {
    teacherId: teacher.id, infoSet: 'rotation', enteredBy: r.initiatedBy, enteredAt: r.createdAt, approvedBy,
    data: { startDate: r.startDate, endDate: r.endDate, sendingSchool: sending.name, receivingSchool: receiving.name, personnelChange: r.personnelChange },
  });
  // A rotation scheduled for a later start date was approved when it was scheduled.
  Object.assign(r, { status: 'approved', approvedAt: r.approvedAt ?? new Date(), archiveRecordId: record.id });
  // Without a change of relationship the teacher stays the sender's: the host reads them for the period.
  if (!r.personnelChange) recordRotationVisit(tx, r);
  await tx.flush();
}

onApproved(ROTATION_WORKFLOW.type, async (tx, c, ctx) => {
  await recordRotation(tx, ctx.actor?.accountId ?? null, await tx.findOneOrFail(Rotation, { caseId: c.id }));
});

onApproved(ROTATION_TRANSFER_WORKFLOW.type, async (tx, c, ctx) => {
  const r = await tx.findOneOrFail(Rotation, { caseId: c.id });
  const receiving = await tx.findOneOrFail(Unit, { id: r.receivingSchoolId });
  const teacher = await tx.findOneOrFail(Teacher, { id: r.teacherId });
  // The move is recorded as a transfer of kind `rotation`, so transfer histories and counts see it.
  const transfer = tx.create(Transfer, {
    kind: 'rotation', teacherId: r.teacherId, teacherNo: r.teacherNo, teacherName: r.teacherName, caseId: c.id,
    fromUnitId: teacher.unit.id, fromSchoolId: r.sendingSchoolId, toUnitId: receiving.id, toSchoolId: receiving.id,
    fromScopePath: teacher.scopePath, toScopePath: receiving.path, partyPaths: r.partyPaths, effectiveDate: r.startDate,
    reason: r.reason ?? null, initiatedBy: r.initiatedBy,
  });
  await tx.flush();
  r.transferId = transfer.id;
  await tx.flush();
  // On the start date: the move and the rotation record (below); until then the rotation is scheduled.
  await takeEffectOrSchedule(tx, ctx, transfer);
  if (transfer.status === 'scheduled') {
    Object.assign(r, { status: 'scheduled', approvedAt: new Date() });
    await tx.flush();
  }
});

onMoveEffective('rotation', async (tx, transfer, by) => {
  const r = await tx.findOneOrFail(Rotation, { transferId: transfer.id });
  await recordRotation(tx, by.accountId, r);
});

onMoveCancelled('rotation', async (tx, transfer) => {
  const r = await tx.findOneOrFail(Rotation, { transferId: transfer.id });
  Object.assign(r, { status: 'cancelled', closeReason: transfer.closeReason ?? null });
  await tx.flush();
});

async function settle(tx: EntityManager, c: ApprovalCase, comment: string | null): Promise<void> {
  if (c.status === 'approved') return; // set by the approval handler, or on the start date, together with its effects
  const r = await tx.findOneOrFail(Rotation, { caseId: c.id });
  Object.assign(r, { status: c.status as RotationStatus, closeReason: c.status === 'returned' || c.status === 'cancelled' ? comment : null });
  await tx.flush();
}

onSettled(ROTATION_WORKFLOW.type, (tx, c, { comment }) => settle(tx, c, comment));
onSettled(ROTATION_TRANSFER_WORKFLOW.type, (tx, c, { comment }) => settle(tx, c, comment));
