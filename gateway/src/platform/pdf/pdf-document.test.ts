import { describe, expect, it } from 'vitest';
import { PdfDocument } from './pdf-document.js';
import { pdfPageCount, pdfTexts } from '../../testing/pdf-text.js';

describe('PdfDocument (PDFKit, embedded Noto Sans SC)', () => {
  it('writes pages a reader opens, with the Chinese text extractable and the font embedded as a subset', async () => {
    const pdf = new PdfDocument({ title: '测试报告' });
    pdf.text(48, 60, '甲省教师队伍建设报告', { size: 18, bold: true });
    pdf.rect(48, 80, 100, 10, [0.1, 0.3, 0.6]);
    pdf.text(547, 100, '12,345', { align: 'right' });
    pdf.addPage();
    pdf.text(48, 60, 'Page 2，第二页·中点');
    pdf.footer((page) => [{ x: 48, y: 820, s: `第 ${page} 页 / 共 2 页`, size: 8 }]);
    expect(pdf.pageCount).toBe(2);
    const buf = await pdf.toBuffer();
    expect(buf.toString('latin1', 0, 8)).toBe('%PDF-1.7');
    expect(await pdfPageCount(buf)).toBe(2);
    // U+00B7 · was a missing glyph in the old STSong-Light writer; the embedded font has it.
    expect(await pdfTexts(buf)).toEqual(['甲省教师队伍建设报告', '12,345', '第 1 页 / 共 2 页', 'Page 2，第二页·中点', '第 2 页 / 共 2 页']);
    const src = buf.toString('latin1');
    expect(src).toContain('/FontFile2');
    expect(src).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Regular/);
    expect(src).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC-Bold/);
    expect(src).toContain('/ToUnicode');
    // A subset, not the 10 MB font files.
    expect(buf.length).toBeLessThan(100_000);
  });

  it('wraps Chinese text to the width, measured with the font', () => {
    const pdf = new PdfDocument({ title: 'x' });
    const lines = pdf.wrap('一二三四五六七八九十', 50, 10);
    expect(lines).toEqual(['一二三四五', '六七八九十']);
    expect(lines.every((l) => pdf.textWidth(l, 10) <= 50)).toBe(true);
    // Latin is narrower than CJK in the font: more of it fits a line.
    expect(pdf.textWidth('abcde', 10)).toBeLessThan(pdf.textWidth('一二三四五', 10));
  });

});
