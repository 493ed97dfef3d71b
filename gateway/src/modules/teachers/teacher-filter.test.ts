import { describe, expect, it } from 'vitest';
import { birthDateRange, columnFilters, escapeLike, listedStatuses } from './teacher-filter.js';
import { AgeBand } from './teacher.types.js';

const today = new Date(Date.UTC(2026, 10, 22));

describe('age bands', () => {
  it.each([
    [AgeBand.UNDER_30, { $lte: '2026-11-22', $gt: '1996-11-22' }],
    [AgeBand.FROM_30_TO_39, { $lte: '1996-11-22', $gt: '1986-11-22' }],
    [AgeBand.FROM_60, { $lte: '1966-11-22' }],
  ])('%s', (band, expected) => {
    expect(birthDateRange(band, today)).toEqual(expected);
  });

  it('ages are counted on the day in China: at 07:30 Beijing time on 23 November it is already the 23rd', () => {
    const early = new Date('2026-11-22T23:30:00Z');
    expect(birthDateRange(AgeBand.FROM_30_TO_39, early)).toEqual({ $lte: '1996-11-23', $gt: '1986-11-23' });
  });

  it('a teacher born exactly 30 years ago is 30, not under 30', () => {
    const r = birthDateRange(AgeBand.UNDER_30, today);
    expect('1996-11-22' > r.$gt!).toBe(false);
    expect('1996-11-22' <= birthDateRange(AgeBand.FROM_30_TO_39, today).$lte).toBe(true);
  });
});

const current = { employmentStatus: { $in: ['active', 'long_absence'] } };

describe('column filters', () => {
  it('escapes LIKE wildcards typed by users', () => {
    expect(escapeLike('50%_x')).toBe('50\\%\\_x');
    expect(columnFilters({ name: ' 王% ' })).toEqual([current, { name: { $ilike: '%王\\%%' } }]);
  });
  it.each(['provisional', 'confirmed'] as const)('the number state %s is a plain column condition', (numberState) => {
    expect(columnFilters({ numberState })).toEqual([current, { numberState }]);
  });
  it('an empty filter lists current teachers only', () => {
    expect(columnFilters({})).toEqual([current]);
    expect(columnFilters(undefined)).toEqual([current]);
  });
});

describe('listed employment statuses', () => {
  it.each([
    ['no filter', undefined, ['active', 'long_absence']],
    ['a filter without statuses', { name: '王' }, ['active', 'long_absence']],
    ['an empty status list', { employmentStatus: [] }, ['active', 'long_absence']],
    ['named statuses', { employmentStatus: ['retired', 'transferred_out'] }, ['retired', 'transferred_out']],
    ['a teacher number lookup', { teacherNo: 'T3326000001' }, null],
    ['a document number lookup', { idNumber: '330106199004120028' }, null],
    ['a blank teacher number', { teacherNo: '  ' }, ['active', 'long_absence']],
    ['a lookup with named statuses', { teacherNo: 'T3326000001', employmentStatus: ['active'] }, ['active']],
  ] as [string, Parameters<typeof listedStatuses>[0], string[] | null][])('%s → %j', (_name, filter, expected) => {
    expect(listedStatuses(filter)).toEqual(expected);
  });
});
