/**
 * Masks a document number for display: the first 6 (the region) and the last 1 (the check
 * character) kept when it is longer than 10 characters, first 2 and last 2 when longer than 4,
 * otherwise all masked.
 *
 * Why so little (issue 14.1): an 18-digit ID card number is region (6) + birth date (8) +
 * sequence (3, odd for men) + check (1). The former mask kept the last 4 — the sequence — so
 * anyone who could also read the birth date had the whole number. Now a role without the
 * full-number right reads only the birth year (`birthYear`), and with the region, the gender
 * and the check character it still faces 365 days × 500 sequences / 11 ≈ 16,600 candidates
 * (`candidateCount`; the property is tested for every role through the API).
 */
export function maskIdNumber(number: string): string {
  const chars = Array.from(number.trim());
  const [head, tail] = chars.length > 10 ? [6, 1] : chars.length > 4 ? [2, 2] : [0, 0];
  const hidden = chars.length - head - tail;
  return chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('');
}

/** What a reader knows of a teacher besides the masked number. */
export interface KnownFacts {
  masked: string;
  /** YYYY-MM-DD when the birth date is readable. */
  birthDate?: string | null;
  birthYear?: number | null;
  /** '1' man, '2' woman. */
  gender?: string | null;
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

/**
 * How many 18-digit ID card numbers fit what a reader knows (the region taken as known): the
 * measure behind the masking rule. Counts birth dates in the known day, year, or the years a
 * teacher can be born in (1940–2010), sequences with the gender's parity, and the check
 * character when it is shown. `stopAt`: stop counting once that many are found.
 */
export function candidateCount(k: KnownFacts, stopAt = Number.POSITIVE_INFINITY): number {
  if (Array.from(k.masked).length !== 18) return Number.POSITIVE_INFINITY;
  const shown = (i: number): string | null => (k.masked[i] === '*' ? null : k.masked[i]!);
  const days: string[] = [];
  if (k.birthDate) days.push(k.birthDate.replaceAll('-', ''));
  else {
    const [from, to] = k.birthYear ? [k.birthYear, k.birthYear] : [1940, 2010];
    for (let y = from; y <= to; y++) {
      for (let d = Date.UTC(y, 0, 1); d < Date.UTC(y + 1, 0, 1); d += 86_400_000) days.push(new Date(d).toISOString().slice(0, 10).replaceAll('-', ''));
    }
  }
  const region = k.masked.slice(0, 6);
  let n = 0;
  for (const day of days) {
    // Digits shown in the birth-date positions must match.
    if ([...day].some((c, i) => shown(6 + i) !== null && shown(6 + i) !== c)) continue;
    for (let seq = 0; seq < 1000; seq++) {
      const s = String(seq).padStart(3, '0');
      if (k.gender && (seq % 2 === 1 ? '1' : '2') !== k.gender) continue;
      if ([...s].some((c, i) => shown(14 + i) !== null && shown(14 + i) !== c)) continue;
      const body = region + day + s;
      const last = shown(17);
      if (last !== null) {
        let sum = 0;
        for (let i = 0; i < 17; i++) sum += Number(body[i]) * WEIGHTS[i]!;
        if (CHECK[sum % 11] !== last) continue;
      }
      if (++n >= stopAt) return n;
    }
  }
  return n;
}
