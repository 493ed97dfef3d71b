import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue';

// The pager's own words. portal-cases has no i18n instance of its own; the shell sets
// <html lang> to the user's language (zh-CN or en), which is what is followed here.
const TEXT = {
  'zh-CN': { pageSize: '每页条数', perPage: (n: number) => `${n} 条/页` },
  en: { pageSize: 'Rows per page', perPage: (n: number) => `${n} / page` },
} as const;

export type PagerText = (typeof TEXT)[keyof typeof TEXT];

/** Chinese unless the language is English. */
export function pagerText(lang: string): PagerText {
  return lang.toLowerCase().startsWith('en') ? TEXT.en : TEXT['zh-CN'];
}

/** `<html lang>`, kept current while the calling component lives (the header's switch changes it). */
export function useDocumentLang(): Ref<string> {
  const lang = ref(typeof document === 'undefined' ? 'zh-CN' : document.documentElement.lang || 'zh-CN');
  if (typeof document === 'undefined' || typeof MutationObserver === 'undefined') return lang;
  const observer = new MutationObserver(() => {
    lang.value = document.documentElement.lang || 'zh-CN';
  });
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'] });
  if (getCurrentScope()) onScopeDispose(() => observer.disconnect());
  return lang;
}
