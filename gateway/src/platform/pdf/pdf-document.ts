import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';

/**
 * Printable reports as PDF through PDFKit (issue 17.5; it replaced a hand-written PDF 1.4 writer
 * that named the non-embedded STSong-Light, which readers without a Song face showed as boxes).
 * Text is set in Noto Sans SC (SIL OFL, from @expo-google-fonts/noto-sans-sc), embedded as a
 * subset of the glyphs the report uses (a report is ~20–40 KB, not the 10 MB font), with a
 * ToUnicode map so the text can be searched and copied. Coordinates are in points from the
 * top-left corner; `text` takes the baseline, as a typesetter measures lines.
 */
export const A4 = { width: 595.28, height: 841.89 } as const;

export type Rgb = readonly [number, number, number];
export interface TextOptions { size?: number; bold?: boolean; color?: Rgb; align?: 'left' | 'right' | 'center' }

const BLACK: Rgb = [0, 0, 0];
const FOOTER: Rgb = [0.47, 0.47, 0.47];
const require = createRequire(import.meta.url);

let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process (two 10 MB files): PDFKit subsets them per document. */
function fontFiles(): { regular: Buffer; bold: Buffer } {
  fonts ??= {
    regular: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf')),
    bold: readFileSync(require.resolve('@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf')),
  };
  return fonts;
}

const rgb = (c: Rgb): [number, number, number] => [c[0] * 255, c[1] * 255, c[2] * 255];

export class PdfDocument {
  private readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly ended: Promise<void>;
  private pages = 1;

  constructor(meta: { title: string; author?: string }) {
    // Margins 0 and lineBreak off everywhere: the layout places every line itself, and PDFKit
    // must never add a page on its own when a footer is written near the bottom edge.
    this.doc = new PDFDocument({ size: 'A4', margin: 0, bufferPages: true, pdfVersion: '1.7', info: { Title: meta.title, Author: meta.author ?? 'TMIS', Producer: 'TMIS' }, displayTitle: true, lang: 'zh-CN' });
    this.doc.on('data', (c: Buffer) => this.chunks.push(c));
    this.ended = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve());
      this.doc.on('error', reject);
    });
    const f = fontFiles();
    this.doc.registerFont('regular', f.regular);
    this.doc.registerFont('bold', f.bold);
    this.doc.font('regular');
  }

  get pageCount(): number {
    return this.pages;
  }

  addPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.pages += 1;
  }

  textWidth(s: string, size: number, bold = false): number {
    return this.doc.font(bold ? 'bold' : 'regular').fontSize(size).widthOfString(s);
  }

  /** One line of text whose baseline is at `y` (from the top). */
  text(x: number, y: number, s: string, o: TextOptions = {}): void {
    const size = o.size ?? 10.5;
    const w = this.textWidth(s, size, o.bold);
    const left = o.align === 'right' ? x - w : o.align === 'center' ? x - w / 2 : x;
    this.doc.fillColor(rgb(o.color ?? BLACK)).text(s, left, y, { lineBreak: false, baseline: 'alphabetic' });
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
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      for (const l of lines(i - range.start + 1)) this.text(l.x, l.y, l.s, { size: l.size, align: l.align, color: FOOTER });
    }
  }

  rect(x: number, y: number, w: number, h: number, fill: Rgb): void {
    this.doc.rect(x, y, w, h).fill(rgb(fill));
  }

  line(x1: number, y1: number, x2: number, y2: number, stroke: Rgb = BLACK, width = 0.5): void {
    this.doc.moveTo(x1, y1).lineTo(x2, y2).lineWidth(width).stroke(rgb(stroke));
  }

  /** The finished file. The document takes no more drawing after this. */
  async toBuffer(): Promise<Buffer> {
    this.doc.end();
    await this.ended;
    return Buffer.concat(this.chunks);
  }
}
