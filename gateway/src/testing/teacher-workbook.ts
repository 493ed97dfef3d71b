import ExcelJS from 'exceljs';
import { teacherColumns } from '../modules/imports/teacher-columns.js';

/** A teacher import workbook as the template shapes it: the header row, then one row per object (by column key). */
export async function teacherWorkbook(rows: Iterable<Record<string, string | null>>): Promise<Buffer> {
  const cols = teacherColumns();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教师信息');
  ws.addRow(cols.map((c) => c.label));
  for (const row of rows) ws.addRow(cols.map((c) => row[c.key] ?? null));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
