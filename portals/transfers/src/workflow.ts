// The approval steps of the transfer workflow, mirrored from the gateway
// (gateway/src/modules/transfers/transfer.workflow.ts: keys, names, actors) so the portal can
// name the steps in both languages and tell whose turn it is — the same rule as the engine's
// isStepActor (gateway/src/platform/approvals/workflow-definition.ts).

import { caseWorkflow, type StepDef } from '@tmis/portal-cases';

export { canCancel, canWithdraw, type CaseFacts, type Me, type StepDef, type StepRecord, type TimelineEntry } from '@tmis/portal-cases';

export const WORKFLOW_STEPS: Record<string, readonly StepDef[]> = {
  transfer: [
    { key: 'receivingAuthority', relation: 'receivingAuthority', role: 'info_admin', zh: '调入学校主管部门审批', en: 'Receiving school’s authority' },
    { key: 'releasingSchool', relation: 'releasingSchool', role: 'info_admin', zh: '调出学校审批', en: 'Releasing school' },
    { key: 'releasingAuthority', relation: 'releasingAuthority', role: 'info_admin', zh: '调出学校主管部门审批', en: 'Releasing school’s authority' },
  ],
  // 跨省调动 (gateway/src/modules/interprovincial/interprovincial.workflow.ts): one step on each side.
  interprovincial_transfer_in: [
    { key: 'receivingAuthority', relation: 'receivingAuthority', role: 'info_admin', zh: '调入学校主管部门审批', en: 'Receiving school’s authority' },
  ],
  interprovincial_transfer_out: [
    { key: 'releasingAuthority', relation: 'releasingAuthority', role: 'info_admin', zh: '调出学校主管部门审批', en: 'Releasing school’s authority' },
  ],
};

/** Workflow types this module shows in its inbox. */
export const MODULE_CASE_TYPES: readonly string[] = ['transfer', 'interprovincial_transfer_in', 'interprovincial_transfer_out'];

/** The workflows' names (defineWorkflow `name`) in both languages. */
export const CASE_TYPE_NAMES: Record<string, { zh: string; en: string }> = {
  transfer: { zh: '教师调动', en: 'Transfer' },
  interprovincial_transfer_in: { zh: '跨省调入', en: 'Cross-province transfer in' },
  interprovincial_transfer_out: { zh: '跨省调出', en: 'Cross-province transfer out' },
};

/** A case type's name: ours in the UI language, else the gateway's (Chinese) name, else the type. */
export function caseTypeName(type: string, locale: string, gatewayName?: string | null): string {
  const known = CASE_TYPE_NAMES[type];
  if (known) return locale === 'en' ? known.en : known.zh;
  return gatewayName || type;
}

export function isInterprovincialCase(type: string): boolean {
  return type === 'interprovincial_transfer_in' || type === 'interprovincial_transfer_out';
}

export const { stepName, isMyStep, timelineOf } = caseWorkflow(WORKFLOW_STEPS);

/** The post that may cancel a scheduled move, by Transfer.kind (transfer.service cancelScheduled). */
const SCHEDULED_CANCELLER: Record<string, string> = { transfer: 'receivingAuthority', rotation: 'sendingAuthority' };
const AUTHORITY_LEVELS = ['county', 'city', 'province'];

/**
 * Whether the user may cancel an approved move before it takes effect — the gateway's
 * cancelApproved: the information admin of the initiating side's supervising authority (a
 * transfer's receiving authority, a rotation's sending authority), while the move is scheduled.
 */
export function canCancelScheduled(
  t: { kind: string; status: string; approvalCase: { parties: Record<string, string> } | null },
  me: { role: string; unit: { id: string; level: string } } | null,
): boolean {
  if (!me || t.status !== 'scheduled' || !t.approvalCase) return false;
  if (me.role !== 'info_admin' || !AUTHORITY_LEVELS.includes(me.unit.level)) return false;
  const relation = SCHEDULED_CANCELLER[t.kind];
  return !!relation && t.approvalCase.parties[relation] === me.unit.id;
}
