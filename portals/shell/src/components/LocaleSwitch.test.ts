import { mount } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAppI18n, LOCALE_STORAGE_KEY } from '../i18n';
import { elementLocale } from '../ui/element-locale';
import LocaleSwitch from './LocaleSwitch.vue';

describe('LocaleSwitch', () => {
  beforeEach(() => localStorage.clear());

  it('starts in Chinese when nothing is stored', () => {
    expect(createAppI18n().global.locale.value).toBe('zh-CN');
  });

  it('switches zh-CN → en → zh-CN, remembers the choice and sets <html lang>', async () => {
    const i18n = createAppI18n();
    const wrapper = mount(LocaleSwitch, { global: { plugins: [i18n] } });
    const button = wrapper.get('[data-test="locale-switch"]');
    // A plain button: the login page renders it without Element Plus.
    expect(button.element.tagName).toBe('BUTTON');
    expect(button.attributes('type')).toBe('button');
    expect(button.text()).toContain('English');

    await button.trigger('click');
    expect(i18n.global.locale.value).toBe('en');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.global.t('app.name')).toBe('Teacher Management Information System');
    expect(button.text()).toContain('中文');

    await button.trigger('click');
    expect(i18n.global.locale.value).toBe('zh-CN');
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('zh-CN');
    expect(i18n.global.t('app.name')).toBe('教师管理信息系统');
  });

  it('a new page load uses the stored locale', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'en');
    expect(createAppI18n().global.locale.value).toBe('en');
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr');
    expect(createAppI18n().global.locale.value).toBe('zh-CN');
  });

  it('Element Plus texts follow the locale', () => {
    expect(elementLocale('en').name).toBe('en');
    expect(elementLocale('zh-CN').name).toBe('zh-cn');
  });
});
