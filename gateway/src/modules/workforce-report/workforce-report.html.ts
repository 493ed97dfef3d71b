import { barChart, donutChart, escapeXml as esc } from './svg-charts.js';
import type { WorkforceBucket, WorkforceReport } from './workforce-report.types.js';

const LEVEL: Record<string, string> = { national: '全国', province: '省级', city: '市级', county: '县级' };
const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const fmt = (n: number): string => (Number.isInteger(n) ? n.toLocaleString('zh-CN') : n.toLocaleString('zh-CN', { maximumFractionDigits: 1 }));
const items = (b: WorkforceBucket[]): { label: string; value: number }[] => b.map((x) => ({ label: x.label, value: x.count }));

function table(caption: string, rows: WorkforceBucket[]): string {
  const body = rows.map((r) => `<tr><td>${esc(r.label)}</td><td class="n">${fmt(r.count)}</td><td class="n">${pct(r.share)}</td></tr>`).join('');
  return `<table><caption>${esc(caption)}</caption><thead><tr><th>类别</th><th>人数</th><th>占比</th></tr></thead><tbody>${body || '<tr><td colspan="3">无数据</td></tr>'}</tbody></table>`;
}

function figure(svg: string, tbl: string): string {
  return `<div class="figure"><div class="chart">${svg}</div>${tbl}</div>`;
}

const CSS = `
  body { font-family: 'Noto Serif CJK SC', 'Source Han Serif SC', 'SimSun', serif; color: #222; margin: 0 auto; max-width: 190mm; padding: 12mm 0; line-height: 1.6; }
  h1 { text-align: center; font-size: 22pt; margin: 0 0 4mm; letter-spacing: 2px; }
  .sub { text-align: center; color: #555; margin-bottom: 8mm; }
  h2 { font-size: 14pt; border-left: 4px solid #1f5fa8; padding-left: 8px; margin: 8mm 0 3mm; }
  .kpis { display: flex; flex-wrap: wrap; gap: 4mm; margin: 3mm 0; }
  .kpi { border: 1px solid #cfd8e3; border-radius: 3px; padding: 2mm 4mm; min-width: 32mm; }
  .kpi b { display: block; font-size: 16pt; color: #1f5fa8; }
  .figure { display: flex; flex-wrap: wrap; align-items: flex-start; gap: 6mm; margin: 3mm 0; break-inside: avoid; page-break-inside: avoid; }
  table { border-collapse: collapse; font-size: 10.5pt; min-width: 60mm; }
  caption { text-align: left; font-weight: bold; padding-bottom: 1mm; }
  th, td { border: 1px solid #999; padding: 1mm 3mm; }
  th { background: #eef3f9; }
  td.n { text-align: right; font-variant-numeric: tabular-nums; }
  section { break-inside: avoid-page; }
  .notes { font-size: 9.5pt; color: #555; }
  .hint { text-align: center; font-size: 9pt; color: #888; }
  footer { margin-top: 8mm; font-size: 9pt; color: #777; text-align: right; }
  @page { size: A4; margin: 15mm 12mm; }
  @media print { body { padding: 0; max-width: none; } .hint { display: none; } h2 { break-after: avoid; } }
`;

/** The printable report: one self-contained HTML page (inline CSS and SVG, nothing fetched). */
export function renderWorkforceReport(r: WorkforceReport): string {
  const c = r.changes;
  const t = r.training;
  const g = r.registrations;
  const changeRows: [string, number][] = [
    ['新入职', c.hires], ['离职', c.resigned], ['退休', c.retired], ['去世', c.deceased],
    ['调入', c.transfersIn], ['调出', c.transfersOut], ['辖区内调动', c.transfersWithin],
    ['交流轮岗接收', c.rotationsIn], ['交流轮岗派出', c.rotationsOut], ['辖区内交流轮岗', c.rotationsWithin],
  ];
  const changeTable = `<table><caption>${r.year}年度教师变动</caption><thead><tr><th>项目</th><th>人数</th></tr></thead><tbody>`
    + changeRows.map(([k, v]) => `<tr><td>${k}</td><td class="n">${fmt(v)}</td></tr>`).join('')
    + `<tr><td>其中变更人事关系的交流轮岗</td><td class="n">${fmt(c.rotationsWithPersonnelChange)}</td></tr>`
    + `<tr><th>减少合计（按人）</th><th class="n">${fmt(c.departures)}</th></tr></tbody></table>`;
  const generated = r.generatedAt.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.unitName)}${r.year}年度教师队伍建设报告</title><style>${CSS}</style></head>
<body>
<h1>${esc(r.unitName)}<br>${r.year}年度教师队伍建设报告</h1>
<div class="sub">${LEVEL[r.unitLevel] ?? ''}教育行政部门 · 单位代码 ${esc(r.unitCode)} · 数据截至 ${esc(r.asOf)}</div>
<p class="hint">打印：使用浏览器的“打印”功能（Ctrl+P），选择 A4 纸张；或 <a href="workforce.pdf?unitId=${encodeURIComponent(r.unitId)}&amp;year=${r.year}">下载 PDF</a>。</p>

<section><h2>一、队伍规模与结构</h2>
<div class="kpis">
  <div class="kpi">在岗教师<b>${fmt(r.teachers)}</b></div>
  <div class="kpi">其中长期不在岗<b>${fmt(r.longAbsence)}</b></div>
  <div class="kpi">本年新入职<b>${fmt(c.hires)}</b></div>
  <div class="kpi">本年减少<b>${fmt(c.departures)}</b></div>
</div>
${figure(barChart(items(r.byAgeBand), { title: '年龄结构' }), table('按年龄段', r.byAgeBand))}
${figure(donutChart(items(r.byGender), { title: '性别结构' }), table('按性别', r.byGender))}
${figure(barChart(items(r.byTitle), { title: '专业技术职务结构' }), table('按专业技术职务', r.byTitle))}
${figure(barChart(items(r.byEducation), { title: '学历结构' }), table('按最高学历', r.byEducation))}
${figure(barChart(items(r.byStage), { title: '学段分布' }), table('按学段', r.byStage))}
</section>

<section><h2>二、年度变动</h2>
${figure(barChart(changeRows.map(([label, value]) => ({ label, value })), { title: `${r.year}年度变动` }), changeTable)}
</section>

<section><h2>三、培训研修</h2>
<div class="kpis">
  <div class="kpi">参训教师<b>${fmt(t.trainedTeachers)}</b></div>
  <div class="kpi">参训率<b>${pct(t.completionRate)}</b></div>
  <div class="kpi">培训学时<b>${fmt(t.totalHours)}</b></div>
  <div class="kpi">培训学分<b>${fmt(t.totalCredits)}</b></div>
  <div class="kpi">达到年度${t.annualHoursTarget}学时<b>${fmt(t.teachersMeetingTarget)}</b></div>
</div>
</section>

<section><h2>四、教师资格定期注册</h2>
<p>${r.year}年度到期应注册教师 <b>${fmt(g.due)}</b> 人（按注册记录 ${fmt(g.fromRegistrationRecords)} 人，按资格证书颁发日期推算 ${fmt(g.fromQualificationDates)} 人）。</p>
</section>

<section class="notes"><h2>说明</h2><ol>${r.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ol></section>
<footer>全国教师管理信息系统 · 生成时间 ${esc(generated)}</footer>
</body></html>`;
}
