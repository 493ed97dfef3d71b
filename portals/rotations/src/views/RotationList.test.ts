import { MOBILE_QUERY } from '@tmis/shared';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import type { Rotation, RotationsApi } from '../api';
import { ROTATIONS_CONTEXT } from '../context';
import RotationList from './RotationList.vue';

// 交流记录 like the other lists a teacher or a school uses (issue 16.2/16.3): one card per
// rotation on a phone, the table from 768 px up, paged on the server either way.

const rotation: Rotation = {
  id: 'r1', teacherId: 't1', teacherNo: '33010219800101001', teacherName: '李老师', sendingSchoolId: 's1', sendingSchoolName: '东湖区第一小学',
  receivingSchoolId: 's2', receivingSchoolName: '西山区第一小学', personnelChange: true, startDate: '2026-09-01', endDate: '2027-07-31', reason: null,
  status: 'in_progress', closeReason: null, approvedAt: null, createdAt: '2026-12-01T08:00:00Z', caseId: 'c1',
  approvalCase: { currentStepName: '接收学校主管部门审核' } as Rotation['approvalCase'],
};

function phone(isPhone: boolean): void {
  vi.stubGlobal('matchMedia', (query: string) => ({ matches: query === MOBILE_QUERY && isPhone, media: query, addEventListener() {}, removeEventListener() {} }));
}

function render() {
  const page = vi.fn(async () => ({ nodes: [rotation], totalCount: 41 }));
  const go = vi.fn();
  const wrapper = mount(RotationList, {
    attachTo: document.body,
    global: {
      plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': {}, en: {} } }), ElementPlus],
      provide: { [ROTATIONS_CONTEXT as symbol]: { api: { page } as unknown as RotationsApi, go, host: {} as never, ability: {} as never, base: computed(() => '/rotations') } },
    },
  });
  return { wrapper, page, go };
}

afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('RotationList', () => {
  it('on a phone: a card per rotation headed by the teacher, its fields labelled, 查看 as the card button', async () => {
    phone(true);
    const { wrapper, page, go } = render();
    await flushPromises();
    expect(page).toHaveBeenCalledWith(new Date().getFullYear(), null, expect.objectContaining({ first: 20, offset: 0 }));
    const list = wrapper.get('[data-test="rotations-table"]');
    expect(list.attributes('data-layout')).toBe('cards');
    expect(wrapper.find('.el-table').exists()).toBe(false);
    const card = wrapper.get('[data-test="card-list-card"]');
    expect(card.get('.card-list__title').text()).toBe('李老师');
    expect(card.findAll('dt').map((d) => d.text())).toEqual(['派出学校', '接收学校', '交流期限', '转人事关系', '状态', '当前环节', '申请时间']);
    expect(card.text()).toContain('2026-09-01 ~ 2027-07-31');
    expect(card.get('[data-test="rotation-status"]').text()).toBe('审批中');
    await card.get('[data-test="rotation-open"]').trigger('click');
    expect(go).toHaveBeenCalledWith('detail', { rotationId: 'r1' });
    expect(wrapper.get('[data-test="rotations-pager"] .el-pagination__total').text()).toMatch(/\b41\b/);
  });

  it('from 768 px up: the table, sortable by teacher, period and creation', async () => {
    phone(false);
    const { wrapper } = render();
    await flushPromises();
    expect(wrapper.get('[data-test="rotations-table"]').classes()).toContain('el-table');
    expect(wrapper.findAll('.el-table__header th.is-sortable').map((th) => th.text())).toEqual(['教师', '交流期限', '申请时间']);
  });
});
