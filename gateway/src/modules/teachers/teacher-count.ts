import { todayInChina } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { scopeFilter, type Filter } from '../../platform/access/casl-to-filter.js';
import type { Runtime } from '../../platform/runtime.js';
import { bitOf, cuboidFor, type CubeColumn } from '../statistics/statistics-cube.js';
import { Teacher } from './teacher.entity.js';
import { listedStatuses } from './teacher-filter.js';
import { visitedTeachers } from './teacher-visits.js';
import type { TeacherFilter } from './teacher.types.js';

/**
 * `totalCount` of the teacher list (issue 18.2) without counting a province on every page:
 *
 * - ROLLUP: from the maintained statistics rollup (`stats_rollup`), when the list's rows are
 *   exactly what the rollup counts — the caller's scope is one unit subtree, and the filter
 *   names only rollup columns (employment status, gender, professional title) and perhaps a
 *   unit. Units whose teachers changed since their rollup rows were built (`stats_dirty`) are
 *   counted from `teacher` in the same statement, and so are rotation guests from outside the
 *   subtree: the figure is exact at the statement's snapshot.
 * - COUNTED: `count(*)` of the list's own WHERE, as before.
 * - CACHED: a COUNTED figure of the same scope and filter, at most TTL_MS old, served while no
 *   statement has written teachers since (`teacher_write_seq`).
 */
export type TotalCountSource = 'ROLLUP' | 'COUNTED' | 'CACHED';
export interface TeacherTotal { n: number; source: TotalCountSource; countedAt: Date }

export const COUNT_CACHE_TTL_MS = 5_000;
export const COUNT_CACHE_MAX = 500;

interface Entry { n: number; version: string; at: number }

/** Per gateway (runtime): the test suite runs several, each on its own database. */
const caches = new WeakMap<Runtime, Map<string, Entry>>();

function cacheOf(runtime: Runtime): Map<string, Entry> {
  let c = caches.get(runtime);
  if (!c) caches.set(runtime, (c = new Map()));
  return c;
}

/** JSON with sorted keys, so that the same filter in another key order is the same entry. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    return `{${Object.keys(v).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

const SUBTREE_LIKE = /^\/(?:[0-9]+\/)*%$/;

/** The LIKE pattern of a scope that is exactly one unit subtree, else null (any other CASL shape). */
export function subtreePattern(scope: Filter): string | null {
  const only = (f: Filter): string | null => {
    const keys = Object.keys(f);
    if (keys.length !== 1 || keys[0] !== 'scopePath') return null;
    const cond = f.scopePath as Record<string, unknown> | null;
    if (!cond || typeof cond !== 'object' || Object.keys(cond).length !== 1 || typeof cond.$like !== 'string') return null;
    return SUBTREE_LIKE.test(cond.$like) ? cond.$like : null;
  };
  const keys = Object.keys(scope);
  if (keys.length === 1 && keys[0] === '$or' && Array.isArray(scope.$or) && scope.$or.length === 1) return only(scope.$or[0] as Filter);
  return only(scope);
}

const ROLLUP_FILTERS: [keyof TeacherFilter, CubeColumn][] = [['gender', 'gender'], ['professionalTitle', 'professional_title']];
/** Filter fields the rollup answers exactly; any other set field means COUNT. */
const ROLLUP_FIELDS = new Set<string>(['gender', 'professionalTitle', 'employmentStatus', 'unitId', 'presence']);

interface RollupPlan { patterns: string[]; statuses: string[]; columns: [CubeColumn, string][]; cuboid: number; guests: Filter | null }

/**
 * When the rollup counts exactly the list's rows, how: the subtree patterns (scope, and the unit
 * filter's), the statuses, the column equalities and the rollup cuboid that holds them.
 */
function rollupPlan(ctx: RequestContext, scope: Filter, filter: TeacherFilter | null | undefined, unitPath: string | null): RollupPlan | null {
  const pattern = subtreePattern(scope);
  if (!pattern) return null;
  const f = (filter ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(f)) {
    const set = v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0);
    if (set && !ROLLUP_FIELDS.has(k)) return null;
  }
  // Presence: the own subtree (and rotation guests, as the default list has them); those who
  // left or are away are lists of visits, not of the rollup's units.
  const presence = filter?.presence?.length ? new Set<string>(filter.presence) : new Set(['own', 'rotating_in']);
  if (!presence.has('own') || [...presence].some((p) => p !== 'own' && p !== 'rotating_in')) return null;
  const statuses = listedStatuses(filter);
  if (!statuses) return null;
  const columns: [CubeColumn, string][] = [];
  for (const [key, col] of ROLLUP_FILTERS) {
    const v = filter?.[key];
    if (typeof v === 'string' && v) columns.push([col, v]);
  }
  const cuboid = cuboidFor(new Set(columns.map(([c]) => c)));
  if (cuboid === null || columns.some(([c]) => !(cuboid & bitOf(c)))) return null;
  const guests = presence.has('rotating_in') ? visitedTeachers(ctx, ['rotation_guest']) : null;
  return { patterns: unitPath ? [pattern, `${unitPath}%`] : [pattern], statuses: [...statuses], columns, cuboid, guests };
}

/** One statement: rollup rows of clean units + live teachers of dirty units + guests from outside the subtree. */
async function rollupCount(ctx: RequestContext, plan: RollupPlan): Promise<number> {
  const em = ctx.em;
  const k = em.getKnex();
  const dirty = k('stats_dirty').select('unit_id');
  const rolled = k('stats_rollup as r').sum('r.n').where('r.cuboid', plan.cuboid).whereIn('r.status', plan.statuses).whereNotIn('r.unit_id', dirty);
  const live = k('teacher as t').count('*').whereIn('t.employment_status', plan.statuses).whereIn('t.unit_id', k('stats_dirty').select('unit_id'));
  for (const p of plan.patterns) {
    rolled.andWhere('r.scope_path', 'like', p);
    live.andWhere('t.scope_path', 'like', p);
  }
  for (const [col, v] of plan.columns) {
    rolled.andWhere(`r.${col}`, v);
    live.andWhere(`t.${col}`, v);
  }
  const parts: unknown[] = [rolled, live];
  if (plan.guests) {
    const [scopePattern, ...narrower] = plan.patterns;
    const where: Record<string, unknown>[] = [plan.guests, { $not: { scopePath: { $like: scopePattern } } }, { employmentStatus: { $in: plan.statuses } },
      ...narrower.map((p) => ({ scopePath: { $like: p } })), ...plan.columns.map(([col, v]) => ({ [col === 'professional_title' ? 'professionalTitle' : col]: v }))];
    parts.push(em.createQueryBuilder(Teacher, 't').count().where({ $and: where } as never).getKnexQuery());
  }
  const expr = parts.map((_, i) => (i === 0 ? 'coalesce((?), 0)::bigint' : '(?)::bigint')).join(' + ');
  const rows = await em.getConnection().execute<{ n: string }[]>(k.select(k.raw(`${expr} as n`, parts as never[])));
  return Number(rows[0]!.n);
}

async function writeVersion(ctx: RequestContext): Promise<string> {
  const rows = await ctx.em.getConnection().execute<{ v: string }[]>(`select last_value::text || ':' || is_called::text as v from teacher_write_seq`);
  return rows[0]!.v;
}

/**
 * The list's total. `scope` is the caller's Teacher read scope, `where` the list's full WHERE
 * (scope, presence and filter, as `scopedWhere` built it), `unitPath` the filter unit's path.
 */
export async function teacherTotal(ctx: RequestContext, scope: Filter, where: Record<string, unknown>[], filter: TeacherFilter | null | undefined, unitPath: string | null): Promise<TeacherTotal> {
  const plan = rollupPlan(ctx, scope, filter, unitPath);
  if (plan) return { n: await rollupCount(ctx, plan), source: 'ROLLUP', countedAt: new Date() };

  // Rows are a function of the scopes, the filter and the day (age bands, visits in force).
  const key = stable([scope, scopeFilter(ctx.ability, 'read', 'TeacherVisit'), filter ?? null, unitPath, todayInChina()]);
  const cache = cacheOf(ctx.runtime);
  // Read before counting: a write committed in between makes the entry outdated at once, never a stale one current.
  const version = await writeVersion(ctx);
  const now = Date.now();
  const hit = cache.get(key);
  if (hit && hit.version === version && now - hit.at < COUNT_CACHE_TTL_MS) return { n: hit.n, source: 'CACHED', countedAt: new Date(hit.at) };
  const n = await ctx.em.count(Teacher, { $and: where } as never);
  cache.delete(key);
  cache.set(key, { n, version, at: now });
  // Bounded: the oldest entries go first (a Map iterates in insertion order).
  for (const k of cache.keys()) {
    if (cache.size <= COUNT_CACHE_MAX) break;
    cache.delete(k);
  }
  return { n, source: 'COUNTED', countedAt: new Date(now) };
}
