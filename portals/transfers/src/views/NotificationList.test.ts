import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { computed } from 'vue';
import { createI18n } from 'vue-i18n';
import type { Notification, TransfersApi } from '../api';
import { TRANSFERS_CONTEXT } from '../context';
import NotificationList from './NotificationList.vue';

// 站内通知 paged on the server (issue 16.2): the list used to stop at the newest 200; now a page at
// a time with the total, and 全部标为已读 marks all of them on the server, not the page shown.

const note = (i: number, readAt: string | null = null): Notification => ({
  id: `n${i}`, kind: 'case_approved', message: `教师调动已审批通过${i}`, caseId: null, subjectType: null, subjectId: null, createdAt: '2026-12-01T08:00:00Z', readAt,
});

function render(total = 230) {
  const notificationPage = vi.fn(async (_u: boolean, first: number, offset: number) => ({
    nodes: Array.from({ length: Math.min(first, total - offset) }, (_, i) => note(offset + i)), totalCount: total,
  }));
  const markAllRead = vi.fn(async () => total);
  const markRead = vi.fn(async () => 1);
  const api = { notificationPage, markAllRead, markRead } as unknown as TransfersApi;
  const wrapper = mount(NotificationList, {
    attachTo: document.body,
    global: {
      plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': {}, en: {} } }), ElementPlus],
      provide: { [TRANSFERS_CONTEXT as symbol]: { api, go: vi.fn(), host: {} as never, ability: {} as never, base: computed(() => '/transfers') } },
    },
  });
  return { wrapper, notificationPage, markAllRead, markRead };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('NotificationList', () => {
  it('asks the server for the first page of the unread notices and shows their total', async () => {
    const { wrapper, notificationPage } = render();
    await flushPromises();
    expect(notificationPage).toHaveBeenCalledWith(true, 20, 0);
    expect(wrapper.findAll('[data-test="note-message"]')).toHaveLength(20);
    expect(wrapper.get('[data-test="notes-pager"] .el-pagination__total').text()).toMatch(/\b230\b/);
  });

  it('the last page asks for its offset only (past the old 200)', async () => {
    const { wrapper, notificationPage } = render();
    await flushPromises();
    await wrapper.get('[data-test="notes-pager"] .el-pager li:last-child').trigger('click');
    await flushPromises();
    expect(notificationPage).toHaveBeenLastCalledWith(true, 20, 220);
    expect(wrapper.findAll('[data-test="note-message"]')).toHaveLength(10);
  });

  it('全部标为已读 marks every unread notice on the server and reloads from the first page', async () => {
    const { wrapper, notificationPage, markAllRead, markRead } = render();
    await flushPromises();
    await wrapper.get('[data-test="notes-mark-all"]').trigger('click');
    await flushPromises();
    expect(markAllRead).toHaveBeenCalledTimes(1);
    expect(markRead).not.toHaveBeenCalled();
    expect(notificationPage).toHaveBeenLastCalledWith(true, 20, 0);
  });

  it('nothing unread: 全部标为已读 is disabled', async () => {
    const { wrapper } = render(0);
    await flushPromises();
    expect(wrapper.get('[data-test="notes-mark-all"]').attributes('disabled')).toBeDefined();
  });
});
