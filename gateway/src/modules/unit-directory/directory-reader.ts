import { adminLevelOfCode, errorMessage } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { readFirstSheet, readNamedSheet, XlsxFormatError, type CellValue, type SheetReader, type SheetRow } from '../../platform/xlsx/xlsx-reader.js';
import { mapHeader, missingColumns, type ColumnMap } from '../imports/header-map.js';
import { cellText } from '../imports/teacher-row.js';
import { DIVISION_COLUMNS, DIVISIONS_SHEET, LABEL_ALIASES, SCHOOLS_SHEET, SCHOOL_ATTRIBUTES, SCHOOL_COLUMNS, type SchoolAttribute } from './directory-columns.js';
import { checkSchoolRow, type SchoolRow } from './directory-row.js';
import type { DivisionEntry, DivisionIssue } from './directory-plan.js';

/** A province has some tens of thousands of schools; this bounds a file that is something else. */
export const MAX_SCHOOL_ROWS = 100_000;

export interface DirectoryFile {
  schools: SchoolRow[];
  divisions: DivisionEntry[];
  divisionIssues: DivisionIssue[];
  /** School attributes whose column the file has. */
  present: Set<SchoolAttribute>;
}

const clean = (v: CellValue | undefined): CellValue | undefined => (typeof v === 'string' ? v.replace(/[\s*＊]/g, '') : v);

async function allRows(reader: SheetReader): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const chunk of reader.rows) out.push(...chunk);
  return out;
}

/** Header (labels, and the template's hidden key row) → column map; rows after it. */
function header(rows: SheetRow[], columns: typeof SCHOOL_COLUMNS, aliases: Record<string, string> = {}): { map: ColumnMap; body: SheetRow[] } | undefined {
  const [first, second] = rows;
  if (!first) return undefined;
  const labels = first.cells.map((v) => { const c = clean(v); return typeof c === 'string' ? aliases[c] ?? c : c; });
  const found = mapHeader(labels, second && second.number === first.number + 1 ? second.cells : undefined, columns);
  return found ? { map: found.map, body: rows.slice(found.rows) } : undefined;
}

function cellsOf(row: SheetRow, map: ColumnMap): Record<string, CellValue | undefined> | undefined {
  const cells: Record<string, CellValue | undefined> = {};
  let blank = true;
  for (const [i, key] of map) {
    cells[key] = row.cells[i];
    if (row.cells[i] !== null && row.cells[i] !== undefined && String(row.cells[i]).trim() !== '') blank = false;
  }
  return blank ? undefined : cells;
}

/** The division sheet: 区划代码 and 区划名称 (and the authority's own name), checked row by row. */
function divisionsOf(rows: SheetRow[], provinceCode: string): { divisions: DivisionEntry[]; issues: DivisionIssue[] } {
  const divisions: DivisionEntry[] = [];
  const issues: DivisionIssue[] = [];
  if (!rows.length) return { divisions, issues };
  const labels = new Map<string, string>(DIVISION_COLUMNS.map((c) => [c.label, c.key]));
  const map: ColumnMap = new Map();
  rows[0]!.cells.forEach((v, i) => { const k = labels.get(String(clean(v) ?? '')); if (k) map.set(i, k); });
  if (!['code', 'name'].every((k) => [...map.values()].includes(k))) {
    throw new AppError('IMPORT_HEADER_INVALID', { sheet: DIVISIONS_SHEET }, `${errorMessage('IMPORT_HEADER_INVALID')}：“${DIVISIONS_SHEET}”工作表须有“区划代码”“区划名称”两列`);
  }
  const seen = new Map<string, number>();
  for (const row of rows.slice(rows[1]?.cells.some((v) => v === 'code') ? 2 : 1)) {
    const cells = cellsOf(row, map);
    if (!cells) continue;
    const [code, name, authorityName] = DIVISION_COLUMNS.map((def) => cellText(def, cells[def.key]));
    const level = adminLevelOfCode(code!);
    const problem = (column: string, reason: string) => issues.push({ rowNumber: row.number, column, reason });
    if ((level !== 'city' && level !== 'county') || code!.slice(0, 2) !== provinceCode.slice(0, 2)) problem('区划代码', errorMessage('UNIT_DIRECTORY_DIVISION_INVALID'));
    else if (seen.has(code!)) problem('区划代码', `区划代码重复（与第${seen.get(code!)}行重复）`);
    else if (!name || name.length > 60) problem('区划名称', errorMessage(name ? 'FIELD_TOO_LONG' : 'FIELD_REQUIRED'));
    else if (authorityName!.length > 120) problem('教育行政部门名称', errorMessage('FIELD_TOO_LONG'));
    else {
      seen.set(code!, row.number);
      divisions.push({ rowNumber: row.number, code: code!, level, name, authorityName: authorityName || null });
    }
  }
  return { divisions, issues };
}

/**
 * Reads a unit directory workbook: the school list (first sheet) and, when present, the
 * 行政区划 sheet. File-level problems (not an .xlsx, a header that is not the list's) throw;
 * row problems are returned with the rows.
 */
export async function readDirectory(file: Buffer, provinceCode: string): Promise<DirectoryFile> {
  try {
    const first = header(await allRows(readNamedSheet(file, SCHOOLS_SHEET) ?? readFirstSheet(file)), SCHOOL_COLUMNS, LABEL_ALIASES);
    if (!first) throw new AppError('IMPORT_HEADER_INVALID');
    const missing = missingColumns(first.map, SCHOOL_COLUMNS.filter((c) => c.required));
    if (missing.length) throw new AppError('IMPORT_HEADER_INVALID', { missing }, `${errorMessage('IMPORT_HEADER_INVALID')}：缺少${missing.join('、')}`);
    const schools: SchoolRow[] = [];
    for (const row of first.body) {
      const cells = cellsOf(row, first.map);
      if (!cells) continue;
      if (schools.length >= MAX_SCHOOL_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS');
      schools.push(checkSchoolRow(row.number, cells, provinceCode));
    }
    const sheet = readNamedSheet(file, DIVISIONS_SHEET);
    const { divisions, issues } = sheet ? divisionsOf(await allRows(sheet), provinceCode) : { divisions: [], issues: [] };
    const present = new Set(SCHOOL_ATTRIBUTES.filter((a) => [...first.map.values()].includes(a)));
    return { schools, divisions, divisionIssues: issues, present };
  } catch (e) {
    if (e instanceof XlsxFormatError) throw new AppError('IMPORT_FILE_INVALID');
    throw e;
  }
}
