import elementEn from 'element-plus/es/locale/lang/en';
import elementZhCn from 'element-plus/es/locale/lang/zh-cn';

/** Element Plus' own texts (pagination, date pickers…) follow the app locale (layout only). */
export function elementLocale(locale: string) {
  return locale === 'en' ? elementEn : elementZhCn;
}
