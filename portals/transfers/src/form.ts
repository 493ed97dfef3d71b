// Subpath imports: the root index also carries the CASL rule builder, which remotes take from the shell.
import { isIdDocumentType, validateIdDocument } from '@tmis/shared/identity';
import { isRealDate } from '@tmis/shared/archive';
import { chinaDayPlus } from '@tmis/shared/dates';
import type { ErrorCode } from '@tmis/shared/errors';

// The application form's checks, the ones the gateway makes before it looks anything up
// (transfer.service.ts initiate): the same codes, so a message reads the same either way.

export interface TransferForm {
  idType: string;
  idNumber: string;
  name: string;
  toUnitId: string;
  effectiveDate: string;
  reason: string;
  exchangeRotation: boolean;
}

/** `required` and `tooLong` are the form's own; the rest are the gateway's error codes. */
export type FieldProblem = 'required' | 'tooLong' | ErrorCode;
export type FormErrors = Partial<Record<keyof TransferForm, FieldProblem>>;

export const NAME_MAX = 60;
export const REASON_MAX = 500;
/** The gateway accepts effective dates up to 366 days ahead (transfer.service.ts MAX_DAYS_AHEAD). */
export const MAX_DAYS_AHEAD = 366;

export function emptyForm(): TransferForm {
  return { idType: '1', idNumber: '', name: '', toUnitId: '', effectiveDate: '', reason: '', exchangeRotation: false };
}

export function latestEffectiveDate(now = Date.now()): string {
  return chinaDayPlus(MAX_DAYS_AHEAD, now);
}

export function validateTransferForm(f: TransferForm, now = Date.now()): FormErrors {
  const errors: FormErrors = {};
  // An exchange rotation is not a transfer: the sending school initiates it in the rotation flow.
  if (f.exchangeRotation) errors.exchangeRotation = 'TRANSFER_USE_ROTATION';
  if (!f.idType) errors.idType = 'required';
  else if (!isIdDocumentType(f.idType)) errors.idType = 'ID_DOCUMENT_TYPE';
  if (!f.idNumber.trim()) errors.idNumber = 'required';
  else if (isIdDocumentType(f.idType)) {
    const doc = validateIdDocument(f.idType, f.idNumber);
    if (!doc.ok) errors[doc.field === 'idType' ? 'idType' : 'idNumber'] = doc.code;
  }
  if (!f.name.trim()) errors.name = 'required';
  else if (f.name.trim().length > NAME_MAX) errors.name = 'tooLong';
  if (!f.toUnitId) errors.toUnitId = 'required';
  if (!f.effectiveDate) errors.effectiveDate = 'required';
  else if (!isRealDate(f.effectiveDate) || f.effectiveDate > latestEffectiveDate(now)) errors.effectiveDate = 'DATE_INVALID';
  if (f.reason.trim().length > REASON_MAX) errors.reason = 'tooLong';
  return errors;
}

/** The input of `initiateTransfer` (trimmed; an empty reason is null). */
export function toInput(f: TransferForm): Record<string, unknown> {
  return {
    idType: f.idType, idNumber: f.idNumber.trim(), name: f.name.trim(), toUnitId: f.toUnitId,
    effectiveDate: f.effectiveDate, reason: f.reason.trim() || null,
  };
}
