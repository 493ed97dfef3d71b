import { AppError } from './errors.js';

/**
 * Server paging of a list (issue 16.2): a page of `first` rows from `offset`, in an order the
 * list names by key, with the total. Every list of cases, projects and applications pages this
 * way; none is cut off silently.
 */
export interface PageArgs<K extends string> {
  first: number;
  offset: number;
  sort?: K | null;
  desc?: boolean | null;
}

export const MAX_PAGE = 200;

/** limit/offset after checking them: `first` 1…200, `offset` ≥ 0, else VALIDATION_FAILED. */
export function pageWindow(first: number, offset: number): { limit: number; offset: number } {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) throw new AppError('VALIDATION_FAILED', { field: 'first', min: 1, max: MAX_PAGE });
  if (!Number.isInteger(offset) || offset < 0) throw new AppError('VALIDATION_FAILED', { field: 'offset', min: 0 });
  return { limit: first, offset };
}

/**
 * The ORM order for a sort key the list allows (`keys` maps each key to its property), with the
 * id as the tie-breaker so pages never overlap or skip rows.
 */
export function pageOrder<K extends string>(keys: Readonly<Record<K, string>>, sort: string | null | undefined, desc: boolean | null | undefined, fallback: K): Record<string, 'asc' | 'desc'> {
  const key = sort ?? fallback;
  if (!Object.prototype.hasOwnProperty.call(keys, key)) throw new AppError('VALIDATION_FAILED', { field: 'sort', allowed: Object.keys(keys) });
  const dir = desc ?? true ? 'desc' : 'asc';
  return { [keys[key as K]]: dir, id: dir };
}
