import { describe, expect, it } from 'vitest';
import { emWidth, PdfDocument } from './simple-pdf.js';
import { pdfTexts } from '../../testing/pdf-text.js';

/** Checks the cross-reference table: every offset points at its object. */
function xrefIsExact(pdf: Buffer): boolean {
  const src = pdf.toString('latin1');
  const start = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(src)![1]);
  const table = src.slice(start).split('\n');
  const count = Number(table[1]!.split(' ')[1]);
  for (let i = 1; i < count; i++) {
    const offset = Number(table[2 + i]!.slice(0, 10));
    if (!src.startsWith(`${i} 0 obj\n`, offset)) return false;
  }
  return src.slice(start).startsWith('xref\n');
}

describe('emWidth', () => {
  it.each([['教师', 2], ['ABC', 1.5], ['2026年', 3], ['', 0]])('%s → %d em', (s, w) => expect(emWidth(s)).toBe(w));
});

describe('PdfDocument', () => {
  it('writes a well-formed file: header, exact cross-references, trailer, one page per addPage', () => {
    const pdf = new PdfDocument({ title: '测试报告' });
    pdf.text(48, 60, '甲省教师队伍建设报告', { size: 18, bold: true });
    pdf.rect(48, 80, 100, 10, [0.1, 0.3, 0.6]);
    pdf.addPage();
    pdf.text(48, 60, 'Page 2，第二页');
    pdf.footer((page) => [{ x: 48, y: 820, s: `第 ${page} 页`, size: 8 }]);
    const buf = pdf.toBuffer();
    const src = buf.toString('latin1');
    expect(src.startsWith('%PDF-1.4\n')).toBe(true);
    expect(src.endsWith('%%EOF\n')).toBe(true);
    expect(xrefIsExact(buf)).toBe(true);
    expect(src).toContain('/Count 2');
    expect(src).toContain('/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H');
    expect(pdfTexts(buf)).toEqual(['甲省教师队伍建设报告', '第 1 页', 'Page 2，第二页', '第 2 页']);
  });

  it('wraps Chinese text to the width', () => {
    const pdf = new PdfDocument({ title: 'x' });
    const lines = pdf.wrap('一二三四五六七八九十', 50, 10);
    expect(lines).toEqual(['一二三四五', '六七八九十']);
    expect(lines.every((l) => pdf.textWidth(l, 10) <= 50)).toBe(true);
  });
});
