import { describe, expect, it } from 'vitest';
import { chinaDayPlus, chinaDayStart, todayInChina, yearInChina } from './china-day.js';

describe('today is the calendar day in China', () => {
  it.each([
    ['2026-03-31T15:59:59Z', '2026-03-31'], // 23:59:59 in Beijing: still the deadline day
    ['2026-03-31T16:00:00Z', '2026-04-01'], // midnight in Beijing
    ['2026-04-01T07:30:00Z', '2026-04-01'],
    ['2026-04-01T00:30:00Z', '2026-04-01'], // 08:30 in Beijing; the UTC day is the same
    ['2026-03-31T23:30:00Z', '2026-04-01'], // 07:30 in Beijing; the UTC day would say 31 March
    ['2026-12-31T16:00:00Z', '2027-01-01'],
    ['2028-02-28T16:00:00Z', '2028-02-29'],
  ])('at %s it is %s', (instant, day) => {
    expect(todayInChina(new Date(instant))).toBe(day);
    expect(todayInChina(Date.parse(instant))).toBe(day);
  });

  it.each([
    ['2026-12-31T15:00:00Z', 2026],
    ['2026-12-31T16:00:00Z', 2027],
  ])('the year at %s is %i', (instant, year) => {
    expect(yearInChina(new Date(instant))).toBe(year);
  });

  it('a day begins at 00:00 Beijing time (16:00 UTC the day before)', () => {
    expect(chinaDayStart('2026-04-01').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    expect(todayInChina(chinaDayStart('2026-04-01'))).toBe('2026-04-01');
    expect(todayInChina(chinaDayStart('2026-04-01').getTime() - 1)).toBe('2026-03-31');
  });

  it.each([
    [0, '2026-04-01'],
    [1, '2026-04-02'],
    [-1, '2026-03-31'],
    [366, '2027-04-02'],
  ])('%i days after today (07:30 Beijing, 1 April) is %s', (days, day) => {
    expect(chinaDayPlus(days, new Date('2026-03-31T23:30:00Z'))).toBe(day);
  });
});
