import type { GenderCode } from '../codes/lists/gender.js';
import { adminLevelOfCode } from '../units/unit-code.js';
import type { IdCheckFailure, IdDocumentErrorCode } from './id-errors.js';
import { mod11_2CheckChar } from './iso7064.js';

export interface IdCardCheckOptions {
  /** GB/T 2261.1 gender on record. '5'/'6' (changed) check the current gender; '0'/'9' are not checked. */
  gender?: GenderCode;
  /** Birth date on record, 'YYYY-MM-DD'. */
  birthDate?: string;
  /** Reference day for "not in the future" (local calendar); defaults to now. */
  today?: Date;
}

export interface IdCardInfo {
  ok: true;
  normalized: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  /** Parity of the sequence: '1' male, '2' female. */
  gender: '1' | '2';
  regionCode: string;
}

export type IdCardResult = IdCardInfo | IdCheckFailure;

const currentGender: Partial<Record<GenderCode, '1' | '2'>> = { '1': '1', '2': '2', '5': '1', '6': '2' };

function fail(code: IdDocumentErrorCode, field = 'idNumber'): IdCheckFailure {
  return { ok: false, code, field };
}

function localDateKey(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day.getFullYear()}${pad(day.getMonth() + 1)}${pad(day.getDate())}`;
}

/** 'YYYYMMDD' → 'YYYY-MM-DD' if it is a real day from 1900 up to `today`. */
function parseBirthDate(yyyymmdd: string, today: Date): string | undefined {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth) return undefined;
  if (yyyymmdd > localDateKey(today)) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Birth date, check character and the cross-checks, for an upper-cased 18-character
 * number whose region part was already checked. Shared with the residence permits.
 */
export function checkIdNumberBody(normalized: string, opts: IdCardCheckOptions = {}): IdCardResult {
  const birthDate = parseBirthDate(normalized.slice(6, 14), opts.today ?? new Date());
  if (!birthDate) return fail('ID_NUMBER_BIRTH_DATE');
  if (mod11_2CheckChar(normalized.slice(0, 17)) !== normalized[17]) return fail('ID_NUMBER_CHECKSUM');
  const gender = Number(normalized[16]) % 2 === 1 ? '1' : '2';
  const expected = opts.gender && currentGender[opts.gender];
  if (expected && expected !== gender) return fail('ID_NUMBER_GENDER_MISMATCH', 'gender');
  if (opts.birthDate !== undefined && opts.birthDate.trim() !== birthDate) {
    return fail('ID_NUMBER_BIRTH_DATE_MISMATCH', 'birthDate');
  }
  return { ok: true, normalized, birthDate, gender, regionCode: normalized.slice(0, 6) };
}

/**
 * Validates a mainland resident ID number (GB 11643-1999). Surrounding spaces and a
 * lower-case 'x' are accepted; `normalized` is the canonical form to store.
 * Checks run in order format, region, birth date, checksum, gender, birth date on record.
 */
export function validateChineseIdCard(number: string, opts: IdCardCheckOptions = {}): IdCardResult {
  const normalized = number.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalized)) return fail('ID_NUMBER_FORMAT');
  const level = adminLevelOfCode(normalized.slice(0, 6));
  if (level === undefined || level === 'national') return fail('ID_NUMBER_REGION');
  return checkIdNumberBody(normalized, opts);
}

export interface GenerateIdCardInput {
  /** Six digits; not checked against GB/T 2260 so residence-permit prefixes work too. */
  regionCode: string;
  /** 'YYYY-MM-DD' */
  birthDate: string;
  /** 0..999; moved by one when its parity does not match `gender`. */
  sequence: number;
  gender: '1' | '2';
}

/** Builds a number with a correct check character, for demo data and tests. */
export function generateChineseIdCard({ regionCode, birthDate, sequence, gender }: GenerateIdCardInput): string {
  if (!/^\d{6}$/.test(regionCode)) throw new RangeError(`regionCode must be 6 digits: ${regionCode}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) throw new RangeError(`birthDate must be YYYY-MM-DD: ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) {
    throw new RangeError(`sequence must be an integer 0..999: ${sequence}`);
  }
  const wantOdd = gender === '1';
  // Even → +1 stays ≤ 999, odd → -1 stays ≥ 0.
  const seq = (sequence % 2 === 1) === wantOdd ? sequence : sequence % 2 === 0 ? sequence + 1 : sequence - 1;
  const body = regionCode + birthDate.replaceAll('-', '') + String(seq).padStart(3, '0');
  return body + mod11_2CheckChar(body);
}
