import { getCodeList } from '@tmis/shared/codes';

/**
 * The statuses the teacher search asks for. Nothing selected leaves the gateway's default (current
 * teachers only); "include those who left" asks for every status.
 */
export function statusFilter(selected: readonly string[], includeLeft: boolean): string[] | undefined {
  if (selected.length) return [...selected];
  if (includeLeft) return getCodeList('employmentStatus').items.map((i) => i.code);
  return undefined;
}
