import { isRealDate } from '@tmis/shared';

/** Longest exchange period accepted (policy periods are 1–3 years; 6 leaves room for renewals). */
export const MAX_ROTATION_YEARS = 6;

/** True when [start, end] is a real period: end after start, within MAX_ROTATION_YEARS. */
export function isValidRotationPeriod(start: string, end: string): boolean {
  if (!isRealDate(start) || !isRealDate(end) || end <= start) return false;
  const limit = `${Number(start.slice(0, 4)) + MAX_ROTATION_YEARS}${start.slice(4)}`;
  return end <= limit;
}

/** Closed intervals of dates overlap when each starts before the other ends. */
export function periodsOverlap(a: { startDate: string; endDate: string }, b: { startDate: string; endDate: string }): boolean {
  return a.startDate <= b.endDate && b.startDate <= a.endDate;
}

/** Exchange rotation (交流轮岗) is the policy of compulsory education (义务教育学校). */
export const ROTATION_STAGES: readonly string[] = ['primary_secondary'];
