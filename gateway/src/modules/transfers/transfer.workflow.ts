import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';
import { onApproved, onSettled } from '../../platform/approvals/approval-hooks.js';
import { Transfer, type TransferStatus } from './transfer.entity.js';
import { takeEffectOrSchedule } from './effective-dates.js';

/**
 * 调动 (seed 000 art. 22, seed 002 §4.5): the receiving school initiates; its authority, the
 * releasing school and the releasing school's authority approve in this order. Inside one
 * county the county approves once (skipRepeatedPost).
 */
export const TRANSFER_WORKFLOW = defineWorkflow({
  type: 'transfer',
  name: '教师调动',
  skipRepeatedPost: true,
  steps: [
    { key: 'receivingAuthority', name: '调入学校主管部门审批', actor: { relation: 'receivingAuthority', role: 'info_admin' } },
    { key: 'releasingSchool', name: '调出学校审批', actor: { relation: 'releasingSchool', role: 'info_admin' } },
    { key: 'releasingAuthority', name: '调出学校主管部门审批', actor: { relation: 'releasingAuthority', role: 'info_admin' } },
  ],
});

/** The move happens now if its date has come, otherwise on the date (effective-dates.ts). */
onApproved(TRANSFER_WORKFLOW.type, async (tx, c, ctx) => {
  await takeEffectOrSchedule(tx, ctx, await tx.findOneOrFail(Transfer, { caseId: c.id }));
});

onSettled(TRANSFER_WORKFLOW.type, async (tx, c, { comment }) => {
  if (c.status === 'approved') return; // completed or scheduled by the approval handler
  const t = await tx.findOneOrFail(Transfer, { caseId: c.id });
  Object.assign(t, { status: c.status as TransferStatus, closeReason: c.status === 'returned' || c.status === 'cancelled' ? comment : null });
  await tx.flush();
});
