import { createMongoAbility } from '@casl/ability';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import type { RecordsApi } from '../api';
import { RECORDS_CONTEXT, type RecordsContext } from '../context';
import IdNumberReveal from './IdNumberReveal.vue';

// The gateway's own rules: information admins hold the `idNumber` field of Teacher, query users do not.
const SCHOOL = { unitId: 'u-s', unitPath: '/1/2/3/7/', unitLevel: 'school' as const };
const abilityOf = (role: Principal['role']) => createMongoAbility(defineRulesFor({ accountId: 'me', role, ...SCHOOL }) as never);

function render(role: Principal['role']) {
  const asked: string[] = [];
  const api = { idNumber: async (id: string) => (asked.push(id), '330102198603150021') } as unknown as RecordsApi;
  const ctx = { api, ability: abilityOf(role), host: {} as never, base: computed(() => '/records'), go: () => undefined } as RecordsContext;
  const wrapper = mount(IdNumberReveal, {
    props: { teacherId: 't-1', masked: '330102********0021' },
    global: { plugins: [ElementPlus, createI18n({ legacy: false, locale: 'zh-CN', fallbackLocale: 'zh-CN', messages: {} })], provide: { [RECORDS_CONTEXT as symbol]: ctx } },
  });
  return { wrapper, asked };
}

describe('the full document number', () => {
  it('an information admin sees the masked number, and the full one only after 显示 (one gateway read)', async () => {
    const { wrapper, asked } = render('info_admin');
    expect(wrapper.get('[data-test="id-number-value"]').text()).toBe('330102********0021');
    expect(asked).toEqual([]);
    expect(wrapper.get('[data-test="id-number-reveal"]').text()).toBe('显示');
    await wrapper.get('[data-test="id-number-reveal"]').trigger('click');
    await flushPromises();
    expect(asked).toEqual(['t-1']);
    expect(wrapper.get('[data-test="id-number-value"]').text()).toBe('330102198603150021');
    await wrapper.get('[data-test="id-number-hide"]').trigger('click');
    expect(wrapper.get('[data-test="id-number-value"]').text()).toBe('330102********0021');
  });

  it.each(['query_user', 'training_admin'] as const)('a %s gets no 显示', (role) => {
    const { wrapper } = render(role);
    expect(wrapper.get('[data-test="id-number-value"]').text()).toBe('330102********0021');
    expect(wrapper.find('[data-test="id-number-reveal"]').exists()).toBe(false);
  });
});
