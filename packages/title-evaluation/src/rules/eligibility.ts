import { codeName } from '@tmis/shared';

/**
 * 职称评聘 eligibility, computed from the archive alone (no form to fill in): the current title
 * must be the one directly below the title applied for, held long enough, with qualified or
 * better annual assessments in each of the last years. Pure: the service loads the facts.
 */

/** The next title up in the same series (the ladder of each series). */
export const PROMOTION: Readonly<Record<string, string>> = {
  k12_third: 'k12_second',
  k12_second: 'k12_first',
  k12_first: 'k12_senior',
  k12_senior: 'k12_senior_full',
  he_assistant: 'he_lecturer',
  he_lecturer: 'he_associate_professor',
  he_associate_professor: 'he_professor',
  voc_assistant_lecturer: 'voc_lecturer',
  voc_lecturer: 'voc_senior_lecturer',
  voc_senior_lecturer: 'voc_senior_full_lecturer',
};

/** Titles a round may offer: those some title leads to. */
export const EVALUATED_TITLES: readonly string[] = [...new Set(Object.values(PROMOTION))];

/** Results that count as passed (合格及以上). */
export const PASSING_RESULTS: readonly string[] = ['excellent', 'qualified'];

export function titleName(code: string | null | undefined, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  if (!code) return '';
  return codeName('professionalTitle', code, locale) ?? code;
}

export interface EligibilityRules {
  /** Evaluation year of the round, e.g. 2026: assessments of 2023–2025 count with 3 years. */
  year: number;
  /** Titles offered in the round. */
  titles: readonly string[];
  /** Whole years the current title must have been held on the reference date. */
  minYearsInTitle: number;
  /** How many of the latest years (year−1 backwards) need a passing assessment. */
  assessmentYears: number;
  /** Day the years in title are counted to (the round's nomination deadline). */
  referenceDate: string;
}

export interface EligibilityFacts {
  employmentStatus: string;
  /** teacher.professionalTitle (the archive's current title). */
  currentTitle: string | null;
  /** Start date of the open title_appointment record of the current title, when recorded. */
  currentTitleSince: string | null;
  /** Effective assessment records: year → result (the best when a year has several). */
  assessments: Readonly<Record<number, string>>;
}

export type ConditionKey = 'employment' | 'current_title' | 'years_in_title' | 'assessments';

export interface Condition {
  key: ConditionKey;
  /** What is required, in Chinese. */
  label: string;
  met: boolean;
  /** Why it is (not) met, in Chinese, with the archive's values. */
  reason: string;
}

export interface Eligibility {
  eligible: boolean;
  targetTitle: string | null;
  conditions: Condition[];
}

/** Whole years from `from` to `to` (ISO dates), as people count service years. */
export function wholeYears(from: string, to: string): number {
  const [fy, fm, fd] = from.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = to.split('-').map(Number) as [number, number, number];
  let years = ty - fy;
  if (tm < fm || (tm === fm && td < fd)) years -= 1;
  return years;
}

/** The years whose assessment counts: year−1, year−2, … (newest first). */
export function assessmentWindow(year: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => year - 1 - i);
}

const RESULT_NAMES: Record<string, string> = {
  excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格', not_graded: '不定等次', not_assessed: '未参加考核',
};

/**
 * Every condition is evaluated (not just the first failing one), so the school sees the full
 * picture. `targetTitle` defaults to the next title up from the current one.
 */
export function evaluateEligibility(rules: EligibilityRules, facts: EligibilityFacts, targetTitle?: string | null): Eligibility {
  const target = targetTitle ?? (facts.currentTitle ? PROMOTION[facts.currentTitle] ?? null : null);
  const conditions: Condition[] = [];

  const active = facts.employmentStatus === 'active';
  conditions.push({ key: 'employment', label: '在职在岗', met: active, reason: active ? '在职' : `当前状态：${facts.employmentStatus}` });

  const offered = target != null && rules.titles.includes(target);
  const ladder = target != null && facts.currentTitle != null && PROMOTION[facts.currentTitle] === target;
  let titleReason: string;
  if (!facts.currentTitle) titleReason = '档案中没有现任专业技术职务';
  else if (!target) titleReason = `现任${titleName(facts.currentTitle)}，没有可申报的上一级职称`;
  else if (!offered) titleReason = `本轮不评审${titleName(target)}`;
  else if (!ladder) titleReason = `现任${titleName(facts.currentTitle)}，申报${titleName(target)}须现任${titleName(previousOf(target))}`;
  else titleReason = `现任${titleName(facts.currentTitle)}，申报${titleName(target)}`;
  conditions.push({ key: 'current_title', label: '现任职称为申报职称的下一级', met: offered && ladder, reason: titleReason });

  const years = facts.currentTitleSince ? wholeYears(facts.currentTitleSince, rules.referenceDate) : null;
  const longEnough = years != null && years >= rules.minYearsInTitle;
  conditions.push({
    key: 'years_in_title', label: `任现职满${rules.minYearsInTitle}年`, met: longEnough,
    reason: years == null ? '档案中没有现任职称的聘任记录（专业技术职务聘任）' : `自${facts.currentTitleSince}起任现职，至${rules.referenceDate}满${years}年`,
  });

  const window = assessmentWindow(rules.year, rules.assessmentYears);
  const failing = window.filter((y) => !PASSING_RESULTS.includes(facts.assessments[y] ?? ''));
  const shown = window.map((y) => `${y}年${RESULT_NAMES[facts.assessments[y] ?? ''] ?? '无记录'}`).join('，');
  conditions.push({
    key: 'assessments', label: `近${rules.assessmentYears}年年度考核均为合格及以上`, met: failing.length === 0,
    reason: failing.length === 0 ? shown : `${shown}（${failing.join('、')}年未达合格）`,
  });

  return { eligible: conditions.every((c) => c.met), targetTitle: target, conditions };
}

function previousOf(title: string): string | null {
  return Object.entries(PROMOTION).find(([, next]) => next === title)?.[0] ?? null;
}

/** The best result per year (a year with two records counts its better one). */
export function bestResultPerYear(records: readonly { year: unknown; result: unknown }[]): Record<number, string> {
  const rank = (r: string) => { const i = Object.keys(RESULT_NAMES).indexOf(r); return i < 0 ? 99 : i; };
  const out: Record<number, string> = {};
  for (const r of records) {
    const year = Number(r.year);
    const result = String(r.result ?? '');
    if (!Number.isInteger(year)) continue;
    if (out[year] === undefined || rank(result) < rank(out[year]!)) out[year] = result;
  }
  return out;
}
