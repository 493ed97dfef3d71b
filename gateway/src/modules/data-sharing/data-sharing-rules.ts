import type { ErrorCode } from '@tmis/shared';
import { CORE_EXPORT_FIELDS, type ExportField } from '../exports/export-fields.js';
import type { SharingStatus } from './data-sharing.entity.js';
import { StatisticsDimension } from '../statistics/statistics-dimensions.js';

export const MAX_SHARING_DAYS = 366;
const DAY_MS = 86_400_000;

/**
 * Fields another department may receive: the export columns except the document number, which
 * is never shared (seed 003: 不得向他人提供教师个人信息); restricted info sets are not export columns at all.
 */
export const SHAREABLE_FIELDS: readonly ExportField[] = CORE_EXPORT_FIELDS.filter((f) => f.key !== 'idNumber');

export function unshareableField(keys: readonly string[]): string | null {
  if (keys.length === 0) return '';
  return keys.find((k) => !SHAREABLE_FIELDS.some((f) => f.key === k)) ?? null;
}

/** The period must end after it starts, in the future, within one year. */
export function periodProblem(startsAt: Date, expiresAt: Date, now = new Date()): boolean {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(expiresAt.getTime())) return true;
  if (expiresAt.getTime() <= startsAt.getTime() || expiresAt.getTime() <= now.getTime()) return true;
  return expiresAt.getTime() - startsAt.getTime() > MAX_SHARING_DAYS * DAY_MS;
}

/** Whether a credential may be used now, or the stable code of why not. */
export function usability(a: { status: SharingStatus; startsAt: Date; expiresAt: Date }, now = new Date()): ErrorCode | null {
  if (a.status === 'revoked') return 'SHARING_REVOKED';
  if (a.status !== 'approved') return 'SHARING_NOT_APPROVED';
  if (now.getTime() < a.startsAt.getTime()) return 'SHARING_NOT_STARTED';
  if (now.getTime() >= a.expiresAt.getTime()) return 'SHARING_EXPIRED';
  return null;
}

/** An application still `pending` whose case ended otherwise shows how the case ended. */
export function shownStatus(status: SharingStatus, caseStatus: string | null | undefined): SharingStatus {
  if (status === 'pending' && (caseStatus === 'returned' || caseStatus === 'withdrawn' || caseStatus === 'cancelled')) return caseStatus;
  return status;
}

/**
 * Shared statistics (共享统计) group only by what the department was approved to receive: each
 * dimension needs its field among the approved ones (school attributes need `school`). Province
 * indicators are never shared.
 */
export const DIMENSION_FIELD: Readonly<Record<StatisticsDimension, string | null>> = {
  CHILD_UNIT: 'school', CITY: 'school', COUNTY: 'school', SCHOOL: 'school', SCHOOL_TYPE: 'school', URBAN_RURAL_TYPE: 'school', URBAN_RURAL_AREA: 'school', SPONSOR_TYPE: 'school',
  STAGE: 'stage', GENDER: 'gender', AGE_BAND: 'birthDate', ETHNICITY: 'ethnicity', EDUCATION_LEVEL: 'educationLevel', EDUCATION_GROUP: 'educationLevel',
  PROFESSIONAL_TITLE: 'professionalTitle', TITLE_LEVEL: 'professionalTitle', POST_CATEGORY: 'postCategory', ESTABLISHMENT_STATUS: 'establishmentStatus',
  STAFF_CATEGORY: 'staffCategory', EMPLOYMENT_STATUS: 'employmentStatus', INDICATOR: null,
};

/** The first dimension the approved fields do not allow, or null when all are allowed. */
export function dimensionNotShared(dimensions: readonly StatisticsDimension[], approvedFields: readonly string[]): StatisticsDimension | null {
  return dimensions.find((d) => { const f = DIMENSION_FIELD[d]; return f === null || !approvedFields.includes(f); }) ?? null;
}
