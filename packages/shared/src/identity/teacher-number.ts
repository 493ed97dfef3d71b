import { isProvincePrefix } from '../units/provinces.js';
import { hasValidMod11_2, mod11_2CheckChar } from './iso7064.js';

export interface TeacherNumberParts {
  /** Six-digit code of the issuing province, '000000' for the national system. */
  provinceCode: string;
  year: number;
  sequence: number;
}

export interface ParsedTeacherNumber extends TeacherNumberParts {
  normalized: string;
}

const PATTERN = /^T(\d{2})(\d{2})(\d{8})([\dX])$/;

function isIssuerPrefix(prefix: string): boolean {
  return prefix === '00' || isProvincePrefix(prefix);
}

/**
 * Teacher identifier (教师个人标识码), 14 characters: `T PP YY SSSSSSSS C`.
 * - `PP`: province prefix of the issuing deployment (GB/T 2260, e.g. '11');
 *   '00' when the national system issues it (central-ministry universities).
 * - `YY`: issue year 2000–2099, last two digits.
 * - `SSSSSSSS`: per-deployment database sequence, 1..99 999 999.
 * - `C`: ISO 7064 MOD 11-2 over the 12 digits ('0'-'9' or 'X', as on ID cards):
 *   catches every single-character error and every swap of adjacent characters.
 * Province + sequence make it unique across deployments without coordination.
 * Example: Beijing, 2024, sequence 1 → 'T1124000000010'.
 * `provinceCode` may be the 2-digit prefix or the 6-digit code ('110000').
 */
export function formatTeacherNumber({ provinceCode, year, sequence }: TeacherNumberParts): string {
  const prefix = provinceCode.slice(0, 2);
  const valid = /^\d{2}$/.test(provinceCode) || /^\d{2}0000$/.test(provinceCode);
  if (!valid || !isIssuerPrefix(prefix)) throw new RangeError(`invalid province code: ${provinceCode}`);
  if (!Number.isInteger(year) || year < 2000 || year > 2099) throw new RangeError(`year must be 2000..2099: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 99_999_999) {
    throw new RangeError(`sequence must be 1..99999999: ${sequence}`);
  }
  const digits = prefix + String(year % 100).padStart(2, '0') + String(sequence).padStart(8, '0');
  return `T${digits}${mod11_2CheckChar(digits)}`;
}

/** Parses a teacher number; surrounding spaces and lower case are tolerated. Undefined if invalid. */
export function parseTeacherNumber(s: string): ParsedTeacherNumber | undefined {
  const normalized = s.trim().toUpperCase();
  const match = PATTERN.exec(normalized);
  if (!match || !hasValidMod11_2(normalized.slice(1))) return undefined;
  const [, prefix = '', yy = '', seq = ''] = match;
  const sequence = Number(seq);
  if (!isIssuerPrefix(prefix) || sequence === 0) return undefined;
  return { normalized, provinceCode: `${prefix}0000`, year: 2000 + Number(yy), sequence };
}

export function isValidTeacherNumber(s: string): boolean {
  return parseTeacherNumber(s) !== undefined;
}
