import { isValidCode, type CodeListId } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import type { Filter } from '../../platform/access/casl-to-filter.js';
import { CUBE_COLUMNS, cuboidFor, type CubeColumn } from './statistics-cube.js';
import {
  AGE_BAND_LABELS, DIMENSIONS, GROUPINGS, StatisticsDimension, URBAN_RURAL_AREA_LABELS, codesInGroups, type DimensionSpec,
} from './statistics-dimensions.js';
import { Frag, inList, joinSql, raw, scopePredicate, sql } from './sql-fragment.js';
import type { TeacherStatisticsFilter } from './statistics.types.js';

export const MAX_DIMENSIONS = 4;
export const MAX_CELLS = 10_000;
const TITLE_LEVELS = ['senior_full', 'senior_deputy', 'intermediate', 'junior', 'none'];
const INDICATOR_CODE = /^[a-z][a-z0-9_]{1,39}$/;

/** A dimension after validation: a core one, or a code-type province indicator with its items. */
export interface ResolvedDimension {
  dimension: StatisticsDimension;
  label: string;
  spec?: DimensionSpec;
  indicator?: { code: string; items: Map<string, string> };
}

export type StatisticsSource = 'rollup' | 'live' | 'history';

export interface StatisticsPlan {
  /** The statistics unit: its subtree is the population (ANDed with the caller's scope). */
  anchorPath: string;
  scope: Filter;
  dims: ResolvedDimension[];
  filter: TeacherStatisticsFilter;
  /** YYYY-MM-DD; history when before today. */
  asOf: string;
  source: StatisticsSource;
  /** Year the statistical age refers to. */
  year: number;
}

const CUBE_FILTERS: [keyof TeacherStatisticsFilter, CubeColumn, CodeListId | null][] = [
  ['gender', 'gender', 'gender'], ['ethnicity', 'ethnicity', 'ethnicity'], ['educationLevel', 'education_level', 'educationLevel'],
  ['professionalTitle', 'professional_title', 'professionalTitle'], ['postCategory', 'post_category', 'postCategory'],
  ['establishmentStatus', 'establishment_status', 'establishmentStatus'], ['staffCategory', 'staff_category', 'staffCategory'],
];
const UNIT_FILTERS: [keyof TeacherStatisticsFilter, string, CodeListId][] = [
  ['stage', 'stage', 'stage'], ['schoolType', 'school_type', 'schoolType'], ['urbanRuralType', 'urban_rural_type', 'urbanRuralType'], ['sponsorType', 'sponsor_type', 'sponsorType'],
];

const given = (v: readonly unknown[] | null | undefined): v is readonly string[] => Array.isArray(v) && v.length > 0;

function checkCodes(field: string, list: CodeListId, values: readonly string[]): void {
  for (const v of values) if (!isValidCode(list, v)) throw new AppError('STATS_FILTER_INVALID', { field, value: v });
}

/** Validates the filter's values (a wrong code would silently count nobody) and returns the cube columns it needs. */
export function filterColumns(f: TeacherStatisticsFilter): Set<CubeColumn> {
  const cols = new Set<CubeColumn>();
  for (const [key, col, list] of CUBE_FILTERS) {
    const v = f[key] as string[] | null | undefined;
    if (!given(v)) continue;
    if (list) checkCodes(key, list, v);
    cols.add(col);
  }
  if (given(f.ageBand)) {
    for (const b of f.ageBand) if (!(b in AGE_BAND_LABELS)) throw new AppError('STATS_FILTER_INVALID', { field: 'ageBand', value: b });
    cols.add('age_band');
  }
  if (given(f.educationGroup)) {
    if (codesInGroups(GROUPINGS.educationGroupOf, f.educationGroup).length === 0) throw new AppError('STATS_FILTER_INVALID', { field: 'educationGroup' });
    cols.add('education_level');
  }
  if (given(f.titleLevel)) {
    for (const l of f.titleLevel) if (!TITLE_LEVELS.includes(l)) throw new AppError('STATS_FILTER_INVALID', { field: 'titleLevel', value: l });
    cols.add('professional_title');
  }
  if (given(f.employmentStatus)) checkCodes('employmentStatus', 'employmentStatus', f.employmentStatus);
  for (const [key, , list] of UNIT_FILTERS) {
    const v = f[key] as string[] | null | undefined;
    if (given(v)) checkCodes(key, list, v);
  }
  if (given(f.urbanRuralArea)) {
    for (const a of f.urbanRuralArea) if (!(a in URBAN_RURAL_AREA_LABELS)) throw new AppError('STATS_FILTER_INVALID', { field: 'urbanRuralArea', value: a });
  }
  for (const i of f.indicators ?? []) if (!INDICATOR_CODE.test(i.code)) throw new AppError('STATS_FILTER_INVALID', { field: 'indicators', value: i.code });
  return cols;
}

/** Cube columns the dimensions group by (employment status is always in the rollup's key). */
export function dimensionColumns(dims: ResolvedDimension[]): Set<CubeColumn> {
  const cols = new Set<CubeColumn>();
  for (const d of dims) {
    const c = d.spec?.teacher?.column;
    if (c && c !== 'status') cols.add(c);
  }
  return cols;
}

/** Where a question is answered from: the rollup when one cuboid covers it and its age year is current. */
export function chooseSource(dims: ResolvedDimension[], f: TeacherStatisticsFilter, history: boolean, rollupYearCurrent: boolean): { source: StatisticsSource; cuboid: number | null; columns: Set<CubeColumn> } {
  const columns = new Set([...dimensionColumns(dims), ...filterColumns(f)]);
  if (history) return { source: 'history', cuboid: null, columns };
  const indicators = dims.some((d) => d.indicator) || (f.indicators?.length ?? 0) > 0;
  const cuboid = indicators || !rollupYearCurrent ? null : cuboidFor(columns);
  return { source: cuboid === null ? 'live' : 'rollup', cuboid, columns };
}

const statuses = (f: TeacherStatisticsFilter): string[] => (given(f.employmentStatus) ? [...f.employmentStatus] : ['active']);

/** Unit-side CTE: the units in scope (teachers hang on schools and departments) and their group keys. */
function scopeUnits(plan: StatisticsPlan): Frag {
  const cols: Frag[] = [raw('u.id')];
  const joins: Frag[] = [];
  plan.dims.forEach((d, i) => {
    const unit = d.spec?.unit;
    if (!unit) return;
    if ('group' in unit) {
      const g = `g${i}`;
      if (unit.group === 'school') cols.push(raw(`s.id as ${g}_id, s.name as ${g}_name, s.code as ${g}_code`));
      else {
        cols.push(raw(`${g}.id as ${g}_id, ${g}.name as ${g}_name, ${g}.code as ${g}_code`));
        if (unit.group === 'child') {
          joins.push(sql`left join lateral (select c.id, c.name, c.code from unit c where u.path <> ${plan.anchorPath}
            and c.path = ${plan.anchorPath} || split_part(substr(u.path, ${plan.anchorPath.length + 1}), '/', 1) || '/') ${raw(g)} on true`);
        } else {
          joins.push(sql`left join lateral (select a.id, a.name, a.code from unit a where a.level = ${unit.group} and u.path like a.path || '%' limit 1) ${raw(g)} on true`);
        }
      }
    } else {
      cols.push(raw(`${unit.attribute('s')} as g${i}`));
    }
  });
  const where: Frag[] = [sql`u.path like ${`${plan.anchorPath}%`}`, scopePredicate(plan.scope, 'u.path')];
  for (const [key, column] of UNIT_FILTERS) {
    const v = plan.filter[key] as string[] | null | undefined;
    if (given(v)) where.push(inList(`s.${column}`, v));
  }
  if (given(plan.filter.urbanRuralArea)) where.push(inList('s.urban_rural_type', codesInGroups(GROUPINGS.areaOf, plan.filter.urbanRuralArea)));
  return sql`select ${joinSql(cols, ', ')} from unit u
    left join unit s on s.id = (case when u.level = 'department' then u.parent_id else u.id end)
    ${joinSql(joins, '\n')}
    where ${joinSql(where, ' and ')}`;
}

/** Fact columns every source provides: unit_id, status, the needed cube columns, indicator values, n. */
function factColumns(columns: Set<CubeColumn>): CubeColumn[] {
  return CUBE_COLUMNS.filter((c) => columns.has(c));
}

function indicatorSelects(plan: StatisticsPlan, alias: string): Frag[] {
  return plan.dims.flatMap((d, i) => (d.indicator ? [sql`${raw(alias)}.indicators ->> ${d.indicator.code} as ind${i}`] : []));
}

function indicatorWhere(plan: StatisticsPlan, alias: string): Frag[] {
  return (plan.filter.indicators ?? []).map((i) => sql`${raw(alias)}.indicators ->> ${i.code} = ${i.value}`);
}

const groupPositions = (n: number): string => Array.from({ length: n }, (_, i) => i + 1).join(', ');

function liveFacts(plan: StatisticsPlan, cols: CubeColumn[], onlyDirty: boolean): Frag {
  const exprs = cols.map((c) => (c === 'age_band' ? sql`stats_age_band(t.birth_date, ${plan.year}) as age_band` : raw(`t.${c}`)));
  const selects = [raw('t.unit_id'), raw('t.employment_status as status'), ...exprs, ...indicatorSelects(plan, 't')];
  const where: Frag[] = [scopePredicate(plan.scope, 't.scope_path'), sql`t.scope_path like ${`${plan.anchorPath}%`}`, ...indicatorWhere(plan, 't')];
  if (onlyDirty) {
    where.push(raw('t.unit_id in (select unit_id from stats_dirty)'),
      raw('t.scope_path in (select du.path from unit du where du.id in (select unit_id from stats_dirty))'));
  }
  return sql`select ${joinSql(selects, ', ')}, count(*)::int as n from teacher t where ${joinSql(where, ' and ')} group by ${raw(groupPositions(selects.length))}`;
}

function rollupFacts(plan: StatisticsPlan, cols: CubeColumn[], cuboid: number): Frag {
  const selects = ['r.unit_id', 'r.status', ...cols.map((c) => `r.${c}`), 'r.n'].join(', ');
  return sql`select ${raw(selects)} from stats_rollup r
    where r.cuboid = ${cuboid} and ${scopePredicate(plan.scope, 'r.scope_path')} and r.scope_path like ${`${plan.anchorPath}%`}
      and r.unit_id not in (select unit_id from stats_dirty)
    union all
    ${liveFacts(plan, cols, true)}`;
}

/**
 * As of a past date, from the employment history: who held an employment covering the date
 * (start ≤ date ≤ end, the end being the last day), where, with the status in force on that day
 * (the latest status change effective by then). Personal columns (title, education) are the
 * current ones.
 */
function historyFacts(plan: StatisticsPlan, cols: CubeColumn[]): Frag {
  const fromEmployment = new Set(['post_category', 'establishment_status', 'staff_category']);
  const exprs = cols.map((c) => (c === 'age_band' ? sql`stats_age_band(t.birth_date, ${plan.year}) as age_band` : raw(fromEmployment.has(c) ? `e.${c}` : `t.${c}`)));
  const selects = [raw('eu.id as unit_id'), raw(`coalesce(sc.to_status, 'active') as status`), ...exprs, ...indicatorSelects(plan, 't')];
  const where: Frag[] = [
    sql`e.start_date <= ${plan.asOf}`, sql`(e.end_date is null or e.end_date >= ${plan.asOf})`,
    scopePredicate(plan.scope, 'eu.path'), sql`eu.path like ${`${plan.anchorPath}%`}`, ...indicatorWhere(plan, 't'),
  ];
  return sql`select ${joinSql(selects, ', ')}, count(*)::int as n
    from employment e join teacher t on t.id = e.teacher_id join unit eu on eu.id = coalesce(e.department_id, e.school_id)
    left join lateral (select x.to_status from status_change x where x.teacher_id = e.teacher_id and x.employment_id = e.id and x.effective_date <= ${plan.asOf}
      order by x.effective_date desc, x.created_at desc limit 1) sc on true
    where ${joinSql(where, ' and ')} group by ${raw(groupPositions(selects.length))}`;
}

/** Teacher-side filters on the facts. */
function factFilters(plan: StatisticsPlan): Frag[] {
  const f = plan.filter;
  const out: Frag[] = [inList('f.status', statuses(f))];
  for (const [key, col] of CUBE_FILTERS) {
    const v = f[key] as string[] | null | undefined;
    if (given(v)) out.push(inList(`f.${col}`, v));
  }
  if (given(f.ageBand)) out.push(inList('f.age_band', f.ageBand));
  if (given(f.educationGroup)) out.push(inList('f.education_level', codesInGroups(GROUPINGS.educationGroupOf, f.educationGroup)));
  if (given(f.titleLevel)) out.push(inList('f.professional_title', codesInGroups(GROUPINGS.titleLevelOf, f.titleLevel)));
  return out;
}

/** The whole statement: one row per non-empty cell, the dimension values in order, then `n`. */
export function statisticsSql(plan: StatisticsPlan, cuboid: number | null, columns: Set<CubeColumn>): Frag {
  const cols = factColumns(columns);
  const facts = plan.source === 'history' ? historyFacts(plan, cols) : plan.source === 'rollup' ? rollupFacts(plan, cols, cuboid!) : liveFacts(plan, cols, false);
  const selects: string[] = [];
  plan.dims.forEach((d, i) => {
    const unit = d.spec?.unit;
    if (unit && 'group' in unit) selects.push(`su.g${i}_id`, `su.g${i}_name`, `su.g${i}_code`);
    else if (unit) selects.push(`su.g${i}`);
    else if (d.spec?.teacher) selects.push(d.spec.teacher.expr('f'));
    else selects.push(`f.ind${i}`);
  });
  const select = [...selects.map((s, i) => `${s} as k${i}`), 'sum(f.n)::int as n'].join(', ');
  const group = selects.length ? raw(` group by ${groupPositions(selects.length)} order by ${groupPositions(selects.length)}`) : raw('');
  return sql`with scope_units as (${scopeUnits(plan)}), facts as (${facts})
    select ${raw(select)} from facts f join scope_units su on su.id = f.unit_id
    where ${joinSql(factFilters(plan), ' and ')}${group} limit ${MAX_CELLS + 1}`;
}
