/**
 * The rollup's shape. Teacher columns that statistics group or filter by, each with a bit;
 * a cuboid is a set of them (its bitmask). The rollup keeps, per unit and employment status,
 * the empty set, every single column and every pair: 1 + 8 + 28 cuboids. A question that needs
 * at most two of these columns (as dimensions or filters) is answered from one cuboid; wider
 * questions, province indicators and past as-of dates read the teacher tables.
 */
export const CUBE_COLUMNS = [
  'gender', 'age_band', 'ethnicity', 'education_level', 'professional_title', 'post_category', 'establishment_status', 'staff_category',
] as const;
export type CubeColumn = (typeof CUBE_COLUMNS)[number];

export const bitOf = (c: CubeColumn): number => 1 << CUBE_COLUMNS.indexOf(c);
export const maskOf = (cols: Iterable<CubeColumn>): number => [...cols].reduce((m, c) => m | bitOf(c), 0);

/** Every stored cuboid, smallest first. */
export const CUBOIDS: number[] = (() => {
  const n = CUBE_COLUMNS.length;
  const sets = [0];
  for (let i = 0; i < n; i++) sets.push(1 << i);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) sets.push((1 << i) | (1 << j));
  return sets;
})();

/**
 * Expected rows per unit for a cuboid, to pick the cheapest one that covers a question:
 * rough distinct-value counts (ethnicity and titles spread most).
 */
const WIDTH: Record<CubeColumn, number> = {
  gender: 2, age_band: 5, ethnicity: 20, education_level: 6, professional_title: 8, post_category: 3, establishment_status: 3, staff_category: 4,
};

/** The smallest stored cuboid containing `needed`, or null when none does (more than two columns). */
export function cuboidFor(needed: ReadonlySet<CubeColumn>): number | null {
  const want = maskOf(needed);
  let best: number | null = null;
  let bestCost = Infinity;
  for (const c of CUBOIDS) {
    if ((c & want) !== want) continue;
    const cost = CUBE_COLUMNS.reduce((p, col) => (c & bitOf(col) ? p * WIDTH[col] : p), 1);
    if (cost < bestCost) {
      best = c;
      bestCost = cost;
    }
  }
  return best;
}

/** Teacher columns as the rollup names them (`age_band` is computed for the rollup's year). */
export const TEACHER_EXPR: Record<CubeColumn, string> = {
  gender: 't.gender', age_band: 'stats_age_band(t.birth_date, %YEAR%)', ethnicity: 't.ethnicity', education_level: 't.education_level',
  professional_title: 't.professional_title', post_category: 't.post_category', establishment_status: 't.establishment_status', staff_category: 't.staff_category',
};

const setSql = (mask: number): string =>
  `(t.unit_id, t.scope_path, t.status${CUBE_COLUMNS.filter((c) => mask & bitOf(c)).map((c) => `, t.${c}`).join('')})`;

/**
 * Recomputes the rollup rows of the units in `unitIdsSql` (a subquery) in one pass with
 * GROUPING SETS; `grouping()` of the columns, inverted, is exactly the cuboid bitmask.
 */
export function rollupInsertSql(unitIdsSql: string, year: number): string {
  const cols = CUBE_COLUMNS.map((c) => `${TEACHER_EXPR[c].replace('%YEAR%', String(year))} as ${c}`).join(', ');
  const grouping = `grouping(${[...CUBE_COLUMNS].reverse().map((c) => `t.${c}`).join(', ')})`;
  return `insert into stats_rollup (cuboid, unit_id, scope_path, status, ${CUBE_COLUMNS.join(', ')}, n)
    select (${(1 << CUBE_COLUMNS.length) - 1} # ${grouping})::smallint, t.unit_id, t.scope_path, t.status, ${CUBE_COLUMNS.map((c) => `t.${c}`).join(', ')}, count(*)::int
    from (select t.unit_id, t.scope_path, t.employment_status as status, ${cols}
          from teacher t
          where t.scope_path in (select u.path from unit u where u.id in (${unitIdsSql})) and t.unit_id in (${unitIdsSql})) t
    group by grouping sets (${CUBOIDS.map(setSql).join(', ')})
    order by 1, 3`;
}
