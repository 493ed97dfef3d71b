import { createHash } from 'node:crypto';
import type { ErrorCode } from '@tmis/shared';
import type { ReportRow } from '../imports/error-report.js';
import { reasonOf } from '../imports/error-report.js';
import { SCHOOL_ATTRIBUTES, SCHOOL_COLUMNS, type SchoolAttribute } from './directory-columns.js';
import { authorityNameOf, parentCodeOf, resolveAuthority, type SchoolRow } from './directory-row.js';

/** A unit of the province's subtree as the plan sees it (cities, counties, schools). */
export interface ExistingUnit {
  id: string;
  code: string;
  name: string;
  level: string;
  parentCode: string | null;
  status: string;
  schoolType: string | null;
  sponsorType: string | null;
  urbanRuralType: string | null;
  address: string | null;
}

/** A row of the 行政区划 sheet, already checked (code of this province, city or county level). */
export interface DivisionEntry {
  rowNumber: number;
  code: string;
  level: 'city' | 'county';
  name: string;
  authorityName: string | null;
}

export type PlanAction = 'create' | 'update' | 'unchanged' | 'close' | 'invalid';

export interface PlanChange { field: string; from: string | null; to: string | null }

/** One line of the dry run: a school row of the file, a division to create or rename, or a school to close. */
export interface PlanRow {
  /** The row in the file (行政区划 rows count from that sheet); null for closes and derived divisions. */
  rowNumber: number | null;
  kind: 'school' | 'city' | 'county';
  action: PlanAction;
  code: string;
  name: string;
  parentCode: string | null;
  changes?: PlanChange[];
  issues?: { column: string; reason: string }[];
  /** Set for the closes: teachers still active there (they stay readable). */
  activeTeachers?: number;
  /** The school's new values, for the apply (creates and updates). */
  values?: Partial<Record<SchoolAttribute, string | null>>;
}

export interface PlanSummary {
  rows: number;
  schools: Record<PlanAction, number>;
  divisions: { create: number; update: number };
}

export interface DivisionIssue { rowNumber: number; column: string; reason: string }

export interface Plan {
  rows: PlanRow[];
  summary: PlanSummary;
  invalid: ReportRow[];
  /** Problems of the 行政区划 sheet: the whole file is refused (the sheet is short and names whole counties). */
  divisionIssues: DivisionIssue[];
  /** Of what the apply will do; an apply whose fresh plan differs was overtaken by other changes. */
  hash: string;
}

export interface PlanInput {
  provinceCode: string;
  schools: SchoolRow[];
  divisions: DivisionEntry[];
  /** Cities, counties and schools of the province's subtree. */
  existing: ExistingUnit[];
  /** Codes of the file held by units outside the province's subtree. */
  codesElsewhere: ReadonlySet<string>;
  /** School attributes whose column the file has: only those are compared. */
  present: ReadonlySet<SchoolAttribute>;
}

const label = new Map(SCHOOL_COLUMNS.map((c) => [c.key, c.label]));
const blank = (v: string | null | undefined): string | null => (v === undefined || v === null || v === '' ? null : v);

/**
 * The dry run's plan (pure): what the file would create, update, leave alone and close. Schools
 * are matched by 学校标识码; cities and counties come from the division codes and are created
 * under the province when missing; schools of the province that the file no longer lists are
 * closed, never deleted. A school whose parent would change is an invalid row (a change of
 * affiliation moves its teachers' scope and is not a directory update).
 */
export function planDirectory(input: PlanInput): Plan {
  const { provinceCode } = input;
  const existing = new Map(input.existing.map((u) => [u.code, u]));
  const rows: PlanRow[] = [];
  const invalid: ReportRow[] = [];
  const divisions = new Map<string, PlanRow>();
  const sheetNames = new Map(input.divisions.map((d) => [d.code, d]));
  const divisionIssues: DivisionIssue[] = [];

  // Divisions named by the sheet: created, renamed or confirmed.
  const known = (code: string, level: 'city' | 'county'): 'ok' | 'taken' | 'missing' => {
    const u = existing.get(code);
    if (u) return u.level === level ? 'ok' : 'taken';
    if (input.codesElsewhere.has(code)) return 'taken';
    return divisions.has(code) ? 'ok' : 'missing';
  };
  const addDivision = (code: string, level: 'city' | 'county', unitName: string, rowNumber: number | null): void => {
    const parentCode = level === 'county' ? `${code.slice(0, 4)}00` : provinceCode;
    const row: PlanRow = { rowNumber, kind: level, action: 'create', code, name: unitName, parentCode };
    divisions.set(code, row);
    rows.push(row);
  };
  for (const d of [...input.divisions].sort((a, b) => (a.level === b.level ? 0 : a.level === 'city' ? -1 : 1))) {
    const unitName = authorityNameOf(d.name, d.authorityName);
    const u = existing.get(d.code);
    if (u && u.level === d.level) {
      if (u.name !== unitName) rows.push({ rowNumber: d.rowNumber, kind: d.level, action: 'update', code: d.code, name: unitName, parentCode: u.parentCode, changes: [{ field: 'name', from: u.name, to: unitName }] });
      continue;
    }
    const state = known(d.code, d.level);
    if (state === 'taken') divisionIssues.push({ rowNumber: d.rowNumber, column: '区划代码', reason: reasonOf({ key: 'code', code: 'UNIT_DIRECTORY_DIVISION_TAKEN' }) });
    else if (state === 'missing') addDivision(d.code, d.level, unitName, d.rowNumber);
  }
  for (const d of input.divisions) {
    const city = `${d.code.slice(0, 4)}00`;
    if (d.level === 'county' && divisions.has(d.code) && known(city, 'city') !== 'ok') {
      divisionIssues.push({ rowNumber: d.rowNumber, column: '区划代码', reason: `${reasonOf({ key: 'code', code: 'UNIT_DIRECTORY_DIVISION_NAME_MISSING' })}（所在市 ${city}）` });
    }
  }

  // Names of new counties from the schools' 区划名称 column (the first row that gives one).
  const rowNames = new Map<string, string>();
  for (const s of input.schools) {
    const code = s.location?.countyCode ?? s.location?.cityCode;
    if (code && s.data.divisionName && !rowNames.has(code)) rowNames.set(code, s.data.divisionName);
  }
  const nameOf = (code: string): string | undefined => existing.get(code)?.name ?? divisions.get(code)?.name;

  /** Makes sure the division exists or is planned; the issue code when it cannot be. */
  const ensure = (code: string, level: 'city' | 'county'): ErrorCode | undefined => {
    const state = known(code, level);
    if (state === 'taken') return 'UNIT_DIRECTORY_DIVISION_TAKEN';
    if (state === 'ok') return undefined;
    const name = sheetNames.get(code)?.name ?? rowNames.get(code);
    if (!name) return 'UNIT_DIRECTORY_DIVISION_NAME_MISSING';
    addDivision(code, level, authorityNameOf(name), null);
    return undefined;
  };

  const firstRow = new Map<string, number>();
  const listed = new Set<string>();
  for (const s of input.schools) {
    const issues = [...s.issues];
    const code = s.data.schoolCode;
    if (code) listed.add(code);
    if (code && !issues.some((i) => i.key === 'schoolCode')) {
      const first = firstRow.get(code);
      if (first !== undefined) issues.push({ key: 'schoolCode', code: 'UNIT_DIRECTORY_DUPLICATE_CODE', suffix: `（与第${first}行重复）` });
      else firstRow.set(code, s.rowNumber);
      const u = existing.get(code);
      if ((u && u.level !== 'school') || input.codesElsewhere.has(code)) issues.push({ key: 'schoolCode', code: 'UNIT_DIRECTORY_CODE_TAKEN' });
    }
    let parentCode: string | null = null;
    if (s.location && !issues.some((i) => i.key === 'divisionCode')) {
      const loc = s.location;
      const missing = (loc.cityCode && ensure(loc.cityCode, 'city')) || (loc.countyCode && ensure(loc.countyCode, 'county'));
      if (missing) issues.push({ key: 'divisionCode', code: missing });
      const level = resolveAuthority(s.data.authority ?? '', loc, provinceCode, nameOf);
      if (!level) issues.push({ key: 'authority', code: 'UNIT_DIRECTORY_AUTHORITY_INVALID' });
      else parentCode = parentCodeOf(level, loc, provinceCode);
    }
    const values: Partial<Record<SchoolAttribute, string | null>> = {};
    for (const a of SCHOOL_ATTRIBUTES) if (input.present.has(a)) values[a] = blank(s.data[a]);
    const current = code ? existing.get(code) : undefined;
    if (!issues.length && current && current.parentCode !== parentCode) issues.push({ key: 'divisionCode', code: 'UNIT_DIRECTORY_PARENT_CHANGED' });
    const base = { rowNumber: s.rowNumber, kind: 'school' as const, code: code ?? s.texts.schoolCode ?? '', name: s.data.name ?? s.texts.name ?? '', parentCode };
    if (issues.length) {
      invalid.push({ rowNumber: s.rowNumber, texts: s.texts, issues });
      rows.push({ ...base, action: 'invalid', issues: issues.map((i) => ({ column: label.get(i.key) ?? i.key, reason: reasonOf(i) })) });
      continue;
    }
    if (!current) {
      rows.push({ ...base, action: 'create', values });
      continue;
    }
    const changes: PlanChange[] = [];
    for (const [field, to] of Object.entries(values) as [SchoolAttribute, string | null][]) {
      const from = blank(current[field]);
      if (from !== to) changes.push({ field, from, to });
    }
    if (current.status !== 'active') changes.push({ field: 'status', from: current.status, to: 'active' });
    rows.push({ ...base, action: changes.length ? 'update' : 'unchanged', ...(changes.length ? { changes, values } : {}) });
  }

  for (const u of input.existing) {
    if (u.level === 'school' && u.status === 'active' && !listed.has(u.code)) {
      rows.push({ rowNumber: null, kind: 'school', action: 'close', code: u.code, name: u.name, parentCode: u.parentCode, changes: [{ field: 'status', from: 'active', to: 'closed' }] });
    }
  }
  return { rows, summary: summarize(rows), invalid, divisionIssues, hash: planHash(rows) };
}

function summarize(rows: PlanRow[]): PlanSummary {
  const schools: Record<PlanAction, number> = { create: 0, update: 0, unchanged: 0, close: 0, invalid: 0 };
  const divisions = { create: 0, update: 0 };
  let fileRows = 0;
  for (const r of rows) {
    if (r.kind === 'school') {
      schools[r.action]++;
      if (r.rowNumber !== null) fileRows++;
    } else if (r.action === 'create' || r.action === 'update') divisions[r.action]++;
  }
  return { rows: fileRows, schools, divisions };
}

/** What the apply would write, in a stable form (teacher counts and row numbers left out). */
export function planHash(rows: readonly PlanRow[]): string {
  const effective = rows.filter((r) => r.action !== 'unchanged' && r.action !== 'invalid')
    .map((r) => [r.kind, r.action, r.code, r.name, r.parentCode, r.changes ?? null])
    .sort((a, b) => String(a[2]).localeCompare(String(b[2])) || String(a[1]).localeCompare(String(b[1])));
  return createHash('sha256').update(JSON.stringify(effective)).digest('hex');
}
