import { describe, expect, it } from 'vitest';
import { statusFilter } from './search-filter';

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
