// The approval steps of the transfer workflow, mirrored from the gateway
// (gateway/src/modules/transfers/transfer.workflow.ts: keys, names, actors) so the portal can
// name the steps in both languages and tell whose turn it is — the same rule as the engine's
// isStepActor (gateway/src/platform/approvals/workflow-definition.ts).

export interface StepDef {
  key: string;
  /** The party relation on the case whose unit acts; equal to the key in these workflows. */
  relation: string;
  role: string;
  zh: string;
  en: string;
}

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

export interface CaseFacts {
  type: string;
  status: string;
  currentStep: number;
  parties: Record<string, string>;
  initiatedBy: string;
  initiatingUnitId: string;
}

export interface Me {
  id: string;
  role: string;
  unit: { id: string };
}

const ADMIN_ROLES = ['system_admin', 'info_admin'];

export function stepName(type: string, key: string, locale: string): string {
  const step = WORKFLOW_STEPS[type]?.find((s) => s.key === key);
  if (!step) return key;
  return locale === 'en' ? step.en : step.zh;
}

/** True when the case waits for the user's post (unit + role), as the engine decides. */
export function isMyStep(c: CaseFacts, me: Me | null): boolean {
  if (!me || c.status !== 'in_progress') return false;
  const step = WORKFLOW_STEPS[c.type]?.[c.currentStep];
  return !!step && step.role === me.role && c.parties[step.relation] === me.unit.id;
}

/** Only the initiator withdraws, while the case is in progress. */
export function canWithdraw(c: CaseFacts, me: Me | null): boolean {
  return !!me && c.status === 'in_progress' && c.initiatedBy === me.id;
}

/** The initiator, or an administrator of the initiating unit, cancels (with a reason). */
export function canCancel(c: CaseFacts, me: Me | null): boolean {
  if (!me || c.status !== 'in_progress') return false;
  return c.initiatedBy === me.id || (c.initiatingUnitId === me.unit.id && ADMIN_ROLES.includes(me.role));
}

export interface StepRecord {
  id: string;
  stepIndex: number;
  stepKey: string;
  action: string;
  actorId: string;
  actorUnitId: string;
  comment: string | null;
  at: string;
}

export type TimelineEntry =
  | { kind: 'apply'; at: string; unitName: string | null }
  | { kind: 'step'; at: string; stepKey: string; action: string; comment: string | null; actorUnitId: string; actorId: string }
  | { kind: 'waiting'; stepKey: string }
  | { kind: 'later'; stepKey: string };

/**
 * Application, the recorded steps (who, when, comment), then — while in progress — the step
 * waiting now and those still to come (steps a repeated post skips are not known in advance).
 */
export function timelineOf(
  c: CaseFacts & { steps: StepRecord[] },
  applied: { at: string; unitName: string | null },
): TimelineEntry[] {
  const out: TimelineEntry[] = [{ kind: 'apply', at: applied.at, unitName: applied.unitName }];
  for (const s of [...c.steps].sort((a, b) => a.at.localeCompare(b.at))) {
    out.push({ kind: 'step', at: s.at, stepKey: s.stepKey, action: s.action, comment: s.comment, actorUnitId: s.actorUnitId, actorId: s.actorId });
  }
  if (c.status === 'in_progress') {
    const defs = WORKFLOW_STEPS[c.type] ?? [];
    defs.forEach((d, i) => {
      if (i === c.currentStep) out.push({ kind: 'waiting', stepKey: d.key });
      else if (i > c.currentStep) out.push({ kind: 'later', stepKey: d.key });
    });
  }
  return out;
}
