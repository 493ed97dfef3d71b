import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import NumberStateTag from './NumberStateTag.vue';

const render = (props: InstanceType<typeof NumberStateTag>['$props'], locale = 'zh-CN') =>
  mount(NumberStateTag, { props, global: { plugins: [ElementPlus, createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: {} })] } });

describe('the teacher number state tag', () => {
  it('a provisional number carries the 临时编号 tag, with what it waits for', () => {
    const tag = render({ state: 'provisional' }).get('[data-test="number-state-tag"]');
    expect(tag.text()).toBe('临时编号');
    expect(tag.classes()).toContain('el-tag--warning');
    expect(tag.attributes('title')).toContain('全国教师库');
  });

  it.each([
    ['a confirmed number in a list', { state: 'confirmed' }],
    ['a state the caller may not read', { state: null }],
    ['a teacher row without the field', { state: undefined, showConfirmed: true }],
  ] as const)('%s shows no tag', (_name, props) => {
    expect(render(props).find('[data-test="number-state-tag"]').exists()).toBe(false);
  });

  it('the archive also names a confirmed number 正式编号', () => {
    const tag = render({ state: 'confirmed', showConfirmed: true }).get('[data-test="number-state-tag"]');
    expect(tag.text()).toBe('正式编号');
    expect(tag.classes()).toContain('el-tag--success');
    expect(tag.attributes('title')).toBeUndefined();
  });

  it('follows the language switch', () => {
    expect(render({ state: 'provisional' }, 'en').get('[data-test="number-state-tag"]').text()).toBe('Provisional number');
  });
});
