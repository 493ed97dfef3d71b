import { describe, expect, it } from 'vitest';
import { isValidRotationPeriod, periodsOverlap } from './rotation-rules.js';

describe('rotation period', () => {
  it.each([
    ['one school year', '2026-09-01', '2027-07-31', true],
    ['three years', '2026-09-01', '2029-08-31', true],
    ['exactly six years', '2026-09-01', '2032-09-01', true],
    ['more than six years', '2026-09-01', '2032-09-02', false],
    ['end before start', '2026-09-01', '2026-08-31', false],
    ['end equal to start', '2026-09-01', '2026-09-01', false],
    ['an impossible date', '2026-02-30', '2027-01-01', false],
    ['not a date', '下学期', '2027-01-01', false],
  ])('%s', (_n, start, end, ok) => {
    expect(isValidRotationPeriod(start, end)).toBe(ok);
  });
});

describe('periodsOverlap', () => {
  const p = (startDate: string, endDate: string) => ({ startDate, endDate });
  it.each([
    ['disjoint', p('2026-09-01', '2027-07-31'), p('2027-09-01', '2028-07-31'), false],
    ['touching on one day', p('2026-09-01', '2027-07-31'), p('2027-07-31', '2028-07-31'), true],
    ['contained', p('2026-09-01', '2029-07-31'), p('2027-09-01', '2028-07-31'), true],
    ['the other way round', p('2027-09-01', '2028-07-31'), p('2026-09-01', '2027-08-31'), false],
  ])('%s', (_n, a, b, overlap) => {
    expect(periodsOverlap(a, b)).toBe(overlap);
    expect(periodsOverlap(b, a)).toBe(overlap);
  });
});
