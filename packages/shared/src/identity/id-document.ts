import { checkIdNumberBody, validateChineseIdCard, type IdCardCheckOptions } from './id-card.js';
import { idDocumentTypes as t, isIdDocumentType, type IdDocumentType } from './id-document-type.js';
import type { IdCheckFailure } from './id-errors.js';

export interface IdDocumentInfo {
  ok: true;
  type: IdDocumentType;
  normalized: string;
  /** Only for numbers that encode them (ID card, residence permits). */
  birthDate?: string;
  gender?: '1' | '2';
  regionCode?: string;
}

export type IdDocumentResult = IdDocumentInfo | IdCheckFailure;

// Number patterns of the documents without a check character we can verify.
const patterns: Partial<Record<IdDocumentType, RegExp>> = {
  [t.passport]: /^[A-Z0-9]{5,17}$/,
  [t.hkMacaoTravelPermit]: /^[HM]\d{8}(\d{2})?$/,
  [t.taiwanTravelPermit]: /^\d{8}(\d{2})?$/,
  // Old card: 3-letter nationality + 12 digits; 2023 card: 18 characters starting with 9.
  [t.foreignPermanentResidenceCard]: /^([A-Z]{3}\d{12}|9\d{16}[\dX])$/,
  // Any 1–30 characters without control or format characters.
  [t.other]: /^\P{C}{1,30}$/u,
};

// Residence permits are ID-card-like: 810000 Hong Kong, 820000 Macao, 830000 Taiwan.
const permitPrefixes: Partial<Record<IdDocumentType, readonly string[]>> = {
  [t.hkMacaoResidencePermit]: ['810000', '820000'],
  [t.taiwanResidencePermit]: ['830000'],
};

/**
 * Validates a document number for its type and returns the normalized number to store
 * (trimmed; upper-cased except for type 'other'). Unknown types give 'ID_DOCUMENT_TYPE'.
 * `opts` cross-checks gender and birth date where the number encodes them.
 */
export function validateIdDocument(type: IdDocumentType, number: string, opts: IdCardCheckOptions = {}): IdDocumentResult {
  if (!isIdDocumentType(type)) return { ok: false, code: 'ID_DOCUMENT_TYPE', field: 'idType' };
  const normalized = type === t.other ? number.trim() : number.trim().toUpperCase();

  if (type === t.residentIdCard) {
    const result = validateChineseIdCard(normalized, opts);
    return result.ok ? { ...result, type } : result;
  }
  const prefixes = permitPrefixes[type];
  if (prefixes) {
    if (!/^\d{17}[\dX]$/.test(normalized) || !prefixes.includes(normalized.slice(0, 6))) {
      return { ok: false, code: 'ID_DOCUMENT_PATTERN', field: 'idNumber' };
    }
    const result = checkIdNumberBody(normalized, opts);
    return result.ok ? { ...result, type } : result;
  }
  if (!patterns[type]?.test(normalized)) return { ok: false, code: 'ID_DOCUMENT_PATTERN', field: 'idNumber' };
  return { ok: true, type, normalized };
}
