/**
 * A small PDF 1.4 writer for printable reports: A4 pages, text and vector shapes. Chinese text
 * uses the standard Adobe-GB1 font STSong-Light with the predefined UniGB-UCS2-H encoding, which
 * every PDF reader maps to an installed Song typeface — so no font file is embedded and the
 * server needs none (this project's machines have no CJK fonts). Characters outside the Adobe-GB1
 * collection (e.g. U+00B7 ·) show as a missing glyph: use Chinese punctuation. Coordinates are in
 * points from the top-left corner of the page.
 */

export const A4 = { width: 595.28, height: 841.89 } as const;

export type Rgb = readonly [number, number, number];
export interface TextOptions { size?: number; bold?: boolean; color?: Rgb; align?: 'left' | 'right' | 'center' }

const BLACK: Rgb = [0, 0, 0];
const n = (v: number): string => (Math.round(v * 100) / 100).toString();

/** Width of a string in em: full-width (CJK) 1, the rest 0.5 — the font's widths (see `/W`). */
export function emWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += (ch.codePointAt(0) ?? 0) < 0x2e80 ? 0.5 : 1;
  return w;
}

/** UCS-2 big-endian hex of a string; characters outside the BMP become U+FFFD (not in the font). */
function ucs2Hex(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    out += (cp > 0xffff ? 0xfffd : cp).toString(16).padStart(4, '0');
  }
  return out;
}

const color = (c: Rgb, op: 'rg' | 'RG'): string => `${n(c[0])} ${n(c[1])} ${n(c[2])} ${op}`;

export class PdfDocument {
  private readonly pages: string[][] = [];
  private readonly info: { title: string; author: string };

  constructor(meta: { title: string; author?: string }) {
    this.info = { title: meta.title, author: meta.author ?? 'TMIS' };
    this.addPage();
  }

  get pageCount(): number {
    return this.pages.length;
  }

  addPage(): void {
    this.pages.push([]);
  }

  private get ops(): string[] {
    return this.pages[this.pages.length - 1]!;
  }

  textWidth(s: string, size: number): number {
    return emWidth(s) * size;
  }

  /** One line of text whose baseline is at `y` (from the top). */
  text(x: number, y: number, s: string, o: TextOptions = {}): void {
    this.textOn(this.ops, x, y, s, o);
  }

  private textOn(ops: string[], x: number, y: number, s: string, o: TextOptions): void {
    const size = o.size ?? 10.5;
    const w = this.textWidth(s, size);
    const left = o.align === 'right' ? x - w : o.align === 'center' ? x - w / 2 : x;
    // Bold: fill and stroke the glyphs (the standard font has no bold face).
    const render = o.bold ? `2 Tr ${n(size / 30)} w ${color(o.color ?? BLACK, 'RG')} ` : '0 Tr ';
    ops.push(`BT /F1 ${n(size)} Tf ${render}${color(o.color ?? BLACK, 'rg')} 1 0 0 1 ${n(left)} ${n(A4.height - y)} Tm <${ucs2Hex(s)}> Tj ET`);
  }

  /** Splits `s` into lines no wider than `width` at this size (Chinese breaks anywhere). */
  wrap(s: string, width: number, size: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const ch of s) {
      if (line && this.textWidth(line + ch, size) > width) {
        lines.push(line);
        line = ch === ' ' ? '' : ch;
      } else line += ch;
    }
    if (line) lines.push(line);
    return lines;
  }

  /** Text on every page (page numbers, a footer line); `page` counts from 1. */
  footer(lines: (page: number) => { x: number; y: number; s: string; size: number; align?: TextOptions['align'] }[]): void {
    this.pages.forEach((ops, i) => {
      for (const l of lines(i + 1)) this.textOn(ops, l.x, l.y, l.s, { size: l.size, align: l.align, color: [0.47, 0.47, 0.47] });
    });
  }

  rect(x: number, y: number, w: number, h: number, fill: Rgb): void {
    this.ops.push(`${color(fill, 'rg')} ${n(x)} ${n(A4.height - y - h)} ${n(w)} ${n(h)} re f`);
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: Rgb = BLACK, width = 0.5): void {
    this.ops.push(`${n(width)} w ${color(stroke, 'RG')} ${n(x1)} ${n(A4.height - y1)} m ${n(x2)} ${n(A4.height - y2)} l S`);
  }

  /** The file: objects, cross-reference table with exact byte offsets, trailer. */
  toBuffer(): Buffer {
    const objects: string[] = [];
    const add = (body: string): number => objects.push(body);
    const catalog = add('');
    const pagesObj = add('');
    const font = add('');
    const cid = add('');
    const descriptor = add('');
    const info = add(`<< /Title <feff${ucs2Hex(this.info.title)}> /Author <feff${ucs2Hex(this.info.author)}> /Producer (TMIS) >>`);
    objects[font - 1] = `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [${cid} 0 R] >>`;
    // CIDs 1-95 (ASCII in Adobe-GB1) are half width; everything else the default 1000.
    objects[cid - 1] = `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [1 95 500] >>`;
    objects[descriptor - 1] = '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>';
    const pageIds: number[] = [];
    for (const ops of this.pages) {
      const content = ops.join('\n');
      const stream = add(`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`);
      pageIds.push(add(`<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 ${n(A4.width)} ${n(A4.height)}] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`));
    }
    objects[pagesObj - 1] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageIds.length} >>`;
    objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;

    // Content is ASCII only (text is hex), so byte offsets are string offsets.
    let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
    const offsets: number[] = [];
    objects.forEach((body, i) => {
      offsets.push(Buffer.byteLength(out, 'latin1'));
      out += `${i + 1} 0 obj\n${body}\nendobj\n`;
    });
    const xref = Buffer.byteLength(out, 'latin1');
    out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
    out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
    return Buffer.from(out, 'latin1');
  }
}
