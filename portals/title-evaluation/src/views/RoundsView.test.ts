import { createMongoAbility } from '@casl/ability';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import type { Allocation, Quota, Round, TitleApi } from '../api';
import { TITLE_CONTEXT } from '../context';
import RoundsView from './RoundsView.vue';

// 名额分配 paged on the server (issue 16.2): the split's rows come from titleQuotaPage a page at a
// time with the total under the table, sorted on the server by the table headers; nothing is cut.

const round: Round = {
  id: 'r1', year: 2026, name: '2026年度职称评审', titles: ['k12_senior'], nominationStart: '2026-01-01', nominationEnd: '2026-12-31',
  totalQuota: 300, minYearsInTitle: 5, assessmentYears: 3, status: 'open',
};
const quota = (i: number, over: Partial<Quota> = {}): Quota => ({
  id: `q${i}`, unitId: `u${i}`, unitName: `第${i}中学`, unitCode: `33010${i}`, unitLevel: 'school', parentQuotaId: 'q0', quota: 1, used: 0, allocatedDown: 0,
  available: 1, headcount: 10, exactQuota: 1.2, floor: 1, remainder: 0.2, remainderRank: i, fromRemainder: 0, ...over,
});
const own = quota(0, { unitId: 'county', unitName: '西山区教育局', unitLevel: 'county', parentQuotaId: null, quota: 300, allocatedDown: 300, available: 0 });

function render(opts: { allocation?: Allocation | null } = {}) {
  const allocation = vi.fn(async () => {
    if (opts.allocation === null) throw Object.assign(new Error('no own row'), { code: 'NOT_FOUND_OR_NO_ACCESS' });
    return opts.allocation ?? { own, rowCount: 250, totalHeadcount: 2500, leftover: 10, method: '最大余额法' };
  });
  const quotaPage = vi.fn(async () => ({ nodes: Array.from({ length: 20 }, (_, i) => quota(i + 1)), totalCount: 250 }));
  const api = {
    rounds: vi.fn(async () => [round]), allocation, quotaPage, quotaForMe: vi.fn(async () => quota(9, { unitName: '西山区教育局' })),
  } as unknown as TitleApi;
  const host = { user: () => ({ unit: { id: 'county', name: '西山区教育局', path: '/1/2/3/' } }), errorText: () => '' };
  const wrapper = mount(RoundsView, {
    attachTo: document.body,
    global: {
      plugins: [createI18n({ legacy: false, locale: 'zh-CN', messages: { 'zh-CN': {}, en: {} } }), ElementPlus],
      provide: { [TITLE_CONTEXT as symbol]: { api, host, ability: createMongoAbility([{ action: 'read', subject: 'TitleRound' }] as never) } },
    },
  });
  return { wrapper, allocation, quotaPage };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('RoundsView: the allocation', () => {
  it('asks for the first page of the rows the unit allocated and shows the total, not a cut list', async () => {
    const { wrapper, allocation, quotaPage } = render();
    await flushPromises();
    expect(allocation).toHaveBeenCalledWith('r1', 'county');
    expect(quotaPage).toHaveBeenCalledWith('r1', 'county', { first: 20, offset: 0, sort: null, desc: null });
    expect(wrapper.findAll('[data-test="te-quota-table"] .el-table__body tr')).toHaveLength(20);
    expect(wrapper.get('[data-test="te-quota-pager"] .el-pagination__total').text()).toMatch(/\b250\b/);
  });

  it('the last page asks the server for its offset only', async () => {
    const { wrapper, quotaPage } = render();
    await flushPromises();
    await wrapper.get('[data-test="te-quota-pager"] .el-pager li:last-child').trigger('click');
    await flushPromises();
    expect(quotaPage).toHaveBeenLastCalledWith('r1', 'county', { first: 20, offset: 240, sort: null, desc: null });
  });

  it('sorts on the server by the key columns, from the first page', async () => {
    const { wrapper, quotaPage } = render();
    await flushPromises();
    const sortable = wrapper.findAll('[data-test="te-quota-table"] .el-table__header th.is-sortable');
    expect(sortable.map((th) => th.text())).toEqual(['单位', '在岗人数', '应得份额', '余数', '名额', '已推荐', '已下分']);
    await sortable[4]!.get('.caret-wrapper .descending').trigger('click');
    await flushPromises();
    expect(quotaPage).toHaveBeenLastCalledWith('r1', 'county', { first: 20, offset: 0, sort: 'quota', desc: true });
  });

  it('a split with no rows below asks for no page', async () => {
    const { quotaPage } = render({ allocation: { own, rowCount: 0, totalHeadcount: 0, leftover: 0, method: '最大余额法' } });
    await flushPromises();
    expect(quotaPage).not.toHaveBeenCalled();
  });

  it('a unit without a row of its own pages the quota rows of its scope', async () => {
    const { wrapper, quotaPage } = render({ allocation: null });
    await flushPromises();
    expect(quotaPage).toHaveBeenCalledWith('r1', null, { first: 20, offset: 0, sort: null, desc: null });
    expect(wrapper.get('[data-test="te-drawn-quota"]').text()).toContain('西山区教育局');
    expect(wrapper.get('[data-test="te-scope-quota-pager"] .el-pagination__total').text()).toMatch(/\b250\b/);
  });
});
