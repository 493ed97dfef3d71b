import {
  validateIdDocument, validateRecordData, type ErrorCode, type FieldDef, type IdDocumentType,
} from '@tmis/shared';
import { excelSerialToDate, type CellValue } from '../../platform/xlsx/xlsx-reader.js';
import { codeFromCell, ID_NUMBER, ID_TYPE, SCHOOL_CODE } from './teacher-columns.js';

/** A school (or department) a row may name: resolved from the unit tree before the rows are read. */
export interface SchoolRef {
  unitId: string;
  schoolId: string;
  departmentId: string | null;
  path: string;
  stage: string | null;
}

export interface RowIssue {
  key: string;
  code: ErrorCode;
}

/** A row that passed every check that needs no database. */
export interface ValidRow {
  school: SchoolRef;
  data: Record<string, string>;
  idType: IdDocumentType;
  idNormalized: string;
}

export interface CheckedRow {
  /** The cells as text, for the error report (original values). */
  texts: Record<string, string>;
  /** Normalised values (codes for names, YYYY-MM-DD dates); blank cells left out. */
  data: Record<string, string>;
  /** The school the row names (or the default), when known and in scope. */
  school?: SchoolRef;
  issues: RowIssue[];
  /** The document, when it passed its own checks (duplicate checks use it even if other cells failed). */
  doc?: { idType: IdDocumentType; normalized: string };
  /** True when the document number itself failed (checksum, pattern, gender/birth-date cross-check). */
  idCheckFailed: boolean;
  valid?: ValidRow;
}

export interface RowRules {
  /** Every column, in template order (issues are sorted by it). */
  columns: readonly FieldDef[];
  /** The school a row means, by its code; undefined = unknown or outside this import. */
  school(code: string): SchoolRef | undefined;
  /** Used when the school cell is blank (an import into one school). */
  defaultSchool?: SchoolRef;
  codeItems?: Record<string, readonly string[]>;
  today?: Date;
}

const DATE_PARTS = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** Cell → text as a person would read it (dates as YYYY-MM-DD). */
export function cellText(def: FieldDef, v: CellValue | Date | undefined): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'number') {
    if (def.type === 'date') return excelSerialToDate(v) ?? String(v);
    return Number.isInteger(v) ? v.toFixed(0) : String(v);
  }
  if (typeof v === 'boolean') return v ? '是' : '否';
  return v.trim();
}

/** Text → the value the rules check: dates as YYYY-MM-DD, code names as codes. */
function normalized(def: FieldDef, text: string, codeItems: Record<string, readonly string[]> | undefined): string {
  if (def.type === 'date') {
    const m = DATE_PARTS.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
    return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text;
  }
  if (def.type === 'code' && def.codeList && !codeItems?.[def.key]) return codeFromCell(def.codeList, text) ?? text;
  return text;
}

const byColumn = (columns: readonly FieldDef[]) => {
  const order = new Map(columns.map((c, i) => [c.key, i]));
  return (a: RowIssue, b: RowIssue): number => (order.get(a.key) ?? 999) - (order.get(b.key) ?? 999);
};

/**
 * Checks one row with the shared rules: required fields, code lists, real dates, lengths (the
 * info-set validator), the school, and the identity document (GB 11643 checksum and pattern,
 * cross-checked with gender and birth date). Database checks (duplicates) come later.
 */
export function checkRow(cells: Record<string, CellValue | Date | undefined>, rules: RowRules): CheckedRow {
  const texts: Record<string, string> = {};
  const data: Record<string, string> = {};
  for (const def of rules.columns) {
    const text = cellText(def, cells[def.key]);
    texts[def.key] = text;
    if (text !== '') data[def.key] = normalized(def, text, rules.codeItems);
  }
  data.idType ??= '1';

  const checked = rules.columns.filter((c) => c.key !== SCHOOL_CODE.key);
  const { errors } = validateRecordData(checked, data, { strict: false, codeItems: rules.codeItems });
  const issues: RowIssue[] = errors.map((e) => ({ key: e.field, code: e.code }));
  const failed = new Set(issues.map((i) => i.key));

  const schoolCode = data.schoolCode;
  const school = schoolCode !== undefined ? rules.school(schoolCode) : rules.defaultSchool;
  if (!school) issues.push({ key: SCHOOL_CODE.key, code: schoolCode === undefined ? 'FIELD_REQUIRED' : 'IMPORT_SCHOOL_OUT_OF_SCOPE' });

  let doc: CheckedRow['doc'];
  let idCheckFailed = false;
  if (!failed.has(ID_TYPE.key) && !failed.has(ID_NUMBER.key)) {
    const idType = data.idType as IdDocumentType;
    const result = validateIdDocument(idType, data.idNumber!, {
      gender: failed.has('gender') ? undefined : (data.gender as never),
      // A birth date that passed the field check is a real date; a failed one is not cross-checked.
      birthDate: failed.has('birthDate') ? undefined : data.birthDate,
      today: rules.today,
    });
    if (result.ok) doc = { idType, normalized: result.normalized };
    else {
      idCheckFailed = true;
      issues.push({ key: result.field ?? ID_NUMBER.key, code: result.code });
    }
  }
  issues.sort(byColumn(rules.columns));
  const valid = issues.length === 0 && doc && school ? { school, data, idType: doc.idType, idNormalized: doc.normalized } : undefined;
  return { texts, data, school, issues, doc, idCheckFailed, valid };
}
