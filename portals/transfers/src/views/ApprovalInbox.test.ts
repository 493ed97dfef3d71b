import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import type { InboxItem, TransfersApi } from '../api';
import { TRANSFERS_CONTEXT } from '../context';
import { MODULE_CASE_TYPES } from '../workflow';
import ApprovalInbox from './ApprovalInbox.vue';

// 待我审批 paged on the server (issue 16.2): the module's own case types a page at a time with their
// total (approvalInbox listed the post's oldest 500 of every type, filtered here, so a transfer could
// be missing behind 500 older cases of another module); the counts of every type come with it.

const item = (i: number): InboxItem => ({
  daysPending: 2,
  approvalCase: {
    id: `c${i}`, type: 'transfer', typeName: '教师调动', status: 'in_progress', currentStep: 1, currentStepName: '调入学校主管部门审批', subjectId: `t${i}`,
    version: 1, payload: { teacherName: `教师${i}`, teacherNo: `T${i}` }, updatedAt: '2026-12-01T08:00:00Z', createdAt: '2026-12-01T08:00:00Z',
  } as unknown as InboxItem['approvalCase'],
});

function render() {
  const inboxPage = vi.fn(async (_types: readonly string[], first: number, offset: number) => ({
    nodes: Array.from({ length: Math.min(first, 640 - offset) }, (_, i) => item(offset + i)), totalCount: 640,
    counts: [{ type: 'transfer', name: '教师调动', count: 640 }, { type: 'rotation', name: '交流轮岗', count: 12 }],
  }));
  const wrapper = mount(ApprovalInbox, {
    attachTo: document.body,
    global: {
      plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': {}, en: {} } }), ElementPlus],
      provide: { [TRANSFERS_CONTEXT as symbol]: { api: { inboxPage } as unknown as TransfersApi, go: vi.fn(), host: {} as never, ability: {} as never, base: computed(() => '/transfers') } },
    },
  });
  return { wrapper, inboxPage };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ApprovalInbox', () => {
  it('asks for the first page of this module’s case types and shows the total past the old 500', async () => {
    const { wrapper, inboxPage } = render();
    await flushPromises();
    expect(inboxPage).toHaveBeenCalledWith(MODULE_CASE_TYPES, 20, 0);
    expect(wrapper.findAll('[data-test="inbox-teacher"]')).toHaveLength(20);
    expect(wrapper.get('[data-test="inbox-pager"] .el-pagination__total').text()).toMatch(/\b640\b/);
    // The module's own count, and the other modules' as one line.
    expect(wrapper.findAll('[data-test="inbox-count"]').map((c) => c.text())).toEqual(['教师调动：640 件']);
    expect(wrapper.get('.inbox__others').text()).toContain('12');
  });

  it('the last page asks for its offset only', async () => {
    const { wrapper, inboxPage } = render();
    await flushPromises();
    await wrapper.get('[data-test="inbox-pager"] .el-pager li:last-child').trigger('click');
    await flushPromises();
    expect(inboxPage).toHaveBeenLastCalledWith(MODULE_CASE_TYPES, 20, 620);
  });
});
