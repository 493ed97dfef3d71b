import { expect, it } from 'vitest';
import { checkPasswordStrength, passwordErrorMessages, type PasswordErrorCode } from './password-policy.js';

it.each<[string, string | undefined, PasswordErrorCode | null]>([
  ['Abcdef1!', undefined, null],
  ['abcdef12!', undefined, null],
  ['ABCDEF12a', undefined, null],
  ['abcDEF!!', undefined, null],
  ['教师密码Ab12', undefined, null],
  ['Ab1!', undefined, 'PASSWORD_TOO_SHORT'],
  ['Abcde1!', undefined, 'PASSWORD_TOO_SHORT'],
  ['', undefined, 'PASSWORD_TOO_SHORT'],
  ['abcdefgh', undefined, 'PASSWORD_TOO_WEAK'],
  ['abcdefg1', undefined, 'PASSWORD_TOO_WEAK'],
  ['ABCDEFG!', undefined, 'PASSWORD_TOO_WEAK'],
  ['12345678', undefined, 'PASSWORD_TOO_WEAK'],
  ['zhangSan2024!', 'zhangsan', 'PASSWORD_CONTAINS_USERNAME'],
  ['x-ZHANGSAN-9', 'zhangsan', 'PASSWORD_CONTAINS_USERNAME'],
  ['zhangSan2024!', ' ZhangSan ', 'PASSWORD_CONTAINS_USERNAME'],
  ['Lisi2024!', 'zhangsan', null],
  ['Ab1!Ab1!', 'ab', null],
  ['Ab1!Ab1!', '', null],
])('%s (username %s) → %s', (pw, username, code) => {
  expect(checkPasswordStrength(pw, { username })).toEqual(code ? { ok: false, code } : { ok: true });
});

it.each(Object.entries(passwordErrorMessages))('%s has a Chinese message', (_code, message) => {
  expect(message).toMatch(/[\u4e00-\u9fff]/);
});
