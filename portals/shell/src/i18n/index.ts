import { createI18n } from 'vue-i18n';
import { en } from '../locales/en';
import { zhCN, type MessageSchema } from '../locales/zh-CN';

export const SUPPORTED_LOCALES = ['zh-CN', 'en'] as const;
export type AppLocale = (typeof SUPPORTED_LOCALES)[number];

export const DEFAULT_LOCALE: AppLocale = 'zh-CN';
export const LOCALE_STORAGE_KEY = 'tmis.locale';

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

function storedLocale(): AppLocale {
  try {
    const value = localStorage.getItem(LOCALE_STORAGE_KEY);
    return isAppLocale(value) ? value : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/** Builds the one i18n instance of the page; remotes reach it through the shared vue-i18n. */
export function createAppI18n(locale: AppLocale = storedLocale()) {
  return createI18n<[MessageSchema], AppLocale, false>({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  });
}

export type AppI18n = ReturnType<typeof createAppI18n>;

export const i18n: AppI18n = createAppI18n();

/** Remembers the choice and keeps <html lang> in step; the caller has already switched. */
export function persistLocale(locale: AppLocale): void {
  try {
    localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Storage may be disabled; the switch still applies to this page.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Switches the UI language of the whole page (shell and remotes share this instance). */
export function setLocale(locale: AppLocale, instance: AppI18n = i18n): void {
  instance.global.locale.value = locale;
  persistLocale(locale);
}
