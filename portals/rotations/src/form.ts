// Subpath imports: the root index also carries the CASL rule builder, which remotes take from the shell.
import { isRealDate } from '@tmis/shared/archive';
import { chinaDayPlus } from '@tmis/shared/dates';
import type { ErrorCode } from '@tmis/shared/errors';

// The rotation form's checks, the ones the gateway makes (rotation.service.ts initiate and
// rotation-rules.ts): the same codes, so a message reads the same either way.

export interface RotationForm {
  teacherId: string;
  receivingSchoolId: string;
  startDate: string;
  endDate: string;
  /** Null until chosen: the form asks explicitly (是否转人事关系). */
  personnelChange: boolean | null;
  reason: string;
}

export type FieldProblem = 'required' | 'tooLong' | ErrorCode;
export type FormErrors = Partial<Record<keyof RotationForm, FieldProblem>>;

export const REASON_MAX = 500;
/** Longest exchange period the gateway accepts (rotation-rules.ts MAX_ROTATION_YEARS). */
export const MAX_ROTATION_YEARS = 6;
/** Start dates up to 366 days ahead (transfer.service.ts latestEffectiveDate). */
export const MAX_DAYS_AHEAD = 366;

export function emptyForm(): RotationForm {
  return { teacherId: '', receivingSchoolId: '', startDate: '', endDate: '', personnelChange: null, reason: '' };
}

export function latestStartDate(now = Date.now()): string {
  return chinaDayPlus(MAX_DAYS_AHEAD, now);
}

/** End after start and at most MAX_ROTATION_YEARS later (the gateway's isValidRotationPeriod). */
export function isValidRotationPeriod(start: string, end: string): boolean {
  if (!isRealDate(start) || !isRealDate(end) || end <= start) return false;
  return end <= `${Number(start.slice(0, 4)) + MAX_ROTATION_YEARS}${start.slice(4)}`;
}

/** `sendingSchoolId`: the teacher's current school, which cannot also receive. */
export function validateRotationForm(f: RotationForm, sendingSchoolId: string | null, now = Date.now()): FormErrors {
  const errors: FormErrors = {};
  if (!f.teacherId) errors.teacherId = 'required';
  if (!f.receivingSchoolId.trim()) errors.receivingSchoolId = 'required';
  else if (sendingSchoolId && f.receivingSchoolId === sendingSchoolId) errors.receivingSchoolId = 'TRANSFER_SAME_SCHOOL';
  if (!f.startDate) errors.startDate = 'required';
  else if (!isRealDate(f.startDate) || f.startDate > latestStartDate(now)) errors.startDate = 'DATE_INVALID';
  if (!f.endDate) errors.endDate = 'required';
  else if (!errors.startDate && !isValidRotationPeriod(f.startDate, f.endDate)) errors.endDate = 'ROTATION_PERIOD_INVALID';
  if (f.personnelChange === null) errors.personnelChange = 'required';
  if (f.reason.trim().length > REASON_MAX) errors.reason = 'tooLong';
  return errors;
}

export function toInput(f: RotationForm): Record<string, unknown> {
  return {
    teacherId: f.teacherId, receivingSchoolId: f.receivingSchoolId.trim(), startDate: f.startDate, endDate: f.endDate,
    personnelChange: f.personnelChange === true, reason: f.reason.trim() || null,
  };
}

/** Counts as a table: one row per unit, and the total row. */
export interface CountRow { unitId: string; unitName: string; sent: number; received: number; withPersonnelChange: number }
export function withTotal(rows: CountRow[], totalLabel: string): CountRow[] {
  if (rows.length <= 1) return rows;
  const sum = (k: 'sent' | 'received' | 'withPersonnelChange') => rows.reduce((n, r) => n + r[k], 0);
  return [...rows, { unitId: '', unitName: totalLabel, sent: sum('sent'), received: sum('received'), withPersonnelChange: sum('withPersonnelChange') }];
}
