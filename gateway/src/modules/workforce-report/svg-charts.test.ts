import { describe, expect, it } from 'vitest';
import { barChart, donutChart, escapeXml } from './svg-charts.js';

const widths = (svg: string): number[] => [...svg.matchAll(/<rect x="130" y="[\d.]+" width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('barChart', () => {
  it.each([
    ['the largest fills the plot, others in proportion', [10, 5, 0], [230, 115, 0]],
    ['all zero: no bar drawn long', [0, 0], [0, 0]],
    ['one item', [7], [230]],
  ])('%s', (_n, values, expected) => {
    expect(widths(barChart(values.map((value, i) => ({ label: `L${i}`, value })), { title: 't' }))).toEqual(expected);
  });

  it('escapes labels and titles', () => {
    const svg = barChart([{ label: '<script>&"', value: 1 }], { title: 'a<b' });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;&amp;&quot;');
    expect(svg).toContain('a&lt;b');
  });

  it('says so when there is nothing to draw', () => expect(barChart([], { title: 't' })).toContain('无数据'));
});

describe('donutChart', () => {
  it.each([
    ['two slices', [3, 1], 2, 0],
    ['one slice is the whole ring', [5, 0], 0, 2],
    ['nothing: an empty ring', [0, 0], 0, 1],
  ])('%s', (_n, values, arcs, circles) => {
    const svg = donutChart(values.map((value, i) => ({ label: `L${i}`, value })), { title: 't' });
    expect((svg.match(/<path /g) ?? []).length).toBe(arcs);
    expect((svg.match(/<circle /g) ?? []).length).toBe(circles - (circles === 2 ? 1 : 0));
  });

  it('the legend gives shares', () => expect(donutChart([{ label: '男', value: 1 }, { label: '女', value: 3 }], { title: '性别' })).toContain('女 3 75.0%'));
  it.each([['&', '&amp;'], ["'", '&#39;']])('escapeXml(%s)', (s, out) => expect(escapeXml(s)).toBe(out));
});
