import { isRealDate, type ErrorCode, type UnitLevel } from '@tmis/shared';
import type { ProjectLevel } from './training.entity.js';

export const MAX_PROJECT_HOURS = 2000;
export const MAX_CREDITS = 200;

/** Self-study limits of a rule version that names none: half of the 72 h a year of a 360 h cycle. */
export const DEFAULT_SELF_STUDY_LIMITS = { claimHours: 24, yearHours: 36 } as const;

export interface SelfStudyLimits { claimHours: number; yearHours: number }

/**
 * Whether a self-study claim of `hours` fits the province's limits, given the hours already claimed
 * (pending or credited) in the same year.
 */
export function selfStudyProblem(hours: number, claimedInYear: number, limits: SelfStudyLimits): { code: ErrorCode; details: Record<string, number> } | null {
  if (hours > limits.claimHours) return { code: 'TRAINING_SELF_STUDY_CLAIM_LIMIT', details: { hours, max: limits.claimHours } };
  const remaining = Math.max(0, Math.round((limits.yearHours - claimedInYear) * 10) / 10);
  if (hours > remaining) return { code: 'TRAINING_SELF_STUDY_YEAR_LIMIT', details: { hours, max: limits.yearHours, claimed: claimedInYear, remaining } };
  return null;
}

/** Hours → credits with a rule's hours per credit, to one decimal (10 h per credit: 24 h → 2.4). */
export function creditsFor(hours: number, hoursPerCredit: number): number {
  if (!(hoursPerCredit > 0) || !(hours > 0)) return 0;
  return Math.round((hours / hoursPerCredit) * 10 + 1e-9) / 10;
}

/** The five-year cycle containing `year`, anchored at `anchor` (2021 → 2021-2025, 2026-2030 …). */
export function cycleOf(year: number, anchor: number): { startYear: number; endYear: number } {
  const startYear = anchor + 5 * Math.floor((year - anchor) / 5);
  return { startYear, endYear: startYear + 4 };
}

/** Projects are registered at the owner's level; schools and departments run school-based training (校本研修). */
export function projectLevelOf(unitLevel: UnitLevel): ProjectLevel {
  return unitLevel === 'school' || unitLevel === 'department' ? 'school' : unitLevel;
}

export interface ProjectValues { startDate: string; endDate: string; hours: number; credits?: number | null }

/** The first thing wrong with a project's period, hours or credits, or null. */
export function projectProblem(v: ProjectValues): ErrorCode | null {
  if (!isRealDate(v.startDate) || !isRealDate(v.endDate) || v.endDate < v.startDate) return 'TRAINING_PERIOD_INVALID';
  if (!Number.isFinite(v.hours) || v.hours <= 0 || v.hours > MAX_PROJECT_HOURS) return 'TRAINING_HOURS_INVALID';
  if (v.credits != null && (!Number.isFinite(v.credits) || v.credits < 0 || v.credits > MAX_CREDITS)) return 'TRAINING_CREDITS_INVALID';
  return null;
}

/** A participant's result: hours between 0 and the project's hours. */
export function resultHoursProblem(hours: unknown, projectHours: number): ErrorCode | null {
  return typeof hours === 'number' && Number.isFinite(hours) && hours >= 0 && hours <= projectHours ? null : 'TRAINING_HOURS_INVALID';
}

const YES = new Set(['是', '完成', '已完成', '合格', 'y', 'yes', 'true', '1']);
const NO = new Set(['否', '未完成', '不合格', 'n', 'no', 'false', '0']);

/** 是否完成 as typed in a spreadsheet; undefined when it is neither yes nor no. */
export function parseCompleted(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  const s = String(v ?? '').trim().toLowerCase();
  if (YES.has(s)) return true;
  if (NO.has(s)) return false;
  return undefined;
}

/** Hours as typed in a spreadsheet ("24", 24, "24.5"); NaN when not a number. */
export function parseHours(v: unknown): number {
  if (typeof v === 'number') return v;
  const s = String(v ?? '').trim();
  return s === '' ? Number.NaN : Number(s);
}

/**
 * Credits of one confirmed result. Not completed: none. A national project, or a project that
 * declares no credits: the hours converted with the confirming province's rule. Otherwise the
 * credits the project declares.
 */
export function confirmedCredits(r: { completed: boolean; hours: number }, p: { level: ProjectLevel; credits?: number | null }, hoursPerCredit: number): { hours: number; credits: number } {
  if (!r.completed) return { hours: 0, credits: 0 };
  if (p.level === 'national' || p.credits == null) return { hours: r.hours, credits: creditsFor(r.hours, hoursPerCredit) };
  return { hours: r.hours, credits: p.credits };
}
