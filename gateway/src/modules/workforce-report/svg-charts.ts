/** Server-side charts as inline SVG: no CDN, no client script, prints as vectors. */

export interface ChartItem { label: string; value: number }

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const PALETTE = ['#1f5fa8', '#3b8bd9', '#6aaee8', '#9ccbf0', '#c9e2f7', '#e07b39', '#f2b179', '#7d8b99'];
const FONT = `font-family="'Noto Sans CJK SC','Source Han Sans SC','Microsoft YaHei','PingFang SC',sans-serif"`;
const fmt = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** Horizontal bars, one per item, bar length proportional to the value (the largest fills the width). */
export function barChart(items: readonly ChartItem[], opts: { title: string; width?: number } ): string {
  const width = opts.width ?? 420;
  const labelW = 130;
  const valueW = 60;
  const rowH = 24;
  const top = 28;
  const plotW = width - labelW - valueW;
  const max = Math.max(0, ...items.map((i) => i.value));
  const height = top + Math.max(items.length, 1) * rowH + 8;
  const bars = items.map((it, i) => {
    const y = top + i * rowH;
    const w = max > 0 ? Math.round((it.value / max) * plotW * 10) / 10 : 0;
    return `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" font-size="12">${escapeXml(it.label)}</text>`
      + `<rect x="${labelW}" y="${y + 4}" width="${w}" height="${rowH - 8}" fill="${PALETTE[i % 5]}"><title>${escapeXml(`${it.label}：${fmt(it.value)}`)}</title></rect>`
      + `<text x="${labelW + w + 6}" y="${y + 16}" font-size="12">${fmt(it.value)}</text>`;
  }).join('');
  const empty = items.length === 0 ? `<text x="${labelW}" y="${top + 16}" font-size="12" fill="#888">无数据</text>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(opts.title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ${FONT}>`
    + `<text x="0" y="16" font-size="14" font-weight="bold">${escapeXml(opts.title)}</text>${bars}${empty}</svg>`;
}

/** A ring chart of shares with its legend; slices are arcs computed here. */
export function donutChart(items: readonly ChartItem[], opts: { title: string }): string {
  const size = 160;
  const r = 60;
  const cx = 80;
  const cy = 100;
  const total = items.reduce((s, i) => s + i.value, 0);
  let angle = -Math.PI / 2;
  const point = (a: number): string => `${(cx + r * Math.cos(a)).toFixed(2)} ${(cy + r * Math.sin(a)).toFixed(2)}`;
  const slices = total <= 0 ? `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#ddd" stroke-width="28"/>` : items.map((it, i) => {
    const share = it.value / total;
    if (share <= 0) return '';
    const color = PALETTE[i % PALETTE.length];
    // A full circle cannot be one arc: draw it as a circle.
    if (share >= 0.9999) return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="${color}" stroke-width="28"/>`;
    const end = angle + share * 2 * Math.PI;
    const d = `M ${point(angle)} A ${r} ${r} 0 ${share > 0.5 ? 1 : 0} 1 ${point(end)}`;
    angle = end;
    return `<path d="${d}" fill="none" stroke="${color}" stroke-width="28"><title>${escapeXml(`${it.label}：${fmt(it.value)}`)}</title></path>`;
  }).join('');
  const legend = items.map((it, i) => {
    const y = 50 + i * 20;
    const pct = total > 0 ? ` ${((it.value / total) * 100).toFixed(1)}%` : '';
    return `<rect x="${size + 10}" y="${y - 10}" width="12" height="12" fill="${PALETTE[i % PALETTE.length]}"/>`
      + `<text x="${size + 28}" y="${y}" font-size="12">${escapeXml(it.label)} ${fmt(it.value)}${pct}</text>`;
  }).join('');
  const height = Math.max(180, 50 + items.length * 20);
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(opts.title)}" width="360" height="${height}" viewBox="0 0 360 ${height}" ${FONT}>`
    + `<text x="0" y="16" font-size="14" font-weight="bold">${escapeXml(opts.title)}</text>${slices}${legend}</svg>`;
}
