import ExcelJS from 'exceljs';
import { errorMessage, type ErrorCode, type FieldDef } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { readFirstSheet, XlsxFormatError, type CellValue } from '../../platform/xlsx/xlsx-reader.js';
import { mapHeader, missingColumns, type ColumnMap } from '../imports/header-map.js';
import { buildErrorReport, type ReportRow } from '../imports/error-report.js';

/** Training files are small (one project's participants): read synchronously, all or nothing. */
export const MAX_TRAINING_ROWS = 5000;

const col = (key: string, label: string, labelEn: string, required = false): FieldDef => ({ key, label, labelEn, type: 'text', required });

export const ENROLMENT_COLUMNS: readonly FieldDef[] = [
  col('teacherNo', '教师个人标识码', 'Teacher number', true), col('name', '姓名', 'Name', true), col('school', '所在学校', 'School'),
];
export const RESULT_COLUMNS: readonly FieldDef[] = [
  col('teacherNo', '教师个人标识码', 'Teacher number', true), col('name', '姓名', 'Name', true),
  col('completed', '是否完成', 'Completed', true), col('hours', '实际学时', 'Hours', true), col('remark', '备注', 'Remark'),
];

export interface TableRow { rowNumber: number; cells: Record<string, CellValue | undefined> }
export interface RowError { rowNumber: number; column: string; code: ErrorCode; message: string }

/** Text of a cell as typed (numbers as written, no exponent for integers). */
export const cellText = (v: CellValue | undefined): string => (v === null || v === undefined ? '' : typeof v === 'number' && Number.isInteger(v) ? v.toFixed(0) : String(v).trim());

/**
 * The rows of the first sheet under our header (labels, and the hidden key row of our templates),
 * through the platform's streaming reader and the import's header matching. A file that is no
 * .xlsx or whose header is not ours is refused as a whole.
 */
export async function readTable(file: Buffer, columns: readonly FieldDef[]): Promise<TableRow[]> {
  let header: { map: ColumnMap; rows: number } | undefined;
  let first: { number: number; cells: CellValue[] } | undefined;
  const out: TableRow[] = [];
  const learn = (a: { number: number; cells: CellValue[] }, b?: { number: number; cells: CellValue[] }): void => {
    const found = mapHeader(a.cells, b && b.number === a.number + 1 ? b.cells : undefined, columns);
    if (!found) throw new AppError('IMPORT_HEADER_INVALID');
    const missing = missingColumns(found.map, columns.filter((c) => c.required));
    if (missing.length) throw new AppError('IMPORT_HEADER_INVALID', { missing }, `${errorMessage('IMPORT_HEADER_INVALID')}：缺少${missing.join('、')}`);
    header = found;
  };
  const take = (row: { number: number; cells: CellValue[] }): void => {
    const cells: Record<string, CellValue | undefined> = {};
    let blank = true;
    for (const [i, key] of header!.map) {
      cells[key] = row.cells[i];
      if (cellText(row.cells[i]) !== '') blank = false;
    }
    if (blank) return;
    if (out.length >= MAX_TRAINING_ROWS) throw new AppError('VALIDATION_FAILED', { maxRows: MAX_TRAINING_ROWS }, `文件行数超过上限（最多${MAX_TRAINING_ROWS}行）`);
    out.push({ rowNumber: row.number, cells });
  };
  try {
    if (file.length < 4 || file.readUInt32LE(0) !== 0x04034b50) throw new AppError('IMPORT_FILE_INVALID');
    for await (const chunk of readFirstSheet(file).rows) {
      for (const row of chunk) {
        if (!header) {
          if (!first) { first = row; continue; }
          learn(first, row);
          if (header!.rows === 2) continue;
        }
        take(row);
      }
    }
  } catch (e) {
    if (e instanceof XlsxFormatError) throw new AppError('IMPORT_FILE_INVALID');
    throw e;
  }
  if (!header && first) learn(first, undefined);
  if (!header) throw new AppError('IMPORT_HEADER_INVALID');
  return out;
}

/** The import's error report (行号/列/原因), for the rows of a refused file. */
export async function errorReportOf(columns: readonly FieldDef[], rows: TableRow[], errors: RowError[]): Promise<Buffer> {
  const byRow = new Map<number, ReportRow>();
  for (const e of errors) {
    const row = rows.find((r) => r.rowNumber === e.rowNumber);
    const entry = byRow.get(e.rowNumber) ?? { rowNumber: e.rowNumber, texts: Object.fromEntries(columns.map((c) => [c.key, cellText(row?.cells[c.key])])), issues: [] };
    entry.issues.push({ key: e.column, code: e.code });
    byRow.set(e.rowNumber, entry);
  }
  return buildErrorReport(columns, [...byRow.values()]);
}

export const rowError = (rowNumber: number, column: string, code: ErrorCode): RowError => ({ rowNumber, column, code, message: errorMessage(code) });

/** A template like the teacher import's: Chinese labels, a hidden key row, text columns, optional rows. */
export async function buildTrainingTemplate(title: string, columns: readonly FieldDef[], rows: Record<string, string>[], notes: string[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TMIS 教师管理信息系统';
  const ws = wb.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow(columns.map((c) => c.label));
  ws.addRow(columns.map((c) => c.key)).hidden = true;
  columns.forEach((c, i) => {
    const column = ws.getColumn(i + 1);
    column.width = Math.max(14, c.label.length * 2 + 6);
    column.numFmt = '@';
    const cell = ws.getCell(1, i + 1);
    cell.font = { bold: true, color: { argb: c.required ? 'FFC00000' : 'FF000000' } };
    if (c.required) cell.note = '必填';
  });
  for (const r of rows) ws.addRow(columns.map((c) => r[c.key] ?? ''));
  const help = wb.addWorksheet('填写说明');
  help.getColumn(1).width = 100;
  [title, ...notes].forEach((line, i) => { help.getCell(`A${i + 1}`).value = line; });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
