/**
 * Quota allocation by the largest-remainder method with the Hare quota (最大余额法): each unit's
 * exact share is total × headcount / Σ headcount; every unit gets the whole part, and the seats
 * left over go one each to the largest fractional parts. The sum always equals the total.
 *
 * All comparisons use integers (remainders as numerators over Σ headcount), so results never
 * depend on floating-point rounding. Ties in the remainder are broken deterministically: the
 * larger headcount first, then the smaller `key` (e.g. the unit code) — the same input always
 * gives the same allocation.
 */
export interface QuotaClaimant {
  /** Stable identity used for the final tie-break (a unit code sorts the way people expect). */
  key: string;
  /** The basis, e.g. active headcount. A non-negative integer. */
  weight: number;
}

export interface QuotaRow {
  key: string;
  weight: number;
  /** total × weight / Σweight, as a decimal for display (comparisons use remainderNumerator). */
  exactQuota: number;
  floor: number;
  /** exactQuota − floor, for display. */
  remainder: number;
  /** (total × weight) mod Σweight: the remainder exactly, over the denominator Σweight. */
  remainderNumerator: number;
  /** 1 when the unit received one of the seats left after the whole parts. */
  fromRemainder: 0 | 1;
  /** 1-based rank in the remainder order (who gets the seats left over), or null when the remainder is 0. */
  remainderRank: number | null;
  final: number;
}

export interface QuotaAllocation {
  total: number;
  totalWeight: number;
  /** Seats left after the whole parts: total − Σfloor. */
  leftover: number;
  rows: QuotaRow[];
}

export type QuotaErrorCode = 'QUOTA_TOTAL_INVALID' | 'QUOTA_WEIGHT_INVALID' | 'QUOTA_NO_HEADCOUNT';

export class QuotaError extends Error {
  constructor(readonly code: QuotaErrorCode) {
    super(code);
  }
}

/** Largest number this works for exactly: total × weight must stay a safe integer. */
export const MAX_QUOTA_TOTAL = 1_000_000;

export function allocateLargestRemainder(total: number, claimants: readonly QuotaClaimant[]): QuotaAllocation {
  if (!Number.isSafeInteger(total) || total < 0 || total > MAX_QUOTA_TOTAL) throw new QuotaError('QUOTA_TOTAL_INVALID');
  for (const c of claimants) if (!Number.isSafeInteger(c.weight) || c.weight < 0) throw new QuotaError('QUOTA_WEIGHT_INVALID');
  const totalWeight = claimants.reduce((s, c) => s + c.weight, 0);
  if (totalWeight === 0 && total > 0) throw new QuotaError('QUOTA_NO_HEADCOUNT');
  if (!Number.isSafeInteger(total * Math.max(totalWeight, 1))) throw new QuotaError('QUOTA_TOTAL_INVALID');

  const rows: QuotaRow[] = claimants.map((c) => {
    const numerator = total * c.weight;
    const floor = totalWeight === 0 ? 0 : Math.floor(numerator / totalWeight);
    const remainderNumerator = totalWeight === 0 ? 0 : numerator - floor * totalWeight;
    return {
      key: c.key, weight: c.weight, exactQuota: totalWeight === 0 ? 0 : numerator / totalWeight, floor,
      remainder: totalWeight === 0 ? 0 : remainderNumerator / totalWeight, remainderNumerator, fromRemainder: 0, remainderRank: null, final: floor,
    };
  });
  const leftover = total - rows.reduce((s, r) => s + r.floor, 0);
  // Σ remainders = leftover, each < 1: more rows have a positive remainder than seats are left.
  const order = rows.filter((r) => r.remainderNumerator > 0)
    .sort((a, b) => b.remainderNumerator - a.remainderNumerator || b.weight - a.weight || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  order.forEach((r, i) => {
    r.remainderRank = i + 1;
    if (i < leftover) {
      r.fromRemainder = 1;
      r.final = r.floor + 1;
    }
  });
  return { total, totalWeight, leftover, rows };
}
