import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { excelSerialToDate, readFirstSheet, readNamedSheet, XlsxFormatError, type SheetRow } from './xlsx-reader.js';

async function readAll(buf: Buffer): Promise<SheetRow[]> {
  const out: SheetRow[] = [];
  for await (const chunk of readFirstSheet(buf).rows) out.push(...chunk);
  return out;
}

async function streamed(rows: unknown[][]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false });
  const ws = wb.addWorksheet('S');
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

describe('readFirstSheet', () => {
  it('reads shared strings, rich text, numbers, booleans, escapes and gaps from an Excel-style workbook', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师信息');
    wb.addWorksheet('第二页').addRow(['不应读取']);
    ws.getCell('A1').value = '姓名';
    ws.getCell('B1').value = { richText: [{ text: '身份' }, { text: '证号', font: { bold: true } }] };
    ws.getCell('A2').value = '张<三>&"李"';
    ws.getCell('C2').value = 42.5;
    ws.getCell('D2').value = true;
    ws.getCell('A4').value = '第四行';
    ws.getCell('AB4').value = '远列';
    const rows = await readAll(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(rows.map((r) => r.number)).toEqual([1, 2, 4]);
    expect(rows[0]!.cells).toEqual(['姓名', '身份证号']);
    expect(rows[1]!.cells[0]).toBe('张<三>&"李"');
    expect(rows[1]!.cells[1]).toBeUndefined();
    expect(rows[1]!.cells.slice(2)).toEqual([42.5, true]);
    expect(rows[2]!.cells[27]).toBe('远列');
  });

  it('reads inline strings of a streamed workbook across many chunks, in order', async () => {
    const data = Array.from({ length: 30_000 }, (_, i) => [`行${i}`, i, `330102${String(i).padStart(12, '0')}`]);
    const rows = await readAll(await streamed(data));
    expect(rows).toHaveLength(30_000);
    expect(rows[29_999]).toEqual({ number: 30_000, cells: ['行29999', 29_999, '330102000000029999'] });
    expect(rows.every((r, i) => r.number === i + 1 && r.cells[1] === i)).toBe(true);
  });

  it('opens a sheet by its name (a workbook of several sheets), or says there is none', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('学校名录').addRow(['学校标识码']);
    wb.addWorksheet('行政区划 & 说明').addRow(['区划代码', '区划名称']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const rows: SheetRow[] = [];
    for await (const chunk of readNamedSheet(buf, '行政区划 & 说明')!.rows) rows.push(...chunk);
    expect(rows).toEqual([{ number: 1, cells: ['区划代码', '区划名称'] }]);
    expect(readNamedSheet(buf, '没有这一页')).toBeUndefined();
    expect((await readAll(buf))[0]!.cells).toEqual(['学校标识码']);
  });

  it('refuses what is not an .xlsx', () => {
    expect(() => readFirstSheet(Buffer.from('name,idNumber\n张三,1\n'))).toThrow(XlsxFormatError);
  });

  it.each([
    [1, '1900-01-01'], [59, '1900-02-28'], [61, '1900-03-01'], [31121, '1985-03-15'], [45658, '2025-01-01'], [0, undefined], [-3, undefined],
  ])('Excel day %d is %s', (serial, date) => {
    expect(excelSerialToDate(serial)).toBe(date);
  });
});
