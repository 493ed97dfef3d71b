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

/**
 * Which teachers by their relation to the unit (issue 13.4). Nothing selected leaves the
 * gateway's default: the unit's own teachers and its rotation guests; 已调出 only when chosen.
 */
export function presenceFilter<P extends string>(selected: readonly P[]): P[] | undefined {
  return selected.length ? [...selected] : undefined;
}
