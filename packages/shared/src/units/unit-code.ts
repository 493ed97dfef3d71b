import { chineseMessages } from '../error-messages.js';
import type { AdministrativeLevel } from './levels.js';
import { isProvincePrefix } from './provinces.js';

const unitCodeErrorCodes = ['UNIT_CODE_FORMAT', 'UNIT_CODE_PARENT', 'SCHOOL_CODE_FORMAT', 'SCHOOL_CODE_PROVINCE'] as const;

export type UnitCodeErrorCode = (typeof unitCodeErrorCodes)[number];

export type UnitCodeResult = { ok: true } | { ok: false; code: UnitCodeErrorCode };

export const unitCodeErrorMessages: Record<UnitCodeErrorCode, string> = chineseMessages(unitCodeErrorCodes);

const significantDigits: Record<AdministrativeLevel, number> = { national: 0, province: 2, city: 4, county: 6 };
const rank: Record<AdministrativeLevel, number> = { national: 0, province: 1, city: 2, county: 3 };

/**
 * Level a GB/T 2260 code denotes, or undefined if it is not a well-formed code.
 * `xx90yy` (省直辖县级行政单位) is a county; its grouping code `xx9000` reads as a city.
 */
export function adminLevelOfCode(code: string): AdministrativeLevel | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  if (code === '000000') return 'national';
  if (!isProvincePrefix(code.slice(0, 2))) return undefined;
  const city = code.slice(2, 4);
  const county = code.slice(4, 6);
  if (city === '00') return county === '00' ? 'province' : undefined;
  return county === '00' ? 'city' : 'county';
}

/** True when `child` is a division strictly inside `parent`. */
export function isAdminCodeUnder(child: string, parent: string): boolean {
  const childLevel = adminLevelOfCode(child);
  const parentLevel = adminLevelOfCode(parent);
  if (!childLevel || !parentLevel || rank[childLevel] <= rank[parentLevel]) return false;
  return child.startsWith(parent.slice(0, significantDigits[parentLevel]));
}

/** Checks that `code` is a division code of the given level (and inside `parentCode` if given). */
export function validateAdminDivisionCode(code: string, level: AdministrativeLevel, parentCode?: string): UnitCodeResult {
  if (adminLevelOfCode(code) !== level) return { ok: false, code: 'UNIT_CODE_FORMAT' };
  if (parentCode !== undefined && !isAdminCodeUnder(code, parentCode)) return { ok: false, code: 'UNIT_CODE_PARENT' };
  return { ok: true };
}

/**
 * Checks a 10-digit statistical school code (学校标识码). `provinceCode` may be the
 * 2-digit prefix or the 6-digit code; the national code '000000' imposes no province.
 */
export function validateSchoolCode(code: string, provinceCode?: string): UnitCodeResult {
  if (!/^[1-9]\d{9}$/.test(code) || !isProvincePrefix(code.slice(1, 3))) {
    return { ok: false, code: 'SCHOOL_CODE_FORMAT' };
  }
  const prefix = provinceCode?.slice(0, 2);
  if (prefix !== undefined && prefix !== '00' && prefix !== code.slice(1, 3)) {
    return { ok: false, code: 'SCHOOL_CODE_PROVINCE' };
  }
  return { ok: true };
}
