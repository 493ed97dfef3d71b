import { describe, expect, it } from 'vitest';
import { campaignFor, campaignWindow, completion, deadlineOf, inWindow, laggingUnits, validCountyDeadline } from './campaign-rules.js';

describe('campaign rules', () => {
  it.each([
    ['2026-01-15', 'annual', 2026],
    ['2026-03-31', 'annual', 2026],
    ['2026-04-01', 'half_year', 2026],
    ['2026-09-30', 'half_year', 2026],
    ['2026-10-01', 'annual', 2027],
    ['2026-11-22', 'annual', 2027],
  ] as const)('%s falls in the %s campaign of %i', (date, kind, year) => {
    expect(campaignFor(new Date(`${date}T12:00:00Z`))).toEqual({ kind, year });
  });

  it.each([
    ['2026-03-31T15:59:00Z', 'annual', 2026], // 23:59 on 31 March in Beijing
    ['2026-03-31T16:00:00Z', 'half_year', 2026], // 00:00 on 1 April in Beijing (UTC still says 31 March)
    ['2026-09-30T16:30:00Z', 'annual', 2027],
  ] as const)('at %s (Beijing time decides) it is the %s campaign of %i', (instant, kind, year) => {
    expect(campaignFor(new Date(instant))).toEqual({ kind, year });
  });

  it.each([
    ['2026-09-30T15:30:00Z', []], // 23:30 on the deadline day in Beijing: not late yet, nobody far behind the pace
    ['2026-09-30T16:30:00Z', ['b', 'c']], // 00:30 the day after in Beijing: late
  ])('the deadline day ends at 24:00 Beijing time: at %s the lagging units are %j', (instant, names) => {
    const nearlyDone = [{ name: 'a', teachers: 10, updated: 10, overdue: 0 }, { name: 'b', teachers: 10, updated: 9, overdue: 1 }, { name: 'c', teachers: 10, updated: 9, overdue: 1 }];
    expect(laggingUnits(nearlyDone, new Date(instant), '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(names);
  });

  it('windows follow the deadlines of seed 000 art. 18', () => {
    expect(campaignWindow('annual', 2027)).toMatchObject({ opensOn: '2026-10-01', deadline: '2027-03-31' });
    expect(campaignWindow('half_year', 2026)).toMatchObject({ opensOn: '2026-04-01', deadline: '2026-09-30' });
  });

  it.each([
    [{ teachers: 0, updated: 0, overdue: 0 }, 1],
    [{ teachers: 10, updated: 4, overdue: 0 }, 0.4],
  ])('completion %o = %d', (p, c) => expect(completion(p)).toBe(c));

  const units = [
    { name: 'a', teachers: 10, updated: 10, overdue: 0 },
    { name: 'b', teachers: 10, updated: 2, overdue: 8 },
    { name: 'c', teachers: 10, updated: 5, overdue: 5 },
  ];
  it('after the deadline every unit with overdue teachers lags, worst first', () => {
    expect(laggingUnits(units, new Date('2026-10-05T00:00:00Z'), '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(['b', 'c']);
  });
  it('halfway through the window, units far behind the pace lag', () => {
    const mid = new Date('2026-07-01T00:00:00Z');
    expect(laggingUnits(units, mid, '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(['b']);
  });

  it('a county with its own earlier deadline lags once that deadline has passed, while the others keep the pace rule', () => {
    const counties = [
      { name: 'early', teachers: 10, updated: 9, overdue: 1, deadline: '2026-06-30' },
      { name: 'province', teachers: 10, updated: 9, overdue: 0 },
    ];
    expect(laggingUnits(counties, new Date('2026-07-02T00:00:00Z'), '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(['early']);
    // The day before the county's deadline ends (Beijing time) it is judged by the pace, like the others.
    expect(laggingUnits(counties, new Date('2026-06-30T15:00:00Z'), '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual([]);
  });

  it.each([
    ['/1/2/3/9/', '2026-06-30'], // a school of the county
    ['/1/2/3/', '2026-06-30'], // the county itself
    ['/1/2/4/9/', '2026-09-30'], // another county's school
    ['/1/2/', '2026-09-30'], // the city above
  ])('the deadline of %s is %s', (path, deadline) => {
    expect(deadlineOf(path, '2026-09-30', [{ path: '/1/2/3/', deadline: '2026-06-30' }])).toBe(deadline);
  });

  it('a county deadline later than the province\'s (after it moved hers earlier) gives way to the province\'s', () => {
    expect(deadlineOf('/1/2/3/9/', '2026-06-15', [{ path: '/1/2/3/', deadline: '2026-06-30' }])).toBe('2026-06-15');
  });

  it.each([
    ['2026-06-30', true],
    ['2026-09-30', true], // the province's own day
    ['2026-10-01', false], // later than the province
    ['2026-04-01', false], // the opening day itself
    ['2026-03-15', false],
    ['2026-02-30', false],
    ['30/06/2026', false],
  ])('county deadline %s within 2026-04-01 … 2026-09-30: %s', (d, ok) => {
    expect(validCountyDeadline(d, '2026-04-01', '2026-09-30')).toBe(ok);
  });

  it.each([
    ['2026-03-31T15:59:59Z', false], // 23:59:59 on 31 March in Beijing: before the window
    ['2026-03-31T16:00:00Z', true], // 00:00 on 1 April in Beijing
    ['2026-09-30T15:59:59Z', true],
    ['2026-09-30T16:00:00Z', false], // 24:00 on the deadline day
  ])('at %s the half-year window of 2026 is open: %s', (instant, open) => {
    expect(inWindow(new Date(instant), '2026-04-01', '2026-09-30')).toBe(open);
  });
});
