import { describe, expect, it } from 'vitest';
import { generateChineseIdCard } from './id-card.js';
import { validateIdDocument } from './id-document.js';
import { idDocumentTypes as t, type IdDocumentType } from './id-document-type.js';
import { idDocumentErrorMessages, type IdDocumentErrorCode } from './id-errors.js';

const today = new Date(2025, 5, 15);
const hk = generateChineseIdCard({ regionCode: '810000', birthDate: '1990-03-04', sequence: 12, gender: '2' });
const mo = generateChineseIdCard({ regionCode: '820000', birthDate: '1991-03-04', sequence: 13, gender: '1' });
const tw = generateChineseIdCard({ regionCode: '830000', birthDate: '1992-03-04', sequence: 14, gender: '2' });
const badCheck = (n: string) => n.slice(0, 17) + (n[17] === '0' ? '1' : '0');

describe('validateIdDocument accepts', () => {
  it.each<[IdDocumentType, string, string]>([
    [t.residentIdCard, '11010519491231002x', '11010519491231002X'],
    [t.passport, 'e12345678', 'E12345678'],
    [t.passport, 'AB123', 'AB123'],
    [t.passport, 'A1234567890123456', 'A1234567890123456'],
    [t.hkMacaoTravelPermit, 'H12345678', 'H12345678'],
    [t.hkMacaoTravelPermit, 'm1234567890', 'M1234567890'],
    [t.taiwanTravelPermit, '12345678', '12345678'],
    [t.taiwanTravelPermit, '1234567890', '1234567890'],
    [t.hkMacaoResidencePermit, hk, hk],
    [t.hkMacaoResidencePermit, mo, mo],
    [t.taiwanResidencePermit, tw, tw],
    [t.foreignPermanentResidenceCard, 'usa110078050101', 'USA110078050101'],
    [t.foreignPermanentResidenceCard, '91184019900101001X', '91184019900101001X'],
    [t.other, ' 军字第 12345 号 ', '军字第 12345 号'],
    [t.other, 'x'.repeat(30), 'x'.repeat(30)],
  ])('%s %s', (type, number, normalized) => {
    const result = validateIdDocument(type, number, { today });
    expect(result).toMatchObject({ ok: true, type, normalized });
  });

  it('returns birth date and gender for residence permits', () => {
    expect(validateIdDocument(t.hkMacaoResidencePermit, hk, { today, gender: '2', birthDate: '1990-03-04' })).toEqual({
      ok: true,
      type: t.hkMacaoResidencePermit,
      normalized: hk,
      birthDate: '1990-03-04',
      gender: '2',
      regionCode: '810000',
    });
  });
});

describe('validateIdDocument rejects', () => {
  it.each<[string, string, IdDocumentErrorCode, string]>([
    [t.residentIdCard, '110105194912310021', 'ID_NUMBER_CHECKSUM', 'idNumber'],
    [t.passport, 'E123', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.passport, 'A12345678901234567', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.passport, 'E1234-5678', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.hkMacaoTravelPermit, 'H1234567', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.hkMacaoTravelPermit, 'H123456789', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.hkMacaoTravelPermit, 'T12345678', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.taiwanTravelPermit, '1234567', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.taiwanTravelPermit, '123456789', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.hkMacaoResidencePermit, tw, 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.taiwanResidencePermit, hk, 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.taiwanResidencePermit, '11010519491231002X', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.taiwanResidencePermit, badCheck(tw), 'ID_NUMBER_CHECKSUM', 'idNumber'],
    [t.foreignPermanentResidenceCard, 'US110078050101', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.foreignPermanentResidenceCard, '81184019900101001X', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.other, '   ', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.other, 'x'.repeat(31), 'ID_DOCUMENT_PATTERN', 'idNumber'],
    [t.other, 'ab\u0007cd', 'ID_DOCUMENT_PATTERN', 'idNumber'],
    ['Q', '12345678', 'ID_DOCUMENT_TYPE', 'idType'],
  ])('%s %s → %s', (type, number, code, field) => {
    expect(validateIdDocument(type as IdDocumentType, number, { today })).toEqual({ ok: false, code, field });
  });

  it('cross-checks gender on residence permits', () => {
    expect(validateIdDocument(t.taiwanResidencePermit, tw, { today, gender: '1' })).toEqual({
      ok: false,
      code: 'ID_NUMBER_GENDER_MISMATCH',
      field: 'gender',
    });
  });
});

it.each(Object.entries(idDocumentErrorMessages))('%s has a Chinese message', (_code, message) => {
  expect(message).toMatch(/[\u4e00-\u9fff]/);
});
