/**
 * ISO 7064 MOD 11-2 check character over a string of digits: '0'-'9' or 'X'.
 * GB 11643 uses it over the first 17 digits; the recursive form below equals the
 * standard's weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 (2^k mod 11).
 */
export function mod11_2CheckChar(digits: string): string {
  if (!/^\d+$/.test(digits)) throw new RangeError('MOD 11-2 needs a string of digits');
  let sum = 0;
  for (const ch of digits) sum = ((sum + Number(ch)) * 2) % 11;
  const check = (12 - sum) % 11;
  return check === 10 ? 'X' : String(check);
}

/** True when the last character is the MOD 11-2 check character of the digits before it. */
export function hasValidMod11_2(value: string): boolean {
  const body = value.slice(0, -1);
  return /^\d+$/.test(body) && mod11_2CheckChar(body) === value.slice(-1);
}
