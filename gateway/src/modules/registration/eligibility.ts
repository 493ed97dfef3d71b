import { codeName } from '@tmis/shared';

/** Five years reviewed by one periodic registration (定期注册), as calendar years. */
export interface Cycle { startYear: number; endYear: number }

export type ConditionKey = 'assessment' | 'training' | 'ethics';

export interface Condition { key: ConditionKey; name: string; met: boolean; reason: string }

export interface EligibilityFacts {
  cycle: Cycle;
  /** Year the teacher started at the current employer; earlier years need no assessment. */
  hireYear: number | null;
  assessments: { year: number; result: string }[];
  trainingHours: number;
  requiredHours: number;
  ethics: { kind: string; title: string; date?: string | null; authority?: string | null }[];
}

export interface Eligibility { eligible: boolean; conditions: Condition[] }

/** 合格及以上: qualified or excellent. */
export const GOOD_ASSESSMENTS: readonly string[] = ['excellent', 'qualified'];
const DISCIPLINE = new Set(['discipline', '处分']);

/**
 * The cycle an application of `year` reviews: the five years of the last registration
 * (registered in D: D … D+4, next due in D+5), or for a first registration the five years
 * before the application.
 */
export function reviewedCycle(year: number, lastRegisteredYear: number | null): Cycle {
  if (lastRegisteredYear == null) return { startYear: year - 5, endYear: year - 1 };
  return { startYear: lastRegisteredYear, endYear: lastRegisteredYear + 4 };
}

/** Registered in `decidedOn`: valid for five years to the day. */
export function validUntil(decidedOn: string): string {
  return `${Number(decidedOn.slice(0, 4)) + 5}${decidedOn.slice(4)}`;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * Seed 000 art. 26 and the national rules: every annual assessment of the cycle qualified or
 * better, enough training hours in the cycle, and no disqualifying ethics record — each
 * condition with the reason it is met or not.
 */
export function evaluateEligibility(f: EligibilityFacts): Eligibility {
  const { startYear, endYear } = f.cycle;
  const from = Math.max(startYear, f.hireYear ?? startYear);
  const problems: string[] = [];
  for (let y = from; y <= endYear; y++) {
    const results = f.assessments.filter((a) => a.year === y);
    if (results.length === 0) problems.push(`${y}年度无年度考核记录`);
    for (const a of results) if (!GOOD_ASSESSMENTS.includes(a.result)) problems.push(`${y}年度考核结果为${codeName('assessmentResult', a.result) ?? a.result}`);
  }
  const assessment: Condition = {
    key: 'assessment', name: '年度考核', met: problems.length === 0,
    reason: problems.length ? problems.join('；') : from > endYear ? '周期内无须年度考核' : `${from}—${endYear}年度考核均为合格及以上`,
  };

  const hours = round1(f.trainingHours);
  const training: Condition = {
    key: 'training', name: '培训学时', met: hours >= f.requiredHours,
    reason: hours >= f.requiredHours ? `周期内培训${hours}学时，达到${f.requiredHours}学时要求` : `周期内培训${hours}学时，不足${f.requiredHours}学时（差${round1(f.requiredHours - hours)}学时）`,
  };

  const bad = f.ethics.filter((e) => DISCIPLINE.has(e.kind.trim()) && (!e.date || (Number(e.date.slice(0, 4)) >= startYear && Number(e.date.slice(0, 4)) <= endYear)));
  const ethics: Condition = {
    key: 'ethics', name: '师德表现', met: bad.length === 0,
    reason: bad.length ? `有师德处分记录：${bad.map((e) => `${e.date ? `${e.date} ` : ''}${e.title}${e.authority ? `（${e.authority}）` : ''}`).join('；')}` : '周期内无师德处分记录',
  };
  const conditions = [assessment, training, ethics];
  return { eligible: conditions.every((c) => c.met), conditions };
}

/** The reasons of the conditions not met, for a deferral that states no reason of its own. */
export function failedReasons(e: Eligibility): string {
  return e.conditions.filter((c) => !c.met).map((c) => `${c.name}：${c.reason}`).join('；');
}
