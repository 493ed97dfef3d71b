// The approval steps of the rotation workflows, mirrored from the gateway
// (gateway/src/modules/rotations/rotation.workflow.ts: keys, names, actors) so the portal can
// name the steps in both languages and tell whose turn it is — the same rule as the engine's
// isStepActor (gateway/src/platform/approvals/workflow-definition.ts).

import { caseWorkflow, type StepDef } from '@tmis/portal-cases';

export { canCancel, canWithdraw, type CaseFacts, type Me, type StepDef, type StepRecord, type TimelineEntry } from '@tmis/portal-cases';

export const WORKFLOW_STEPS: Record<string, readonly StepDef[]> = {
  // Without a change of personnel relationship: the sending school's authority approves, done.
  rotation: [
    { key: 'sendingAuthority', relation: 'sendingAuthority', role: 'info_admin', zh: '派出学校主管部门审批', en: 'Sending school’s authority' },
  ],
  // With a change: then the receiving school and its authority; the archive moves as in a transfer.
  rotation_transfer: [
    { key: 'sendingAuthority', relation: 'sendingAuthority', role: 'info_admin', zh: '派出学校主管部门审批', en: 'Sending school’s authority' },
    { key: 'receivingSchool', relation: 'receivingSchool', role: 'info_admin', zh: '接收学校审批', en: 'Receiving school' },
    { key: 'receivingAuthority', relation: 'receivingAuthority', role: 'info_admin', zh: '接收学校主管部门审批', en: 'Receiving school’s authority' },
  ],
};

/** Workflow types this module shows in its inbox. */
export const MODULE_CASE_TYPES: readonly string[] = ['rotation', 'rotation_transfer'];

export const { stepName, isMyStep, timelineOf } = caseWorkflow(WORKFLOW_STEPS);

const AUTHORITY_LEVELS = ['county', 'city', 'province'];

/**
 * Whether the user may cancel an approved rotation (with a change of personnel relationship)
 * before it takes effect — the gateway's cancelApproved: the information admin of the sending
 * school's supervising authority, while the rotation is scheduled.
 */
export function canCancelScheduled(
  r: { status: string; approvalCase: { parties: Record<string, string> } | null },
  me: { role: string; unit: { id: string; level: string } } | null,
): boolean {
  if (!me || r.status !== 'scheduled' || !r.approvalCase) return false;
  if (me.role !== 'info_admin' || !AUTHORITY_LEVELS.includes(me.unit.level)) return false;
  return r.approvalCase.parties.sendingAuthority === me.unit.id;
}
