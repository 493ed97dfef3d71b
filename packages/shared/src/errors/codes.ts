import { GENERIC_ERRORS } from './generic.js';
import { AUTH_ERRORS } from '../access/rules/auth.errors.js';
import { AUDIT_LOG_ERRORS } from '../access/rules/audit-log.errors.js';
import { UNIT_ERRORS } from '../access/rules/units.errors.js';
import { UNIT_DIRECTORY_ERRORS } from '../access/rules/unit-directory.errors.js';
import { ACCOUNT_ERRORS } from '../access/rules/accounts.errors.js';
import { TEACHER_ERRORS } from '../access/rules/teachers.errors.js';
import { ARCHIVE_ERRORS } from '../access/rules/archive.errors.js';
import { INDICATOR_ERRORS } from '../access/rules/indicators.errors.js';
import { IMPORT_ERRORS } from '../access/rules/imports.errors.js';
import { EXPORT_ERRORS } from '../access/rules/exports.errors.js';
import { CAMPAIGN_ERRORS } from '../access/rules/campaigns.errors.js';
import { SPOT_CHECK_ERRORS } from '../access/rules/spot-checks.errors.js';
import { APPROVAL_ERRORS } from '../access/rules/approvals.errors.js';
import { TRANSFER_ERRORS } from '../access/rules/transfers.errors.js';
import { ROTATION_ERRORS } from '../access/rules/rotations.errors.js';
import { SAVED_QUERY_ERRORS } from '../access/rules/saved-queries.errors.js';
import { STATISTICS_ERRORS } from '../access/rules/statistics.errors.js';
import { DATA_SHARING_ERRORS } from '../access/rules/data-sharing.errors.js';
import { TRAINING_ERRORS } from '../access/rules/training.errors.js';
import { REGISTRATION_ERRORS } from '../access/rules/registration.errors.js';
import { QUOTA_ERRORS } from '../access/rules/quotas.errors.js';
import { SYNC_ERRORS } from '../access/rules/sync.errors.js';
import { OPERATIONS_ERRORS } from './operations.js';

/**
 * Stable error codes: programs match on the code, people read the Chinese message; the portal
 * shows `zh` (or `en`) by code. Add a code to its domain's file before throwing it anywhere:
 * `access/rules/<domain>.errors.ts`, beside the domain's rules (`<domain>.ts`), so a domain's
 * rules and refusals are read and changed together. They are files of their own, importing
 * nothing, because `@tmis/shared/errors` is what the portal remotes import for messages, and it
 * must not pull in the CASL rules (the remotes get them packed from `myAbilities`). Codes of no
 * domain (generic ones, running a deployment) are in this folder. errors/codes.test.ts checks
 * that no code is in two files and that each file is assembled here.
 */
export const ERROR_MESSAGES = {
  ...GENERIC_ERRORS,
  ...AUTH_ERRORS,
  ...AUDIT_LOG_ERRORS,
  ...UNIT_ERRORS,
  ...UNIT_DIRECTORY_ERRORS,
  ...ACCOUNT_ERRORS,
  ...TEACHER_ERRORS,
  ...ARCHIVE_ERRORS,
  ...INDICATOR_ERRORS,
  ...IMPORT_ERRORS,
  ...EXPORT_ERRORS,
  ...CAMPAIGN_ERRORS,
  ...SPOT_CHECK_ERRORS,
  ...APPROVAL_ERRORS,
  ...TRANSFER_ERRORS,
  ...ROTATION_ERRORS,
  ...SAVED_QUERY_ERRORS,
  ...STATISTICS_ERRORS,
  ...DATA_SHARING_ERRORS,
  ...TRAINING_ERRORS,
  ...REGISTRATION_ERRORS,
  ...QUOTA_ERRORS,
  ...SYNC_ERRORS,
  ...OPERATIONS_ERRORS,
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function errorMessage(code: ErrorCode, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const m = ERROR_MESSAGES[code];
  return locale === 'en' ? m.en : m.zh;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}
