import { describe, expect, it } from 'vitest';
import { campaignFor, campaignWindow, completion, laggingUnits } from './campaign-rules.js';

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
    const nearlyDone = [{ name: 'a', teachers: 10, approved: 10, overdue: 0 }, { name: 'b', teachers: 10, approved: 9, overdue: 1 }, { name: 'c', teachers: 10, approved: 9, overdue: 1 }];
    expect(laggingUnits(nearlyDone, new Date(instant), '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(names);
  });

  it('windows follow the deadlines of seed 000 art. 18', () => {
    expect(campaignWindow('annual', 2027)).toMatchObject({ opensOn: '2026-10-01', deadline: '2027-03-31' });
    expect(campaignWindow('half_year', 2026)).toMatchObject({ opensOn: '2026-04-01', deadline: '2026-09-30' });
  });

  it.each([
    [{ teachers: 0, approved: 0, overdue: 0 }, 1],
    [{ teachers: 10, approved: 4, overdue: 0 }, 0.4],
  ])('completion %o = %d', (p, c) => expect(completion(p)).toBe(c));

  const units = [
    { name: 'a', teachers: 10, approved: 10, overdue: 0 },
    { name: 'b', teachers: 10, approved: 2, overdue: 8 },
    { name: 'c', teachers: 10, approved: 5, overdue: 5 },
  ];
  it('after the deadline every unit with overdue teachers lags, worst first', () => {
    expect(laggingUnits(units, new Date('2026-10-05T00:00:00Z'), '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(['b', 'c']);
  });
  it('halfway through the window, units far behind the pace lag', () => {
    const mid = new Date('2026-07-01T00:00:00Z');
    expect(laggingUnits(units, mid, '2026-04-01', '2026-09-30').map((u) => u.name)).toEqual(['b']);
  });
});
