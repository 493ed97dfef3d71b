// Approval cases as the engine sees them (gateway/src/platform/approvals/workflow-definition.ts),
// for the remotes that act on cases: each remote mirrors its workflows' steps (keys, names, actors)
// and binds them with `caseWorkflow`, so it can name the steps in both languages and tell whose
// turn it is by the same rule as the engine's isStepActor.

export interface StepDef {
  key: string;
  /** The party relation on the case whose unit acts. */
  relation: string;
  role: string;
  zh: string;
  en: string;
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

/** The step names, whose-turn rule and timeline of a module's workflows. */
export function caseWorkflow(steps: Record<string, readonly StepDef[]>) {
  function stepName(type: string, key: string, locale: string): string {
    const step = steps[type]?.find((s) => s.key === key);
    if (!step) return key;
    return locale === 'en' ? step.en : step.zh;
  }

  /** True when the case waits for the user's post (unit + role), as the engine decides. */
  function isMyStep(c: CaseFacts, me: Me | null): boolean {
    if (!me || c.status !== 'in_progress') return false;
    const step = steps[c.type]?.[c.currentStep];
    return !!step && step.role === me.role && c.parties[step.relation] === me.unit.id;
  }

  /**
   * Application, the recorded steps (who, when, comment), then — while in progress — the step
   * waiting now and those still to come (steps a repeated post skips are not known in advance).
   */
  function timelineOf(
    c: CaseFacts & { steps: StepRecord[] },
    applied: { at: string; unitName: string | null },
  ): TimelineEntry[] {
    const out: TimelineEntry[] = [{ kind: 'apply', at: applied.at, unitName: applied.unitName }];
    for (const s of [...c.steps].sort((a, b) => a.at.localeCompare(b.at))) {
      out.push({ kind: 'step', at: s.at, stepKey: s.stepKey, action: s.action, comment: s.comment, actorUnitId: s.actorUnitId, actorId: s.actorId });
    }
    if (c.status === 'in_progress') {
      const defs = steps[c.type] ?? [];
      defs.forEach((d, i) => {
        if (i === c.currentStep) out.push({ kind: 'waiting', stepKey: d.key });
        else if (i > c.currentStep) out.push({ kind: 'later', stepKey: d.key });
      });
    }
    return out;
  }

  return { stepName, isMyStep, timelineOf };
}
