import type { FieldDef } from '@tmis/shared';
import type { CellValue } from '../../platform/xlsx/xlsx-reader.js';

/** Column index → field key, learnt from the header rows. */
export type ColumnMap = Map<number, string>;

const clean = (v: CellValue | undefined): string => (typeof v === 'string' ? v.replace(/[\s*＊]/g, '') : '');

function matchRow(cells: readonly (CellValue | undefined)[], lookup: Map<string, string>): ColumnMap {
  const map: ColumnMap = new Map();
  cells.forEach((v, i) => {
    const key = lookup.get(clean(v));
    if (key && ![...map.values()].includes(key)) map.set(i, key);
  });
  return map;
}

/**
 * Reads the template's header: Chinese labels on the first row, and — in files made from our
 * template — the hidden row of field keys under it, which wins (columns may then be renamed or
 * moved). Extra columns (行号/列/原因 of an error report) are ignored. Returns how many rows the
 * header took, or undefined when the row does not look like our header at all.
 */
export function mapHeader(first: readonly (CellValue | undefined)[], second: readonly (CellValue | undefined)[] | undefined, columns: readonly FieldDef[]): { map: ColumnMap; rows: 1 | 2 } | undefined {
  const byLabel = matchRow(first, new Map(columns.map((c) => [c.label, c.key])));
  const byKey = second ? matchRow(second, new Map(columns.map((c) => [c.key, c.key]))) : new Map<number, string>();
  if (byKey.size >= 3 && byKey.size >= byLabel.size) return { map: byKey, rows: 2 };
  if (byLabel.size >= 3) return { map: byLabel, rows: 1 };
  return undefined;
}

/** Labels of required columns the header lacks. */
export function missingColumns(map: ColumnMap, required: readonly FieldDef[]): string[] {
  const present = new Set(map.values());
  return required.filter((c) => !present.has(c.key)).map((c) => c.label);
}
