/**
 * A PostgreSQL array literal for values made only of safe characters (uuids, unit paths).
 * Knex would expand a JS array parameter into a list, so arrays travel as one text parameter.
 */
export function pgArray(values: readonly string[]): string {
  for (const v of values) if (!/^[0-9a-zA-Z/_-]*$/.test(v)) throw new Error(`unsafe array element: ${v}`);
  return `{${values.join(',')}}`;
}
