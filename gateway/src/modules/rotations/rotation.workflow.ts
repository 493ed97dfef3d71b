import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';
import { onApproved, onSettled } from '../../platform/approvals/approval-hooks.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ApprovalCase } from '../../platform/approvals/approval.entity.js';
import type { RequestContext } from '../../platform/graphql/context.js';
import { writeSystemRecord } from '../archive/system-record.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Transfer } from '../transfers/transfer.entity.js';
import { moveArchive } from '../transfers/move-archive.js';
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
async function recordRotation(tx: EntityManager, ctx: RequestContext, r: Rotation): Promise<void> {
  const [teacher, sending, receiving] = await Promise.all([
    tx.findOneOrFail(Teacher, { id: r.teacherId }),
    tx.findOneOrFail(Unit, { id: r.sendingSchoolId }),
    tx.findOneOrFail(Unit, { id: r.receivingSchoolId }),
  ]);
  const record = await writeSystemRecord(tx, ctx, {
    teacherId: teacher.id, infoSet: 'rotation', enteredBy: r.initiatedBy, enteredAt: r.createdAt,
    data: { startDate: r.startDate, endDate: r.endDate, sendingSchool: sending.name, receivingSchool: receiving.name, personnelChange: r.personnelChange },
  });
  const now = new Date();
  Object.assign(r, { status: 'approved', approvedAt: now, archiveRecordId: record.id });
  await tx.flush();
}

onApproved(ROTATION_WORKFLOW.type, async (tx, c, ctx) => {
  await recordRotation(tx, ctx, await tx.findOneOrFail(Rotation, { caseId: c.id }));
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
    reason: r.reason ?? null, status: 'completed', completedAt: new Date(), initiatedBy: r.initiatedBy,
  });
  await tx.flush();
  await moveArchive(tx, ctx, { teacherId: r.teacherId, fromSchoolId: r.sendingSchoolId, toUnitId: receiving.id, effectiveDate: r.startDate, kind: 'rotation', caseId: c.id });
  r.transferId = transfer.id;
  await recordRotation(tx, ctx, r);
});

async function settle(tx: EntityManager, c: ApprovalCase, comment: string | null): Promise<void> {
  if (c.status === 'approved') return; // set by the approval handler together with its effects
  const r = await tx.findOneOrFail(Rotation, { caseId: c.id });
  Object.assign(r, { status: c.status as RotationStatus, closeReason: c.status === 'returned' || c.status === 'cancelled' ? comment : null });
  await tx.flush();
}

onSettled(ROTATION_WORKFLOW.type, (tx, c, { comment }) => settle(tx, c, comment));
onSettled(ROTATION_TRANSFER_WORKFLOW.type, (tx, c, { comment }) => settle(tx, c, comment));
