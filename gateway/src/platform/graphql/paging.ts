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

/**
 * An older unpaged list query kept for API users (issue 16.2): it answers at most `cap` rows and
 * names the page query that lists them all. The object is the cap's one place; a test may lower
 * `cap` to reach it cheaply (production keeps the value it is declared with).
 */
export interface ListCap {
  cap: number;
  /** The page query to use instead (named in the error's details). */
  paged: string;
}

/** How many rows to fetch for a capped list: one more than the cap, so going over is noticed. */
export const overCap = (c: ListCap): { limit: number; offset: number } => ({ limit: c.cap + 1, offset: 0 });

/**
 * The rows of a capped list, fetched with `overCap` (or counted: `total`): above the cap it fails
 * with LIST_TOO_LARGE (max, paged) instead of cutting the list silently.
 */
export function withinCap<T>(c: ListCap, rows: T[], total = rows.length): T[] {
  if (total > c.cap || rows.length > c.cap) throw new AppError('LIST_TOO_LARGE', { max: c.cap, paged: c.paged });
  return rows;
}
