import ExcelJS from 'exceljs';

export interface WorkbookMeta {
  exportId: string;
  exporter: string;
  createdAt: Date;
  purpose: string;
  filters: Record<string, unknown>;
  rowCount: number;
  /** Name of the data sheet; `教师信息` unless given. */
  sheetName?: string;
}

const fmt = (d: Date): string => d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });

/**
 * The .xlsx of an export: one sheet of data with Chinese headers, every cell as text (document
 * numbers and codes keep their leading zeros), and a second sheet saying who exported it and why.
 */
export async function buildWorkbook(headers: { header: string; width?: number }[], rows: (string | null)[][], meta: WorkbookMeta): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'TMIS';
  wb.created = meta.createdAt;
  const ws = wb.addWorksheet(meta.sheetName ?? '教师信息', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = headers.map((h) => ({ header: h.header, width: h.width ?? 14, style: { numFmt: '@' } }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r.map((v) => v ?? ''));

  const info = wb.addWorksheet('导出说明');
  info.columns = [{ width: 14 }, { width: 60 }];
  info.addRows([
    ['导出编号', meta.exportId],
    ['导出人', meta.exporter],
    ['导出时间', fmt(meta.createdAt)],
    ['导出用途', meta.purpose],
    ['查询条件', JSON.stringify(meta.filters)],
    ['记录条数', String(meta.rowCount)],
    ['说明', '本文件含教师个人信息，仅限上述用途使用，不得泄露、出售或向他人提供。'],
  ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
