import { describe, expect, it } from 'vitest';
import { AppError, defineModuleErrors } from '@tmis/gateway/sdk';
import { titleError } from './errors.js';

describe('module error codes (SDK defineModuleErrors)', () => {
  it('throws AppErrors with the module code and its Chinese message', () => {
    const e = titleError('TITLE_QUOTA_EXCEEDED', { quota: 2 });
    expect(e).toBeInstanceOf(AppError);
    expect([e.code, e.message, e.details]).toEqual(['TITLE_QUOTA_EXCEEDED', '推荐人数已达本单位名额', { quota: 2 }]);
    expect(titleError.messages.TITLE_QUOTA_EXCEEDED.en).toBe('Your unit’s quota is used up');
  });

  it.each([
    ['a core code', { FORBIDDEN: { zh: 'x', en: 'x' } }, /core code/],
    ['a badly formed code', { 'title-bad': { zh: 'x', en: 'x' } }, /UPPER_SNAKE_CASE/],
  ])('refuses %s', (_n, messages, error) => {
    expect(() => defineModuleErrors(messages)).toThrow(error);
  });
});
