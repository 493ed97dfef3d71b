import { CURRENT_EMPLOYMENT_STATUSES, todayInChina } from '@tmis/shared';
import { AgeBand, type TeacherFilter } from './teacher.types.js';

const BANDS: Record<AgeBand, [number, number | null]> = {
  [AgeBand.UNDER_30]: [0, 29],
  [AgeBand.FROM_30_TO_39]: [30, 39],
  [AgeBand.FROM_40_TO_49]: [40, 49],
  [AgeBand.FROM_50_TO_59]: [50, 59],
  [AgeBand.FROM_60]: [60, null],
};

const iso = (d: Date): string => d.toISOString().slice(0, 10);

/** Birth-date range for an age band on `today` (the day in China): age ≥ a ⇔ born on or before today−a years. */
export function birthDateRange(band: AgeBand, today = new Date()): { $gt?: string; $lte: string } {
  const [min, max] = BANDS[band];
  const [y, m, d] = todayInChina(today).split('-').map(Number) as [number, number, number];
  const shift = (years: number): Date => new Date(Date.UTC(y - years, m - 1, d));
  const range: { $gt?: string; $lte: string } = { $lte: iso(shift(min)) };
  if (max !== null) range.$gt = iso(shift(max + 1));
  return range;
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Which employment statuses a filter lists: those it names, else only current teachers. A lookup of
 * one person by teacher number or document number finds them whatever their status.
 */
export function listedStatuses(f: TeacherFilter | undefined | null): readonly string[] | null {
  if (f?.employmentStatus?.length) return f.employmentStatus;
  if (f?.teacherNo?.trim() || f?.idNumber?.trim()) return null;
  return CURRENT_EMPLOYMENT_STATUSES;
}

/** Plain column filters (no scope, no unit subtree, no document lookup: the service adds those). */
export function columnFilters(f: TeacherFilter | undefined | null, today = new Date()): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const statuses = listedStatuses(f);
  if (statuses) out.push({ employmentStatus: { $in: [...statuses] } });
  if (!f) return out;
  if (f.name?.trim()) out.push({ name: { $ilike: `%${escapeLike(f.name.trim())}%` } });
  if (f.teacherNo?.trim()) out.push({ teacherNo: f.teacherNo.trim().toUpperCase() });
  if (f.numberState) out.push({ numberState: f.numberState });
  if (f.gender) out.push({ gender: f.gender });
  if (f.ageBand) out.push({ birthDate: birthDateRange(f.ageBand, today) });
  if (f.stage) out.push({ stage: f.stage });
  if (f.professionalTitle) out.push({ professionalTitle: f.professionalTitle });
  // Province indicators: JSON property queries on the teacher's current values.
  for (const i of f.indicators ?? []) {
    if (!/^[a-z][a-z0-9_]{1,39}$/.test(i.code)) continue;
    out.push({ indicators: { [i.code]: i.value } });
  }
  return out;
}
