import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { describe, expect, it } from 'vitest';
import { createI18n } from 'vue-i18n';
import { ACTOR_FIELDS, actorLines } from '../record-actors';
import RecordActors from './RecordActors.vue';

const SCHOOL = { name: '王芳', unitName: '东湖区第一小学', unitCode: '2330102002', at: '2026-11-20T02:00:00Z' };
const COUNTY = { name: '李强', unitName: '东湖区教育局', unitCode: '330102', at: '2026-11-23T06:30:00Z' };

const render = (record: Record<string, unknown>, locale = 'zh-CN') =>
  mount(RecordActors, { props: { record }, global: { plugins: [ElementPlus, createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: {} })] } });

describe('who entered and who approved a record', () => {
  it('names each step taken with unit and time, in the order they are taken', () => {
    const w = render({ approved: COUNTY, submitted: SCHOOL, entered: SCHOOL, schoolApproved: SCHOOL, returned: null });
    expect(w.findAll('[data-test^="actor-"]').map((l) => l.attributes('data-test'))).toEqual(['actor-entered', 'actor-submitted', 'actor-schoolApproved', 'actor-approved']);
    expect(w.get('[data-test="actor-entered"]').text()).toContain('填报人王芳（东湖区第一小学）');
    expect(w.get('[data-test="actor-schoolApproved"]').text()).toContain('学校审核人王芳（东湖区第一小学）');
    const approved = w.get('[data-test="actor-approved"]').text();
    expect(approved).toContain('审批人李强（东湖区教育局）');
    expect(approved).toContain(new Date(COUNTY.at).toLocaleString('zh-CN', { hour12: false }));
  });

  it('a returned record names who returned it; a step not taken shows nothing', () => {
    const w = render({ entered: SCHOOL, submitted: SCHOOL, returned: COUNTY });
    expect(w.get('[data-test="actor-returned"]').text()).toContain('退回人李强（东湖区教育局）');
    expect(w.find('[data-test="actor-approved"]').exists()).toBe(false);
  });

  it('a record moved from another province keeps the names it came with, the unit left out when unknown', () => {
    const w = render({ entered: { name: '粤籍管理员', unitName: null, unitCode: null, at: null } });
    expect(w.get('[data-test="actor-entered"]').text()).toBe('填报人粤籍管理员');
  });

  it('follows the language switch', () => {
    expect(render({ approved: COUNTY }, 'en').get('[data-test="actor-approved"]').text()).toContain('Approved by李强（东湖区教育局）');
  });

  it('asks the gateway for name, unit and time of every step, never an account', () => {
    expect(ACTOR_FIELDS).toBe('entered { name unitName unitCode at } submitted { name unitName unitCode at } schoolApproved { name unitName unitCode at } '
      + 'approved { name unitName unitCode at } returned { name unitName unitCode at }');
    expect(actorLines({})).toEqual([]);
  });
});
