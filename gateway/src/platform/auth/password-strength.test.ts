import { expect, it } from 'vitest';
import { isGuessablePassword } from './password-strength.js';

// Issue 14.5: common and leaked passwords pass the character-class rule but not the estimator.
it.each<[string, string[], boolean]>([
  ['Password1', [], true],
  ['Aa123456', [], true],
  ['Qwerty123', [], true],
  ['P@ssw0rd1', [], true],
  ['Woaini1314!', [], true],
  ['Zhangwei123', [], true],
  ['Admin@123', [], true],
  ['Abc12345!', [], true],
  ['Lin.Zhang2026', ['lin.zhang2026'], true],
  ['Tmis-Passw0rd!', [], false],
  ['Str0ng-Horse-Battery', [], false],
  ['Xk9#mT2$vQ', [], false],
  ['Passw0rd!x-Neu-42', [], false],
])('%s (user inputs %j) is guessable: %s', (password, inputs, guessable) => {
  expect(isGuessablePassword(password, inputs)).toBe(guessable);
});
