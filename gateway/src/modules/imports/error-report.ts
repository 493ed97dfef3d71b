import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { errorMessage, type ErrorCode, type FieldDef } from '@tmis/shared';

export const REPORT_SHEET = '错误报告';
export const REPORT_EXTRA_HEADERS = ['行号', '列', '原因'] as const;

export interface ReportIssue {
  key: string;
  code: ErrorCode;
  /** Appended to the catalogue message, e.g. "（与第5行重复）". */
  suffix?: string;
}

export interface ReportRow {
  rowNumber: number;
  texts: Record<string, string>;
  issues: ReportIssue[];
}

export const reasonOf = (i: ReportIssue): string => errorMessage(i.code) + (i.suffix ?? '');

/**
 * The error report (错误报告): every invalid row with its original values, one line per
 * (row, problem), plus 行号 (the row in the uploaded file), 列 (the column's header) and 原因
 * (the catalogue message). Streamed, so a file of 100,000 bad rows does not need a cell model.
 */
export async function buildErrorReport(columns: readonly FieldDef[], rows: readonly ReportRow[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => { out.on('end', resolve); out.on('error', reject); });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(REPORT_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [...columns.map((c) => ({ header: c.label, key: c.key, width: 14, style: { numFmt: '@' } })),
    { header: '行号', width: 8 }, { header: '列', width: 14 }, { header: '原因', width: 60 }];
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  const label = new Map(columns.map((c) => [c.key, c.label]));
  for (const r of [...rows].sort((a, b) => a.rowNumber - b.rowNumber)) {
    for (const issue of r.issues) {
      ws.addRow([...columns.map((c) => r.texts[c.key] ?? ''), r.rowNumber, label.get(issue.key) ?? issue.key, reasonOf(issue)]).commit();
    }
  }
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
