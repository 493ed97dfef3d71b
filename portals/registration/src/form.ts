// Pure checks and table shaping for the registration screens, mirroring the gateway's rules
// (registration.service.ts apply / decide); the gateway still decides.

export type Result = 'REGISTERED' | 'DEFERRED' | 'REFUSED';

export interface Condition {
  key: string;
  name: string;
  met: boolean;
  reason: string;
}

export interface DecisionDraft {
  applicationId: string;
  eligible: boolean;
  result: Result;
  reason: string;
}

/** Unless the authority chooses otherwise: registered when eligible, else deferred (the gateway's default). */
export function defaultResult(eligible: boolean): Result {
  return eligible ? 'REGISTERED' : 'DEFERRED';
}

/**
 * What is wrong with one decision (i18n key under `registration.errors`), or null.
 * Registered needs eligibility; refused always states a reason; a deferral of an eligible
 * application states one too (otherwise the unmet conditions are the reason).
 */
export function decisionProblem(d: DecisionDraft): string | null {
  const reason = d.reason.trim();
  if (d.result === 'REGISTERED' && !d.eligible) return 'notEligible';
  if (d.result === 'REFUSED' && !reason) return 'reasonRequired';
  if (d.result === 'DEFERRED' && d.eligible && !reason) return 'reasonRequired';
  return null;
}

/** The decisions input of decideRegistrations (reason only where given). */
export function decisionsInput(list: DecisionDraft[]) {
  return list.map((d) => ({ applicationId: d.applicationId, result: d.result, reason: d.reason.trim() || null }));
}

export interface DueRow {
  teacherId: string;
  teacherNo: string;
  name: string;
  schoolId: string;
  certificateNo: string;
  type: string | null;
  lastResult: string | null;
  validUntil: string | null;
  inProgress: boolean;
}

/** Why a qualification is on the due list: first registration, deferred earlier, or the registration runs out. */
export function dueReason(r: Pick<DueRow, 'lastResult'>): 'first' | 'deferred' | 'expiring' {
  if (r.lastResult === 'deferred') return 'deferred';
  return r.lastResult === 'registered' ? 'expiring' : 'first';
}

/** One application batch per school: the selected rows grouped (a batch is one school's). */
export function batchesBySchool(rows: Pick<DueRow, 'teacherId' | 'schoolId' | 'certificateNo'>[]): { schoolId: string; items: { teacherId: string; certificateNo: string }[] }[] {
  const by = new Map<string, { teacherId: string; certificateNo: string }[]>();
  for (const r of rows) {
    const list = by.get(r.schoolId) ?? [];
    if (!list.some((i) => i.teacherId === r.teacherId && i.certificateNo === r.certificateNo)) list.push({ teacherId: r.teacherId, certificateNo: r.certificateNo });
    by.set(r.schoolId, list);
  }
  return [...by].map(([schoolId, items]) => ({ schoolId, items }));
}

/** Counts for the due list's header: of the whole list, counted by the gateway (the list is paged). */
export interface DueSummary { total: number; inProgress: number; first: number; deferred: number; expiring: number }

/** The unmet conditions' reasons, joined as the gateway's failedReasons does. */
export function unmetReasons(conditions: Condition[]): string {
  return conditions.filter((c) => !c.met).map((c) => `${c.name}：${c.reason}`).join('；');
}

/** Registration years offered: last year to three years ahead. */
export function yearOptions(now = new Date()): number[] {
  const y = now.getFullYear();
  return [y - 1, y, y + 1, y + 2, y + 3];
}

/** Steps of the registration workflow (gateway registration.workflow.ts), by index. */
export const REGISTRATION_STEPS = ['school', 'authority'] as const;

export function stepKeyOf(currentStep: number): 'school' | 'authority' | null {
  return REGISTRATION_STEPS[currentStep] ?? null;
}
