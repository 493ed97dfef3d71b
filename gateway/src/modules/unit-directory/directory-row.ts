import { adminLevelOfCode, validateRecordData, validateSchoolCode, type ErrorCode } from '@tmis/shared';
import type { CellValue } from '../../platform/xlsx/xlsx-reader.js';
import { cellText } from '../imports/teacher-row.js';
import { codeFromCell } from '../imports/teacher-columns.js';
import type { ReportIssue } from '../imports/error-report.js';
import { SCHOOL_COLUMNS } from './directory-columns.js';

/** Where a school lies, from its GB/T 2260 code: always in the province, usually in a county of a city. */
export interface Location {
  cityCode: string | null;
  countyCode: string | null;
}

/** The level of the supervising authority (主管教育行政部门), i.e. of the school's parent unit. */
export type AuthorityLevel = 'province' | 'city' | 'county';

/**
 * A county or city code of this province → where it lies. Statistics lists may carry the 9- or
 * 12-digit township code; its first 6 digits are the county. `xx90yy` (省直辖县级行政单位) lies in
 * the grouping `xx9000`; a city without counties (东莞 441900) is its own location.
 */
export function locate(text: string, provinceCode: string): Location | undefined {
  if (!/^\d{6}(\d{3}){0,2}$/.test(text)) return undefined;
  const code = text.slice(0, 6);
  if (code.slice(0, 2) !== provinceCode.slice(0, 2)) return undefined;
  const level = adminLevelOfCode(code);
  if (level === 'county') return { cityCode: `${code.slice(0, 4)}00`, countyCode: code };
  if (level === 'city') return { cityCode: code, countyCode: null };
  if (level === 'province') return { cityCode: null, countyCode: null };
  return undefined;
}

const WORDS: Record<string, AuthorityLevel> = {
  省: 'province', 省级: 'province', 省属: 'province', 省直: 'province',
  市: 'city', 市级: 'city', 地市级: 'city', 市属: 'city', 市直: 'city',
  县: 'county', 县级: 'county', 区县级: 'county', 县区级: 'county', 区: 'county',
};

/**
 * The school's supervising authority: blank means the lowest division it lies in; otherwise a
 * level word (省级/市级/县级), the authority's division code, or its name — always one of the
 * divisions the school lies in, never another county's.
 */
export function resolveAuthority(text: string, loc: Location, provinceCode: string, nameOf: (code: string) => string | undefined = () => undefined): AuthorityLevel | undefined {
  const lowest: AuthorityLevel = loc.countyCode ? 'county' : loc.cityCode ? 'city' : 'province';
  const t = text.replace(/\s/g, '');
  if (!t) return lowest;
  const candidates: [AuthorityLevel, string | null][] = [['province', provinceCode], ['city', loc.cityCode], ['county', loc.countyCode]];
  const word = WORDS[t];
  const level = word ?? candidates.find(([, code]) => code !== null && (code === t || nameOf(code) === t))?.[0];
  if (!level) return undefined;
  return candidates.find(([l]) => l === level)![1] === null ? undefined : level;
}

/** The code of the unit a school hangs under. */
export function parentCodeOf(level: AuthorityLevel, loc: Location, provinceCode: string): string {
  return level === 'county' ? loc.countyCode! : level === 'city' ? loc.cityCode! : provinceCode;
}

export interface SchoolRow {
  rowNumber: number;
  /** Cells as text, for the error report and the per-row list. */
  texts: Record<string, string>;
  /** Normalised: codes for names, the 6-digit division code; blank cells left out. */
  data: Record<string, string>;
  location?: Location;
  issues: ReportIssue[];
}

/**
 * The checks of one school row that need no database: required cells, code lists (the name or
 * the code is accepted), lengths, the 10-digit school code of this province, the division code.
 */
export function checkSchoolRow(rowNumber: number, cells: Record<string, CellValue | undefined>, provinceCode: string): SchoolRow {
  const texts: Record<string, string> = {};
  const data: Record<string, string> = {};
  for (const def of SCHOOL_COLUMNS) {
    const text = cellText(def, cells[def.key]);
    texts[def.key] = text;
    if (text === '') continue;
    // The template's dropdowns read "211 小学": the code or the name alone is accepted too.
    data[def.key] = def.type === 'code' && def.codeList ? codeFromCell(def.codeList, text) ?? codeFromCell(def.codeList, text.split(/\s+/)[0]!) ?? text : text;
  }
  const issues: ReportIssue[] = validateRecordData(SCHOOL_COLUMNS, data, { strict: false }).errors.map((e) => ({ key: e.field, code: e.code }));
  const failed = new Set(issues.map((i) => i.key));
  if (!failed.has('schoolCode') && data.schoolCode) {
    const r = validateSchoolCode(data.schoolCode, provinceCode);
    if (!r.ok) issues.push({ key: 'schoolCode', code: r.code as ErrorCode });
  }
  let location: Location | undefined;
  if (!failed.has('divisionCode') && data.divisionCode) {
    location = locate(data.divisionCode, provinceCode);
    if (location) data.divisionCode = data.divisionCode.slice(0, 6);
    else issues.push({ key: 'divisionCode', code: 'UNIT_DIRECTORY_DIVISION_INVALID' });
  }
  return { rowNumber, texts, data, location, issues };
}

/** Name of the education authority of a division: the file's own, or the division's name + 教育局. */
export function authorityNameOf(divisionName: string, authorityName?: string | null): string {
  if (authorityName?.trim()) return authorityName.trim();
  const n = divisionName.trim();
  return /(教育局|教育委员会|教育厅|教育体育局|教育和体育局|局)$/.test(n) ? n : `${n}教育局`;
}
