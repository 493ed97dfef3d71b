import { describe, expect, it } from 'vitest';
import { confirmedCredits, creditsFor, cycleOf, parseCompleted, parseHours, projectLevelOf, projectProblem, resultHoursProblem, selfStudyProblem } from './training-rules.js';

describe('hour → credit conversion', () => {
  it.each([
    [24, 10, 2.4], [10, 10, 1], [5, 10, 0.5], [33, 10, 3.3], [24, 12, 2], [25, 12, 2.1], [0, 10, 0], [12, 0, 0],
  ])('%s hours at %s per credit → %s', (hours, per, credits) => expect(creditsFor(hours, per)).toBe(credits));

  it.each([
    ['national: the province rule converts the hours', { completed: true, hours: 40 }, { level: 'national' as const, credits: null }, 10, { hours: 40, credits: 4 }],
    ['national: declared credits are ignored', { completed: true, hours: 40 }, { level: 'national' as const, credits: 9 }, 8, { hours: 40, credits: 5 }],
    ['county project with declared credits', { completed: true, hours: 30 }, { level: 'county' as const, credits: 2 }, 10, { hours: 30, credits: 2 }],
    ['project without declared credits', { completed: true, hours: 30 }, { level: 'city' as const, credits: null }, 10, { hours: 30, credits: 3 }],
    ['not completed: nothing counts', { completed: false, hours: 30 }, { level: 'county' as const, credits: 2 }, 10, { hours: 0, credits: 0 }],
  ])('%s', (_n, r, p, per, expected) => expect(confirmedCredits(r, p, per)).toEqual(expected));
});

describe('five-year cycles', () => {
  it.each([
    [2021, 2021, 2021, 2025], [2025, 2021, 2021, 2025], [2026, 2021, 2026, 2030], [2020, 2021, 2016, 2020], [2019, 2016, 2016, 2020],
  ])('%s with anchor %s → %s-%s', (year, anchor, start, end) => expect(cycleOf(year, anchor)).toEqual({ startYear: start, endYear: end }));
});

describe('project values', () => {
  it.each([
    [{ startDate: '2026-03-01', endDate: '2026-03-05', hours: 40 }, null],
    [{ startDate: '2026-03-05', endDate: '2026-03-01', hours: 40 }, 'TRAINING_PERIOD_INVALID'],
    [{ startDate: '2026-02-30', endDate: '2026-03-01', hours: 40 }, 'TRAINING_PERIOD_INVALID'],
    [{ startDate: '2026-03-01', endDate: '2026-03-01', hours: 0 }, 'TRAINING_HOURS_INVALID'],
    [{ startDate: '2026-03-01', endDate: '2026-03-01', hours: 2001 }, 'TRAINING_HOURS_INVALID'],
    [{ startDate: '2026-03-01', endDate: '2026-03-01', hours: 8, credits: -1 }, 'TRAINING_CREDITS_INVALID'],
    [{ startDate: '2026-03-01', endDate: '2026-03-01', hours: 8, credits: 201 }, 'TRAINING_CREDITS_INVALID'],
  ])('%j → %s', (v, code) => expect(projectProblem(v)).toBe(code));

  it.each([[0, null], [24, null], [24.5, 'TRAINING_HOURS_INVALID'], [-1, 'TRAINING_HOURS_INVALID'], [Number.NaN, 'TRAINING_HOURS_INVALID'], ['8', 'TRAINING_HOURS_INVALID']])(
    'result hours %s of a 24-hour project → %s', (h, code) => expect(resultHoursProblem(h, 24)).toBe(code));

  it.each([['school', 'school'], ['department', 'school'], ['county', 'county'], ['national', 'national']] as const)('%s owns %s projects', (unit, level) => expect(projectLevelOf(unit)).toBe(level));
});

describe('spreadsheet cells', () => {
  it.each([['是', true], ['否', false], ['完成', true], ['未完成', false], [' Y ', true], [true, true], [1, true], [0, false], ['也许', undefined], ['', undefined], [null, undefined]])(
    '是否完成 %j → %s', (v, out) => expect(parseCompleted(v)).toBe(out));
  it.each([['24', 24], [24, 24], ['12.5', 12.5], ['', Number.NaN], ['十', Number.NaN]])('hours %j → %s', (v, out) => expect(parseHours(v)).toBe(out));
});

describe('self-study limits (province rule: hours per claim and per year)', () => {
  const limits = { claimHours: 24, yearHours: 36 };
  it.each([
    ['a claim within both limits', 12, 0, null],
    ['a claim of exactly the claim limit', 24, 12, null],
    ['a claim over the claim limit', 24.5, 0, { code: 'TRAINING_SELF_STUDY_CLAIM_LIMIT', details: { hours: 24.5, max: 24 } }],
    ['a claim that fills the year exactly', 4, 32, null],
    ['a claim one hour over the year', 5, 32, { code: 'TRAINING_SELF_STUDY_YEAR_LIMIT', details: { hours: 5, max: 36, claimed: 32, remaining: 4 } }],
    ['a year already full', 1, 36, { code: 'TRAINING_SELF_STUDY_YEAR_LIMIT', details: { hours: 1, max: 36, claimed: 36, remaining: 0 } }],
    ['decimal hours add up without float noise', 0.3, 35.7, null],
  ])('%s', (_name, hours, claimed, expected) => expect(selfStudyProblem(hours, claimed, limits)).toEqual(expected));
});
