// Pure checks and table shaping for the training screens. The checks mirror the gateway's
// (training-rules.ts projectProblem / resultHoursProblem, training-rule.service.ts add) so a
// form says what is wrong before the round trip; the gateway still decides.

export const MAX_PROJECT_HOURS = 2000;
export const MAX_CREDITS = 200;

/** A real calendar date written YYYY-MM-DD. */
export function isRealDate(s: unknown): s is string {
  if (typeof s !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export interface ProjectDraft {
  name: string;
  startDate: string;
  endDate: string;
  hours: number | null;
  credits: number | null;
  targetParticipants: string;
  institutionIds: string[];
  year: number | null;
}

/** Field → error key (i18n `training.errors.*`); empty when the draft may be sent. */
export function projectErrors(d: ProjectDraft, national: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.name.trim()) e.name = 'nameRequired';
  if (!isRealDate(d.startDate) || !isRealDate(d.endDate)) e.period = 'periodRequired';
  else if (d.endDate < d.startDate) e.period = 'periodOrder';
  if (d.hours == null || !Number.isFinite(d.hours) || d.hours <= 0 || d.hours > MAX_PROJECT_HOURS) e.hours = 'hoursRange';
  // National projects carry no credits: each province converts the hours with its rule.
  if (!national && d.credits != null && (!Number.isFinite(d.credits) || d.credits < 0 || d.credits > MAX_CREDITS)) e.credits = 'creditsRange';
  if (d.year != null && (!Number.isInteger(d.year) || d.year < 2000 || d.year > 2100)) e.year = 'yearRange';
  return e;
}

/** The GraphQL input of createTrainingProject. */
export function projectInput(d: ProjectDraft, national: boolean) {
  return {
    name: d.name.trim(), startDate: d.startDate, endDate: d.endDate, hours: d.hours, credits: national ? null : d.credits,
    targetParticipants: d.targetParticipants.trim() || null, institutionIds: [...new Set(d.institutionIds.map((s) => s.trim()).filter(Boolean))],
    year: d.year ?? null,
  };
}

/** A participant's result: hours from 0 to the project's hours. */
export function resultHoursOk(hours: unknown, projectHours: number): boolean {
  return typeof hours === 'number' && Number.isFinite(hours) && hours >= 0 && hours <= projectHours;
}

export interface RuleDraft {
  effectiveFrom: string;
  hoursPerCredit: number | null;
  cycleHours: number | null;
  cycleStartYear: number | null;
  /** 自主研修 limits: hours of one claim, and of a year's claims. */
  selfStudyClaimHours: number | null;
  selfStudyYearHours: number | null;
  note: string;
}

export function ruleErrors(d: RuleDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!isRealDate(d.effectiveFrom)) e.effectiveFrom = 'dateInvalid';
  if (d.hoursPerCredit == null || !(d.hoursPerCredit > 0 && d.hoursPerCredit <= 1000)) e.hoursPerCredit = 'hoursPerCreditRange';
  if (d.cycleHours == null || !Number.isInteger(d.cycleHours) || d.cycleHours <= 0 || d.cycleHours > 5000) e.cycleHours = 'cycleHoursRange';
  if (d.cycleStartYear != null && (!Number.isInteger(d.cycleStartYear) || d.cycleStartYear < 2000 || d.cycleStartYear > 2100)) e.cycleStartYear = 'yearRange';
  if (d.selfStudyClaimHours == null || !(d.selfStudyClaimHours > 0 && d.selfStudyClaimHours <= 2000)) e.selfStudyClaimHours = 'hoursRange';
  else if (d.selfStudyYearHours == null || !(d.selfStudyYearHours >= d.selfStudyClaimHours && d.selfStudyYearHours <= 5000)) e.selfStudyYearHours = 'selfStudyYearRange';
  return e;
}

export interface SelfStudyDraft {
  title: string;
  organizer: string;
  startDate: string;
  endDate: string;
  hours: number | null;
}

export function selfStudyErrors(d: SelfStudyDraft): Record<string, string> {
  const e: Record<string, string> = {};
  if (!d.title.trim()) e.title = 'titleRequired';
  if (!isRealDate(d.startDate) || !isRealDate(d.endDate)) e.period = 'periodRequired';
  else if (d.endDate < d.startDate) e.period = 'periodOrder';
  if (d.hours == null || !Number.isFinite(d.hours) || d.hours <= 0 || d.hours > MAX_PROJECT_HOURS) e.hours = 'hoursRange';
  return e;
}

/** Hours → credits with a rule's hours per credit, to one decimal (as the gateway's creditsFor). */
export function creditsFor(hours: number, hoursPerCredit: number): number {
  if (!(hoursPerCredit > 0) || !(hours > 0)) return 0;
  return Math.round((hours / hoursPerCredit) * 10 + 1e-9) / 10;
}

/** The credits a completed result will get: national or credit-less projects convert; others declare. */
export function expectedCredits(r: { completed: boolean | null; hours: number | null }, p: { level: string; credits: number | null }, hoursPerCredit: number | null): number | null {
  if (!r.completed) return 0;
  if (p.level === 'national' || p.credits == null) return hoursPerCredit ? creditsFor(r.hours ?? 0, hoursPerCredit) : null;
  return p.credits;
}

export interface EnrolmentRow {
  id: string;
  teacherId: string;
  status: string;
  completed: boolean | null;
  hours: number | null;
  credits: number | null;
}

/** Rows whose results may still be sent (not confirmed, not waiting for the authority). */
export function editableResults<T extends EnrolmentRow>(rows: T[]): T[] {
  return rows.filter((r) => r.status === 'enrolled' || r.status === 'submitted');
}

/** Rows a confirmation would take: results submitted and not yet confirmed. */
export function confirmable<T extends EnrolmentRow>(rows: T[]): T[] {
  return rows.filter((r) => r.status === 'submitted');
}

export function statusCounts(rows: EnrolmentRow[]): Record<string, number> {
  const out: Record<string, number> = { enrolled: 0, submitted: 0, pending_confirmation: 0, confirmed: 0 };
  for (const r of rows) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

export interface CompletionRow {
  unitId: string;
  unitName: string;
  teachers: number;
  creditedTeachers: number;
  hours: number;
  credits: number;
  enrolments: number;
  completedEnrolments: number;
  cycleMetTeachers: number;
}

const pct = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 1000) / 10 : null);

/** Completion rows with rates (one decimal; null where there is nothing to divide by), total last. */
export function completionTable(rows: CompletionRow[], total: CompletionRow) {
  const shape = (r: CompletionRow, isTotal: boolean) => ({
    ...r, isTotal, creditedRate: pct(r.creditedTeachers, r.teachers), completionRate: pct(r.completedEnrolments, r.enrolments), cycleMetRate: pct(r.cycleMetTeachers, r.teachers),
    hoursPerTeacher: r.teachers > 0 ? Math.round((r.hours / r.teachers) * 10) / 10 : null,
  });
  return [...rows.map((r) => shape(r, false)), shape(total, true)];
}

/** Progress towards a cycle's required hours, 0–100. */
export function cycleProgress(hours: number, requiredHours: number): number {
  if (!(requiredHours > 0)) return 0;
  return Math.min(100, Math.round((hours / requiredHours) * 1000) / 10);
}

export interface RuleRow {
  id: string;
  provinceUnitId: string | null;
  effectiveFrom: string;
}

/** The version in force on a date: the province's newest from before, else the default's (gateway ruleInForce). */
export function ruleInForce<T extends RuleRow>(rules: T[], date: string): T | null {
  const before = rules.filter((r) => r.effectiveFrom <= date);
  const pick = (list: T[]) => list.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom))[0] ?? null;
  const oldestDefault = rules.filter((r) => !r.provinceUnitId).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))[0] ?? null;
  return pick(before.filter((r) => r.provinceUnitId)) ?? pick(before.filter((r) => !r.provinceUnitId)) ?? oldestDefault;
}

/** What an approval case is about, from its payload (school plan: name, year, hours; credits: project, participants; self-study: title, hours). */
export function caseSummary(payload: Record<string, unknown> | null): { title: string; hours: number | null; participants: number | null; year: number | null } {
  const p = payload ?? {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  return { title: String(p.name ?? p.project ?? p.title ?? ''), hours: num(p.hours), participants: num(p.participants), year: num(p.year) };
}
