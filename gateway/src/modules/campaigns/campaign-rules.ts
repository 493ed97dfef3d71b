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
  /** Teachers with every set required for their stage entered or confirmed unchanged in the window. */
  updated: number;
  overdue: number;
  /** The deadline that applies to the unit (a county's own earlier one); the campaign's when absent. */
  deadline?: string;
}

/** The instants a campaign window starts and ends: 00:00 of the opening day to 24:00 of the deadline day, Beijing time. */
export function windowBounds(opensOn: string, deadline: string): { from: Date; to: Date } {
  return { from: chinaDayStart(opensOn), to: new Date(chinaDayStart(deadline).getTime() + 86_400_000) };
}

/** Whether `now` falls inside the window. */
export function inWindow(now: Date, opensOn: string, deadline: string): boolean {
  const { from, to } = windowBounds(opensOn, deadline);
  return now.getTime() >= from.getTime() && now.getTime() < to.getTime();
}

/** Whether the deadline day (Beijing time) is over at `now`. */
export function pastDeadline(now: Date, deadline: string): boolean {
  return now.getTime() >= chinaDayStart(deadline).getTime() + 86_400_000;
}

/** A county's own deadline: on or before the province's, after the campaign opens. */
export function validCountyDeadline(deadline: string, opensOn: string, provinceDeadline: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(deadline) && !Number.isNaN(Date.parse(deadline)) && deadline > opensOn && deadline <= provinceDeadline;
}

/**
 * The deadline of a unit at `path`: the earliest of the campaign's and that of the county at or
 * above it, if the county set its own.
 */
export function deadlineOf(path: string, campaignDeadline: string, counties: readonly { path: string; deadline: string }[]): string {
  const own = counties.find((c) => path.startsWith(c.path));
  return own && own.deadline < campaignDeadline ? own.deadline : campaignDeadline;
}

/** Completion share (updated teachers / teachers); a unit without teachers counts as complete. */
export function completion(p: UnitProgress): number {
  return p.teachers === 0 ? 1 : p.updated / p.teachers;
}

/**
 * Lagging units: once a unit's deadline (its own, else `deadline`) has passed, every unit with
 * overdue teachers; before it, units whose completion is below `threshold` of the elapsed share
 * of their window (they will not make it at their current pace). Sorted worst first.
 */
export function laggingUnits<T extends UnitProgress>(units: T[], now: Date, opensOn: string, deadline: string, threshold = 0.8): T[] {
  const start = chinaDayStart(opensOn).getTime();
  return units
    .filter((u) => {
      const end = chinaDayStart(u.deadline ?? deadline).getTime() + 86_400_000 - 1000; // 23:59:59 Beijing time
      if (now.getTime() > end) return u.overdue > 0;
      const elapsed = Math.min(1, Math.max(0, (now.getTime() - start) / (end - start)));
      return completion(u) < elapsed * threshold;
    })
    .sort((a, b) => completion(a) - completion(b));
}
