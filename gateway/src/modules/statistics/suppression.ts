/**
 * Small-cell suppression (小数值抑制) for published statistics.
 *
 * Primary: a cell with 0 < count < minCell is hidden. Secondary: for every line of the table
 * (all cells that agree on every dimension but one — the cells a one-dimension-smaller query
 * would add up into one total), the hidden cells must be either none, or at least two whose sum
 * is at least minCell; otherwise the smallest visible cell of that line is hidden too, until no
 * line needs more. So neither the published grand total nor the totals of a query with one
 * dimension fewer give back a hidden cell by subtraction. Empty cells (zero) are not published
 * and are never hidden: a zero is no person.
 *
 * Not covered (documented in docs/statistics.md): differencing across queries with different
 * filters, and totals that drop two or more dimensions at once.
 */
export interface Cell { keys: string[]; count: number }
export interface ProtectedCell extends Cell { suppressed: boolean; reason: 'primary' | 'secondary' | null }
export interface SuppressionResult { cells: ProtectedCell[]; primary: number; secondary: number; total: number; totalSuppressed: boolean }

const keyOf = (keys: string[]): string => JSON.stringify(keys);

export function suppressSmallCells(input: readonly Cell[], minCell: number): SuppressionResult {
  const cells: ProtectedCell[] = input.map((c) => ({ ...c, suppressed: c.count > 0 && c.count < minCell, reason: c.count > 0 && c.count < minCell ? 'primary' : null }));
  const primary = cells.filter((c) => c.suppressed).length;
  let secondary = 0;
  const dims = cells[0]?.keys.length ?? 0;
  // Lines: for each dimension, cells grouped by all their other keys. With no dimension the
  // one cell is the total.
  const lines: ProtectedCell[][] = [];
  for (let d = 0; d < Math.max(dims, 1); d++) {
    const byRest = new Map<string, ProtectedCell[]>();
    for (const c of cells) {
      const rest = keyOf(c.keys.filter((_, i) => i !== d));
      byRest.set(rest, [...(byRest.get(rest) ?? []), c]);
    }
    lines.push(...byRest.values());
  }
  const order = (a: ProtectedCell, b: ProtectedCell): number => a.count - b.count || (keyOf(a.keys) < keyOf(b.keys) ? -1 : 1);
  for (let changed = primary > 0; changed;) {
    changed = false;
    for (const line of lines) {
      const hidden = line.filter((c) => c.suppressed);
      const sum = hidden.reduce((s, c) => s + c.count, 0);
      if (hidden.length === 0 || (hidden.length >= 2 && sum >= minCell)) continue;
      const next = line.filter((c) => !c.suppressed && c.count > 0).sort(order)[0];
      if (!next) continue; // the whole line is hidden; its total is itself small and hidden wherever it appears
      next.suppressed = true;
      next.reason = 'secondary';
      secondary++;
      changed = true;
    }
  }
  const total = cells.reduce((s, c) => s + c.count, 0);
  return { cells, primary, secondary, total, totalSuppressed: total > 0 && total < minCell };
}
