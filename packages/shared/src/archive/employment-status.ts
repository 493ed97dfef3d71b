// Employment status rules (在职状态), shared by the gateway and the portals.
export type EmploymentStatus = 'active' | 'long_absence' | 'resigned' | 'retired' | 'deceased';

/**
 * 在职状态变动 (seed 000 art. 22). Long absence keeps the employment open and may end; the
 * others end the employment — a person who comes back is registered again (same teacher number).
 */
const NEXT: Record<EmploymentStatus, readonly EmploymentStatus[]> = {
  active: ['long_absence', 'resigned', 'retired', 'deceased'],
  long_absence: ['active', 'resigned', 'retired', 'deceased'],
  resigned: [],
  retired: ['deceased'],
  deceased: [],
};

export function canChangeStatus(from: string, to: string): boolean {
  return (NEXT[from as EmploymentStatus] ?? []).includes(to as EmploymentStatus);
}

/** Statuses that end the employment (end date set, active headcounts no longer count it). */
export function endsEmployment(status: string): boolean {
  return status === 'resigned' || status === 'retired' || status === 'deceased';
}

/**
 * Statuses of teachers still at their school. The teacher list shows only these unless its filter
 * names statuses; those who left (resigned, transferred out, deceased) or retired are asked for.
 */
export const CURRENT_EMPLOYMENT_STATUSES: readonly string[] = ['active', 'long_absence'];

/** Teachers no longer collected: their archive is kept, nothing new is entered (domain §2). */
export function isCollected(status: string): boolean {
  return CURRENT_EMPLOYMENT_STATUSES.includes(status);
}
