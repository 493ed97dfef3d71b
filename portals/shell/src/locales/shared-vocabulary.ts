import { ERROR_MESSAGES, roleLabels, unitLevelLabels, type Label } from '@tmis/shared';

// Texts the gateway uses too (role names, unit levels, password rules) come from
// @tmis/shared, so the portal and the server never word the same thing differently.

const PASSWORD_CODES = ['PASSWORD_TOO_SHORT', 'PASSWORD_TOO_WEAK', 'PASSWORD_CONTAINS_USERNAME'] as const;
export type PasswordErrorCode = (typeof PASSWORD_CODES)[number];

type Lang = 'zh' | 'en';

function labels<K extends string>(source: Record<K, Label>, lang: Lang): Record<K, string> {
  const entries = (Object.keys(source) as K[]).map((key) => [key, lang === 'en' ? source[key].nameEn : source[key].name]);
  return Object.fromEntries(entries) as Record<K, string>;
}

export function sharedVocabulary(lang: Lang) {
  return {
    roles: labels(roleLabels, lang),
    unitLevels: labels(unitLevelLabels, lang),
    passwordErrors: Object.fromEntries(PASSWORD_CODES.map((code) => [code, ERROR_MESSAGES[code][lang]])) as Record<
      PasswordErrorCode,
      string
    >,
  };
}
