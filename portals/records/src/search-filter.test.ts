import { describe, expect, it } from 'vitest';
import { presenceFilter, statusFilter } from './search-filter';

describe('teacher search: employment status filter', () => {
  it.each([
    ['nothing chosen: the default list of current teachers', [], false, undefined],
    ['chosen statuses are sent as they are', ['retired'], false, ['retired']],
    ['chosen statuses win over "include those who left"', ['active'], true, ['active']],
    ['"include those who left" asks for every status', [], true, ['active', 'long_absence', 'resigned', 'retired', 'deceased', 'transferred_out']],
  ] as [string, string[], boolean, string[] | undefined][])('%s', (_name, selected, includeLeft, expected) => {
    expect(statusFilter(selected, includeLeft)).toEqual(expected);
  });
});

describe('teacher search: relation to the unit', () => {
  it.each([
    ['nothing chosen: the gateway default (own teachers and rotation guests)', [], undefined],
    ['those who transferred out, asked for', ['TRANSFERRED_OUT'], ['TRANSFERRED_OUT']],
    ['several at once', ['OWN', 'ROTATING_OUT'], ['OWN', 'ROTATING_OUT']],
  ] as [string, string[], string[] | undefined][])('%s', (_name, selected, expected) => {
    expect(presenceFilter(selected)).toEqual(expected);
  });
});
