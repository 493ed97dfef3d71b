import { describe, expect, it } from 'vitest';
import { emptyForm, isValidRotationPeriod, latestStartDate, toInput, validateRotationForm, withTotal, type RotationForm } from './form';

const NOW = Date.parse('2026-11-22T08:00:00Z');
const valid = (over: Partial<RotationForm> = {}): RotationForm => ({
  ...emptyForm(), teacherId: 't-1', receivingSchoolId: 's-9', startDate: '2027-09-01', endDate: '2028-08-31', personnelChange: false, ...over,
});

describe('the rotation form', () => {
  it('a complete form has no problems; "no personnel change" is an answer', () => {
    expect(validateRotationForm(valid(), 's-1', NOW)).toEqual({});
  });

  it.each([
    ['no teacher', { teacherId: '' }, { teacherId: 'required' }],
    ['no receiving school', { receivingSchoolId: ' ' }, { receivingSchoolId: 'required' }],
    ['the teacher’s own school', { receivingSchoolId: 's-1' }, { receivingSchoolId: 'TRANSFER_SAME_SCHOOL' }],
    ['no start', { startDate: '' }, { startDate: 'required' }],
    ['a start more than 366 days ahead', { startDate: '2027-11-24', endDate: '2028-11-24' }, { startDate: 'DATE_INVALID' }],
    ['no end', { endDate: '' }, { endDate: 'required' }],
    ['an end before the start', { endDate: '2027-08-31' }, { endDate: 'ROTATION_PERIOD_INVALID' }],
    ['an end on the start', { endDate: '2027-09-01' }, { endDate: 'ROTATION_PERIOD_INVALID' }],
    ['a period over six years', { endDate: '2033-09-02' }, { endDate: 'ROTATION_PERIOD_INVALID' }],
    ['personnel change not chosen', { personnelChange: null }, { personnelChange: 'required' }],
    ['a note of 501 characters', { reason: 'x'.repeat(501) }, { reason: 'tooLong' }],
  ] as [string, Partial<RotationForm>, object][])('%s → %j', (_, over, problems) => {
    expect(validateRotationForm(valid(over), 's-1', NOW)).toEqual(problems);
  });

  it.each([
    ['2026-09-01', '2032-09-01', true],
    ['2026-09-01', '2032-09-02', false],
    ['2028-02-29', '2029-02-28', true],
    ['2026-02-30', '2027-01-01', false],
  ])('period %s – %s valid: %s (the gateway’s rule)', (start, end, ok) => {
    expect(isValidRotationPeriod(start, end)).toBe(ok);
  });

  it('the last start day, and the input sent', () => {
    expect(latestStartDate(NOW)).toBe('2027-11-23');
    expect(toInput(valid({ personnelChange: true, reason: '  ', receivingSchoolId: ' s-9 ' }))).toEqual({
      teacherId: 't-1', receivingSchoolId: 's-9', startDate: '2027-09-01', endDate: '2028-08-31', personnelChange: true, reason: null,
    });
  });
});

describe('counts with a total row', () => {
  const row = (unitName: string, sent: number, received: number, withPersonnelChange: number) => ({ unitId: unitName, unitName, sent, received, withPersonnelChange });
  it('adds a total for several units, none for one', () => {
    expect(withTotal([row('A', 2, 1, 1), row('B', 0, 3, 1)], '合计').at(-1)).toEqual({ unitId: '', unitName: '合计', sent: 2, received: 4, withPersonnelChange: 2 });
    expect(withTotal([row('A', 2, 1, 1)], '合计')).toHaveLength(1);
  });
});
