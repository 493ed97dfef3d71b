import { chineseMessages } from '../error-messages.js';

const idNumberErrorCodes = [
  'ID_NUMBER_FORMAT',
  'ID_NUMBER_REGION',
  'ID_NUMBER_BIRTH_DATE',
  'ID_NUMBER_CHECKSUM',
  'ID_NUMBER_GENDER_MISMATCH',
  'ID_NUMBER_BIRTH_DATE_MISMATCH',
] as const;

export type IdNumberErrorCode = (typeof idNumberErrorCodes)[number];

const idDocumentErrorCodes = [...idNumberErrorCodes, 'ID_DOCUMENT_PATTERN', 'ID_DOCUMENT_TYPE'] as const;

export type IdDocumentErrorCode = (typeof idDocumentErrorCodes)[number];

/** A failed identity check; `field` names the input to highlight ('idNumber', 'idType', 'gender', 'birthDate'). */
export interface IdCheckFailure {
  ok: false;
  code: IdDocumentErrorCode;
  field?: string;
}

export const idDocumentErrorMessages: Record<IdDocumentErrorCode, string> = chineseMessages(idDocumentErrorCodes);
