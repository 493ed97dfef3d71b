import { describe, expect, it } from 'vitest';
import { emptyForm, latestEffectiveDate, toInput, validateTransferForm, type TransferForm } from './form';

const NOW = Date.parse('2026-11-22T08:00:00Z');
// A checksum-valid invented ID number (GB 11643) and one with a wrong check character.
const GOOD_ID = '11010519491231002X';
const BAD_ID = '110105194912310021';
const valid = (over: Partial<TransferForm> = {}): TransferForm => ({
  ...emptyForm(), idNumber: GOOD_ID, name: '张三', toUnitId: 'u-1', effectiveDate: '2026-12-01', ...over,
});

describe('the transfer application form', () => {
  it('a complete form has no problems', () => {
    expect(validateTransferForm(valid(), NOW)).toEqual({});
  });

  it.each([
    ['no document number', { idNumber: '  ' }, { idNumber: 'required' }],
    ['a wrong check character', { idNumber: BAD_ID }, { idNumber: 'ID_NUMBER_CHECKSUM' }],
    ['an ID card number of 17 characters', { idNumber: GOOD_ID.slice(0, 17) }, { idNumber: 'ID_NUMBER_FORMAT' }],
    ['an unknown document type', { idType: 'Q' }, { idType: 'ID_DOCUMENT_TYPE' }],
    ['a passport number with spaces', { idType: 'A', idNumber: 'E 123' }, { idNumber: 'ID_DOCUMENT_PATTERN' }],
    ['no name', { name: ' ' }, { name: 'required' }],
    ['a name of 61 characters', { name: '张'.repeat(61) }, { name: 'tooLong' }],
    ['no receiving unit', { toUnitId: '' }, { toUnitId: 'required' }],
    ['no effective date', { effectiveDate: '' }, { effectiveDate: 'required' }],
    ['a date that does not exist', { effectiveDate: '2026-02-30' }, { effectiveDate: 'DATE_INVALID' }],
    ['a date more than 366 days ahead', { effectiveDate: '2027-11-24' }, { effectiveDate: 'DATE_INVALID' }],
    ['a reason of 501 characters', { reason: 'x'.repeat(501) }, { reason: 'tooLong' }],
    ['the exchange-rotation box ticked', { exchangeRotation: true }, { exchangeRotation: 'TRANSFER_USE_ROTATION' }],
  ] as [string, Partial<TransferForm>, object][])('%s → %j', (_, over, problems) => {
    expect(validateTransferForm(valid(over), NOW)).toEqual(problems);
  });

  it('accepts the last day the gateway accepts, and passports in lower case', () => {
    expect(latestEffectiveDate(NOW)).toBe('2027-11-23');
    expect(validateTransferForm(valid({ effectiveDate: '2027-11-23' }), NOW)).toEqual({});
    expect(validateTransferForm(valid({ idType: 'A', idNumber: 'e12345678' }), NOW)).toEqual({});
  });

  it('sends trimmed values and no empty reason', () => {
    expect(toInput(valid({ idNumber: ` ${GOOD_ID} `, name: ' 张三 ', reason: '  ' }))).toEqual({
      idType: '1', idNumber: GOOD_ID, name: '张三', toUnitId: 'u-1', effectiveDate: '2026-12-01', reason: null,
    });
  });
});
