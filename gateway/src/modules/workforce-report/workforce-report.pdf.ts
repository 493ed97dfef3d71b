import { A4, PdfDocument, type Rgb } from '../../platform/pdf/pdf-document.js';
import type { WorkforceBucket, WorkforceReport } from './workforce-report.types.js';

const MARGIN = 48;
const BOTTOM = A4.height - 56;
const WIDTH = A4.width - 2 * MARGIN;
const BLUE: Rgb = [0.12, 0.37, 0.66];
const GREY: Rgb = [0.45, 0.45, 0.45];
const LIGHT: Rgb = [0.85, 0.89, 0.94];
const LEVEL: Record<string, string> = { national: '全国', province: '省级', city: '市级', county: '县级' };
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fmt = (v: number): string => (Number.isInteger(v) ? v.toLocaleString('zh-CN') : v.toLocaleString('zh-CN', { maximumFractionDigits: 1 }));

/** Writes top to bottom, starting a new page when the next block would not fit. */
class Flow {
  y = MARGIN;
  constructor(readonly pdf: PdfDocument) {}

  need(height: number): void {
    if (this.y + height > BOTTOM) {
      this.pdf.addPage();
      this.y = MARGIN;
    }
  }

  heading(s: string): void {
    this.need(40);
    this.y += 22;
    this.pdf.rect(MARGIN, this.y - 12, 3, 15, BLUE);
    this.pdf.text(MARGIN + 9, this.y, s, { size: 13, bold: true });
    this.y += 10;
  }

  paragraph(s: string, size = 10.5, color?: Rgb): void {
    for (const line of this.pdf.wrap(s, WIDTH, size)) {
      this.need(size * 1.6);
      this.y += size * 1.6;
      this.pdf.text(MARGIN, this.y, line, { size, color });
    }
  }

  /** Key figures in a row of boxes. */
  kpis(items: [string, string][]): void {
    const w = (WIDTH - (items.length - 1) * 8) / items.length;
    this.need(50);
    const top = this.y + 8;
    items.forEach(([label, value], i) => {
      const x = MARGIN + i * (w + 8);
      this.pdf.rect(x, top, w, 40, [0.95, 0.97, 0.99]);
      this.pdf.text(x + 6, top + 14, label, { size: 9, color: GREY });
      this.pdf.text(x + 6, top + 33, value, { size: 15, bold: true, color: BLUE });
    });
    this.y = top + 48;
  }

  /** A horizontal bar chart with the count and share of every row (the table and the chart in one). */
  bars(title: string, rows: { label: string; count: number; share?: number }[]): void {
    const rowH = 16;
    this.need(24 + Math.min(rows.length, 3) * rowH);
    this.y += 18;
    this.pdf.text(MARGIN, this.y, title, { size: 11, bold: true });
    this.y += 4;
    if (rows.length === 0) {
      this.paragraph('无数据', 10, GREY);
      return;
    }
    const max = Math.max(1, ...rows.map((r) => r.count));
    const labelW = Math.min(150, Math.max(...rows.map((r) => this.pdf.textWidth(r.label, 9.5))) + 8);
    const barW = WIDTH - labelW - 110;
    for (const r of rows) {
      this.need(rowH);
      const top = this.y + 3;
      this.pdf.text(MARGIN, top + 10, r.label, { size: 9.5 });
      this.pdf.rect(MARGIN + labelW, top + 1, barW, rowH - 5, LIGHT);
      if (r.count > 0) this.pdf.rect(MARGIN + labelW, top + 1, Math.max(1, (barW * r.count) / max), rowH - 5, BLUE);
      this.pdf.text(MARGIN + labelW + barW + 52, top + 10, fmt(r.count), { size: 9.5, align: 'right' });
      if (r.share !== undefined) this.pdf.text(A4.width - MARGIN, top + 10, pct(r.share), { size: 9.5, align: 'right', color: GREY });
      this.y += rowH;
    }
  }
}

const rowsOf = (b: WorkforceBucket[]) => b.map((x) => ({ label: x.label, count: x.count, share: x.share }));

/**
 * 教师队伍建设报告 as a PDF: the same content as the printable page (structure, the year's
 * changes, training, registrations due, notes), charts drawn as vector bars.
 */
export async function workforceReportPdf(r: WorkforceReport): Promise<Buffer> {
  const title = `${r.unitName}${r.year}年度教师队伍建设报告`;
  const pdf = new PdfDocument({ title });
  const f = new Flow(pdf);
  const c = r.changes;
  const t = r.training;
  const g = r.registrations;

  f.y += 20;
  pdf.text(A4.width / 2, f.y, r.unitName, { size: 20, bold: true, align: 'center' });
  f.y += 30;
  pdf.text(A4.width / 2, f.y, `${r.year}年度教师队伍建设报告`, { size: 20, bold: true, align: 'center' });
  f.y += 22;
  pdf.text(A4.width / 2, f.y, `${LEVEL[r.unitLevel] ?? ''}教育行政部门，单位代码 ${r.unitCode}，数据截至 ${r.asOf}`, { size: 10, color: GREY, align: 'center' });
  f.y += 6;

  f.heading('一、队伍规模与结构');
  f.kpis([['在岗教师', fmt(r.teachers)], ['其中长期不在岗', fmt(r.longAbsence)], ['本年新入职', fmt(c.hires)], ['本年减少', fmt(c.departures)]]);
  f.bars('年龄结构', rowsOf(r.byAgeBand));
  f.bars('性别结构', rowsOf(r.byGender));
  f.bars('专业技术职务结构', rowsOf(r.byTitle));
  f.bars('学历结构', rowsOf(r.byEducation));
  f.bars('学段分布', rowsOf(r.byStage));

  f.heading('二、年度变动');
  f.bars(`${r.year}年度教师变动（人）`, [
    ['新入职', c.hires], ['离职', c.resigned], ['退休', c.retired], ['去世', c.deceased],
    ['调入', c.transfersIn], ['调出', c.transfersOut], ['辖区内调动', c.transfersWithin],
    ['交流轮岗接收', c.rotationsIn], ['交流轮岗派出', c.rotationsOut], ['辖区内交流轮岗', c.rotationsWithin],
    ['其中变更人事关系的交流轮岗', c.rotationsWithPersonnelChange],
  ].map(([label, count]) => ({ label: String(label), count: Number(count) })));
  f.paragraph(`减少合计（按人）：${fmt(c.departures)} 人。`);

  f.heading('三、培训研修');
  f.kpis([['参训教师', fmt(t.trainedTeachers)], ['参训率', pct(t.completionRate)], ['培训学时', fmt(t.totalHours)], ['培训学分', fmt(t.totalCredits)]]);
  f.paragraph(`达到年度${t.annualHoursTarget}学时的教师：${fmt(t.teachersMeetingTarget)} 人。`);

  f.heading('四、教师资格定期注册');
  f.paragraph(`${r.year}年度到期应注册教师 ${fmt(g.due)} 人（按注册记录 ${fmt(g.fromRegistrationRecords)} 人，按资格证书颁发日期推算 ${fmt(g.fromQualificationDates)} 人）。`);

  f.heading('说明');
  r.notes.forEach((note, i) => f.paragraph(`${i + 1}. ${note}`, 9.5, GREY));

  const generated = r.generatedAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  const pages = pdf.pageCount;
  // Footers are written last, when the number of pages is known.
  return withFooters(pdf, pages, `全国教师管理信息系统　${title}　生成时间 ${generated}`);
}

function withFooters(pdf: PdfDocument, pages: number, text: string): Promise<Buffer> {
  pdf.footer((page) => [
    { x: MARGIN, y: A4.height - 30, s: text, size: 8 },
    { x: A4.width - MARGIN, y: A4.height - 30, s: `第 ${page} 页 / 共 ${pages} 页`, size: 8, align: 'right' as const },
  ]);
  return pdf.toBuffer();
}
