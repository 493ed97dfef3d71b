/** UI languages. Chinese is the default everywhere a person reads text. */
export type Locale = 'zh-CN' | 'en';

export const defaultLocale: Locale = 'zh-CN';

/** A name shown to people, Chinese first with an English form. */
export interface Label {
  name: string;
  nameEn: string;
}

export function pickLabel(label: Label, locale: Locale = defaultLocale): string {
  return locale === 'en' ? label.nameEn : label.name;
}
