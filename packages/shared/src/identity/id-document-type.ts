/**
 * Identity document types (身份证件类型). '1', '8', 'A' and 'Z' are the codes of the
 * education data standard JY/T 1001 (身份证件类型代码); it has no code for the others,
 * which use stable two-letter codes of this system. JY/T 1001 files a 回乡证 under
 * '6' (Hong Kong) or '7' (Macao) — derive that from the H/M prefix when exporting.
 */
export const idDocumentTypes = {
  residentIdCard: '1',
  passport: 'A',
  hkMacaoResidencePermit: 'HR',
  taiwanResidencePermit: 'TR',
  hkMacaoTravelPermit: 'HM',
  taiwanTravelPermit: '8',
  foreignPermanentResidenceCard: 'FP',
  other: 'Z',
} as const;

export type IdDocumentType = (typeof idDocumentTypes)[keyof typeof idDocumentTypes];

const allTypes = new Set<string>(Object.values(idDocumentTypes));

export function isIdDocumentType(value: string): value is IdDocumentType {
  return allTypes.has(value);
}
