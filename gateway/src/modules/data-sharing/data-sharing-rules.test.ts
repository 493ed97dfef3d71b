import { describe, expect, it } from 'vitest';
import { dimensionNotShared, periodProblem, shownStatus, unshareableField, usability } from './data-sharing-rules.js';
import type { StatisticsDimension } from '../statistics/statistics-dimensions.js';

const now = new Date('2026-06-01T00:00:00Z');
const d = (s: string): Date => new Date(s);

describe('usability of a credential', () => {
  it.each([
    ['approved, inside the period', 'approved', '2026-05-01', '2026-07-01', null],
    ['approved, before the period', 'approved', '2026-06-02', '2026-07-01', 'SHARING_NOT_STARTED'],
    ['approved, at the end instant', 'approved', '2026-05-01', '2026-06-01T00:00:00Z', 'SHARING_EXPIRED'],
    ['approved, after the end', 'approved', '2026-01-01', '2026-05-31', 'SHARING_EXPIRED'],
    ['revoked', 'revoked', '2026-05-01', '2026-07-01', 'SHARING_REVOKED'],
    ['pending', 'pending', '2026-05-01', '2026-07-01', 'SHARING_NOT_APPROVED'],
    ['returned', 'returned', '2026-05-01', '2026-07-01', 'SHARING_NOT_APPROVED'],
  ] as const)('%s', (_n, status, start, end, code) => {
    expect(usability({ status, startsAt: d(start), expiresAt: d(end) }, now)).toBe(code);
  });
});

describe('sharing period', () => {
  it.each([
    ['a month ahead', '2026-06-01', '2026-07-01', false],
    ['ends before it starts', '2026-07-01', '2026-06-15', true],
    ['already over', '2026-01-01', '2026-05-01', true],
    ['just over a year', '2026-06-01', '2027-06-03', true],
    ['an invalid date', 'x', '2026-07-01', true],
  ])('%s', (_n, start, end, bad) => {
    expect(periodProblem(d(start), d(end), now)).toBe(bad);
  });
});

describe('fields and shown status', () => {
  it.each([
    [['name', 'school'], null], [['name', 'idNumber'], 'idNumber'], [['compensations'], 'compensations'], [[], ''],
  ] as [string[], string | null][])('%j → %s', (keys, bad) => expect(unshareableField(keys)).toBe(bad));

  it.each([
    ['pending', 'in_progress', 'pending'], ['pending', 'returned', 'returned'], ['pending', 'withdrawn', 'withdrawn'], ['approved', 'approved', 'approved'], ['revoked', 'approved', 'revoked'],
  ] as const)('%s with case %s → %s', (status, c, shown) => expect(shownStatus(status, c)).toBe(shown));
});

describe('dimensionNotShared', () => {
  it.each([
    [['SCHOOL', 'PROFESSIONAL_TITLE'], ['school', 'professionalTitle'], null],
    [['TITLE_LEVEL'], ['professionalTitle'], null],
    [['GENDER'], ['school', 'professionalTitle'], 'GENDER'],
    [['AGE_BAND'], ['name'], 'AGE_BAND'],
    [['AGE_BAND'], ['birthDate'], null],
    [['INDICATOR'], ['school', 'gender'], 'INDICATOR'],
    [['CITY'], ['stage'], 'CITY'],
    [[], [], null],
  ] as [StatisticsDimension[], string[], string | null][])('%j with %j → %s', (dims, fields, refused) => {
    expect(dimensionNotShared(dims, fields)).toBe(refused);
  });
});
