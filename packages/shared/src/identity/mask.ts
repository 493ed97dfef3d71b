/**
 * Masks a document number for display: first 6 and last 4 kept when it is longer
 * than 10 characters, first 2 and last 2 when longer than 4, otherwise all masked.
 */
export function maskIdNumber(number: string): string {
  const chars = Array.from(number.trim());
  const [head, tail] = chars.length > 10 ? [6, 4] : chars.length > 4 ? [2, 2] : [0, 0];
  const hidden = chars.length - head - tail;
  return chars.slice(0, head).join('') + '*'.repeat(hidden) + chars.slice(chars.length - tail).join('');
}
