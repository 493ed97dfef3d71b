import { describe, expect, it } from 'vitest';
import { suppressSmallCells, type Cell } from './suppression.js';

const cells = (rows: [string[], number][]): Cell[] => rows.map(([keys, count]) => ({ keys, count }));
const hidden = (rows: [string[], number][], k = 5) =>
  suppressSmallCells(cells(rows), k).cells.filter((c) => c.suppressed).map((c) => `${c.keys.join('/')}:${c.reason}`);

describe('small-cell suppression', () => {
  it.each<[string, [string[], number][], string[]]>([
    ['nothing small, nothing hidden', [[['a'], 10], [['b'], 7]], []],
    ['one small cell hides the smallest other cell of its line', [[['a'], 10], [['b'], 3], [['c'], 8]], ['b:primary', 'c:secondary']],
    ['two small cells whose sum reaches the threshold are enough', [[['a'], 10], [['b'], 3], [['c'], 2]], ['b:primary', 'c:primary']],
    ['two small cells below the threshold together hide one more', [[['a'], 10], [['b'], 1], [['c'], 1], [['d'], 6]], ['b:primary', 'c:primary', 'd:secondary']],
    ['ties for the secondary cell break by key', [[['x'], 9], [['y'], 9], [['s'], 2]], ['x:secondary', 's:primary']],
    ['a single small cell with no other cell stays alone', [[['a'], 3]], ['a:primary']],
    ['threshold itself is shown', [[['a'], 5], [['b'], 5]], []],
  ])('%s', (_name, rows, expected) => {
    expect(hidden(rows).sort()).toEqual(expected.sort());
  });

  it('protects every row and column line of a two-dimension table', () => {
    // county × gender; county B has 2 women: hidden, then its men (row) and the other women (column).
    const r = suppressSmallCells(cells([
      [['A', '1'], 20], [['A', '2'], 30],
      [['B', '1'], 12], [['B', '2'], 2],
      [['C', '1'], 15], [['C', '2'], 40],
    ]), 5);
    const h = r.cells.filter((c) => c.suppressed).map((c) => c.keys.join('/'));
    expect(h).toContain('B/2');
    // Every line has 0 or ≥ 2 hidden cells summing to ≥ 5.
    for (const d of [0, 1]) {
      const lines = new Map<string, number[]>();
      for (const c of r.cells.filter((x) => x.suppressed)) lines.set(c.keys[1 - d]!, [...(lines.get(c.keys[1 - d]!) ?? []), c.count]);
      for (const counts of lines.values()) {
        expect(counts.length).toBeGreaterThanOrEqual(2);
        expect(counts.reduce((s, n) => s + n, 0)).toBeGreaterThanOrEqual(5);
      }
    }
    expect(r).toMatchObject({ primary: 1, total: 119, totalSuppressed: false });
  });

  it('hides a small total', () => {
    expect(suppressSmallCells(cells([[['a'], 1], [['b'], 2]]), 5)).toMatchObject({ total: 3, totalSuppressed: true });
    expect(suppressSmallCells(cells([[[], 4]]), 5)).toMatchObject({ total: 4, totalSuppressed: true, primary: 1 });
    expect(suppressSmallCells([], 5)).toMatchObject({ total: 0, totalSuppressed: false, primary: 0, secondary: 0 });
  });
});
