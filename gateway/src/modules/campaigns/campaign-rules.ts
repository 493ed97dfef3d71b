import { chinaDayStart, todayInChina } from '@tmis/shared';
export type CampaignKind = 'annual' | 'half_year';

/**
 * The two national deadlines (seed 000 art. 18, seed 003): by 31 March the full update for the
 * previous year; by 30 September the update for the first half of the current year. A
 * campaign's window opens the day after the previous deadline.
 */
export function campaignWindow(kind: CampaignKind, year: number): { opensOn: string; deadline: string; title: string } {
  return kind === 'annual'
    ? { opensOn: `${year - 1}-10-01`, deadline: `${year}-03-31`, title: `${year - 1}年度教师信息全面更新（${year}年3月31日前）` }
    : { opensOn: `${year}-04-01`, deadline: `${year}-09-30`, title: `${year}年上半年教师信息更新（${year}年9月30日前）` };
}

/** The campaign a date falls in: 1 Oct – 31 Mar → annual of the coming March; 1 Apr – 30 Sep → half-year. */
export function campaignFor(date: Date): { kind: CampaignKind; year: number } {
  const [y, m] = todayInChina(date).split('-').map(Number) as [number, number];
  if (m <= 3) return { kind: 'annual', year: y };
  if (m <= 9) return { kind: 'half_year', year: y };
  return { kind: 'annual', year: y + 1 };
}

export interface UnitProgress {
  teachers: number;
  approved: number;
  overdue: number;
}

/** Completion share (approved teachers / teachers); a unit without teachers counts as complete. */
export function completion(p: UnitProgress): number {
  return p.teachers === 0 ? 1 : p.approved / p.teachers;
}

/**
 * Lagging units: after the deadline every unit with overdue teachers; before it, units whose
 * completion is below `threshold` of the elapsed share of the window (they will not make it
 * at their current pace). Sorted worst first.
 */
export function laggingUnits<T extends UnitProgress>(units: T[], now: Date, opensOn: string, deadline: string, threshold = 0.8): T[] {
  const start = chinaDayStart(opensOn).getTime();
  const end = chinaDayStart(deadline).getTime() + 86_400_000 - 1000; // 23:59:59 Beijing time
  const elapsed = Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
  const late = now.getTime() > end;
  return units
    .filter((u) => (late ? u.overdue > 0 : completion(u) < elapsed * threshold))
    .sort((a, b) => completion(a) - completion(b));
}
