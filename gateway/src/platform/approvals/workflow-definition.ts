import type { ErrorCode, Role } from '@tmis/shared';

/** A step's actor: the account of `role` at the unit the case names under `relation`. */
export interface StepActor {
  /** A key of the case's `parties`, e.g. `receivingAuthority`. */
  relation: string;
  role: Role;
}

export interface WorkflowStep {
  key: string;
  /** Chinese name shown in the portal, e.g. 调入学校主管部门审批. */
  name: string;
  actor: StepActor;
}

export interface WorkflowDefinition {
  type: string;
  name: string;
  steps: readonly WorkflowStep[];
  /**
   * Skip a step whose post (unit + role) already approved an earlier step of the same case,
   * e.g. a transfer inside one county: the county approves once, not twice.
   */
  skipRepeatedPost?: boolean;
}

export type CaseStatus = 'in_progress' | 'approved' | 'returned' | 'withdrawn' | 'cancelled';
export type ApprovalAction = 'approve' | 'return' | 'withdraw' | 'cancel';

/** What the state machine needs to know about a case. */
export interface CaseState {
  status: CaseStatus;
  currentStep: number;
  parties: Record<string, string>;
  initiatedBy: string;
  initiatingUnitId: string;
}

export interface ActorRef {
  accountId: string;
  unitId: string;
  role: Role;
}

export interface ActionInput {
  action: ApprovalAction;
  actor: ActorRef;
  comment?: string | null;
}

export type Transition = { ok: true; status: CaseStatus; currentStep: number } | { ok: false; code: ErrorCode };

const registry = new Map<string, WorkflowDefinition>();

/**
 * Declares a workflow (core or a province module). Definitions are data: ordered steps, each
 * naming its actor by relation to the case, so the engine never knows business rules.
 */
export function defineWorkflow<D extends WorkflowDefinition>(definition: D): D {
  if (definition.steps.length === 0) throw new Error(`workflow ${definition.type} has no steps`);
  const keys = new Set(definition.steps.map((s) => s.key));
  if (keys.size !== definition.steps.length) throw new Error(`workflow ${definition.type} repeats a step key`);
  registry.set(definition.type, definition);
  return definition;
}

export function getWorkflow(type: string): WorkflowDefinition | undefined {
  return registry.get(type);
}

export function allWorkflows(): WorkflowDefinition[] {
  return [...registry.values()];
}

/** Relations every step needs; opening a case without one of them is a programming error. */
export function requiredRelations(definition: WorkflowDefinition): string[] {
  return [...new Set(definition.steps.map((s) => s.actor.relation))];
}

/** True when `actor` is the one who acts on the case's current step. */
export function isStepActor(definition: WorkflowDefinition, c: CaseState, actor: ActorRef): boolean {
  const step = definition.steps[c.currentStep];
  if (!step) return false;
  return actor.role === step.actor.role && c.parties[step.actor.relation] === actor.unitId;
}

/** The first step at or after `from` that must still be acted on (repeated posts skipped when the workflow says so). */
export function nextStepIndex(definition: WorkflowDefinition, parties: Record<string, string>, from: number): number {
  let i = from;
  const post = (k: number): string => `${parties[definition.steps[k]!.actor.relation]}|${definition.steps[k]!.actor.role}`;
  while (definition.skipRepeatedPost && i < definition.steps.length) {
    const mine = post(i);
    let repeated = false;
    for (let k = 0; k < i; k++) if (post(k) === mine) repeated = true;
    if (!repeated) break;
    i++;
  }
  return i;
}

const ADMIN_ROLES: readonly Role[] = ['system_admin', 'info_admin'];

/** The pure state machine: the next status and step, or the stable code of why not. */
export function nextState(definition: WorkflowDefinition, c: CaseState, input: ActionInput): Transition {
  if (c.status !== 'in_progress') return { ok: false, code: 'WORKFLOW_NOT_PENDING' };
  const reason = input.comment?.trim();
  switch (input.action) {
    case 'approve': {
      if (!isStepActor(definition, c, input.actor)) return { ok: false, code: 'WORKFLOW_NOT_YOUR_STEP' };
      const next = nextStepIndex(definition, c.parties, c.currentStep + 1);
      return next >= definition.steps.length ? { ok: true, status: 'approved', currentStep: c.currentStep } : { ok: true, status: 'in_progress', currentStep: next };
    }
    case 'return':
      if (!isStepActor(definition, c, input.actor)) return { ok: false, code: 'WORKFLOW_NOT_YOUR_STEP' };
      if (!reason) return { ok: false, code: 'WORKFLOW_REASON_REQUIRED' };
      return { ok: true, status: 'returned', currentStep: c.currentStep };
    case 'withdraw':
      if (input.actor.accountId !== c.initiatedBy) return { ok: false, code: 'WORKFLOW_NOT_YOUR_STEP' };
      return { ok: true, status: 'withdrawn', currentStep: c.currentStep };
    case 'cancel': {
      const unitAdmin = input.actor.unitId === c.initiatingUnitId && ADMIN_ROLES.includes(input.actor.role);
      if (input.actor.accountId !== c.initiatedBy && !unitAdmin) return { ok: false, code: 'WORKFLOW_NOT_YOUR_STEP' };
      if (!reason) return { ok: false, code: 'WORKFLOW_REASON_REQUIRED' };
      return { ok: true, status: 'cancelled', currentStep: c.currentStep };
    }
    default: {
      const unknown: never = input.action;
      throw new Error(`unknown action ${String(unknown)}`);
    }
  }
}
