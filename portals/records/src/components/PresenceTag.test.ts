import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import PresenceTag from './PresenceTag.vue';

const render = (presence: InstanceType<typeof PresenceTag>['$props']['presence'], locale = 'zh-CN') =>
  mount(PresenceTag, { props: { presence }, global: { plugins: [ElementPlus, createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: {} })] } });

describe('the presence tag of a teacher row', () => {
  it.each([
    ['TRANSFERRED_OUT', '已调出', 'el-tag--info'],
    ['ROTATING_OUT', '轮岗中', 'el-tag--warning'],
    ['ROTATING_IN', '轮岗来校', 'el-tag--success'],
  ] as const)('%s reads %s', (presence, text, cls) => {
    const tag = render(presence).get('[data-test="presence-tag"]');
    expect(tag.text()).toBe(text);
    expect(tag.classes()).toContain(cls);
  });

  it.each([['OWN'], [null], [undefined]] as const)('the unit\'s own teacher (%s) carries none', (presence) => {
    expect(render(presence).find('[data-test="presence-tag"]').exists()).toBe(false);
  });

  it('follows the language switch', () => {
    expect(render('TRANSFERRED_OUT', 'en').get('[data-test="presence-tag"]').text()).toBe('Transferred out');
  });
});
