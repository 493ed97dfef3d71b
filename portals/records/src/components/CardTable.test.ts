import { CardTable, type CardColumn } from '@tmis/portal-cases';
import { MOBILE_QUERY } from '@tmis/shared';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus, { ElButton } from 'element-plus';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h } from 'vue';

// The shared list component (packages/portal-cases) as the remotes mount it, with Element Plus:
// the archive's records as cards on a phone and as a table from 768 px up.

interface Rec { id: string; title: string; year: number; status: string }
const rows: Rec[] = [
  { id: 'r1', title: '市级优质课一等奖', year: 2025, status: 'submitted' },
  { id: 'r2', title: '县级教学能手', year: 2024, status: 'returned' },
];
const columns: CardColumn<Rec>[] = [
  { key: 'status', label: '状态', width: 120 },
  { key: 'title', label: '成果或奖项名称', minWidth: 160, title: true },
  { key: 'year', label: '年度', width: 90, value: (r) => `${r.year} 年` },
  { key: 'actors', label: '填报与审核', tableOnly: true, value: () => '填报人：张老师' },
];

function render(props: Record<string, unknown>, extraSlots: Record<string, unknown> = {}) {
  // CardTable is generic in its row type; mount() sees it with `unknown` rows, so the test's
  // typed columns and slots go in through an untyped view of the component.
  return mount(CardTable as unknown as Parameters<typeof mount>[0], {
    props: { data: rows, columns: columns as unknown, actionsLabel: '操作', emptyText: '暂无记录', 'data-test': 'archive-pending', ...props },
    slots: {
      'cell-status': ({ row }: { row: Rec }) => h('span', { 'data-test': 'record-status' }, row.status === 'returned' ? '已退回' : '待学校审核'),
      actions: ({ row, cards }: { row: Rec; cards: boolean }) => h('button', { class: 'el-button', 'data-test': 'edit', 'data-cards': String(cards) }, `编辑 ${row.id}`),
      ...extraSlots,
    },
    global: { plugins: [ElementPlus] },
    attachTo: document.body,
  });
}

afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

describe('CardTable', () => {
  it('on a phone: one card per row, its heading, the other fields labelled, the actions as card buttons', () => {
    const wrapper = render({ layout: 'cards' });
    const list = wrapper.get('[data-test="archive-pending"]');
    expect(list.attributes('data-layout')).toBe('cards');
    expect(wrapper.find('.el-table').exists()).toBe(false);
    const cards = wrapper.findAll('[data-test="card-list-card"]');
    expect(cards).toHaveLength(2);
    expect(cards[0]!.get('.card-list__title').text()).toBe('市级优质课一等奖');
    // Labels and values in column order, without the heading and the table-only column.
    expect(cards[0]!.findAll('dt').map((d) => d.text())).toEqual(['状态', '年度']);
    expect(cards[0]!.findAll('dd').map((d) => d.text())).toEqual(['待学校审核', '2025 年']);
    expect(cards[1]!.get('[data-test="record-status"]').text()).toBe('已退回');
    expect(cards[1]!.get('[data-test="card-list-actions"] [data-test="edit"]').attributes('data-cards')).toBe('true');
  });

  it('on a phone without rows: the empty text, no card', () => {
    const wrapper = render({ layout: 'cards', data: [] });
    expect(wrapper.findAll('[data-test="card-list-card"]')).toHaveLength(0);
    expect(wrapper.get('[data-test="card-list-empty"]').text()).toBe('暂无记录');
  });

  it('from 768 px up: the el-table, with every column (table-only too) and the actions column', async () => {
    const wrapper = render({ layout: 'table', border: true });
    await flushPromises();
    const table = wrapper.get('.el-table');
    expect(table.attributes('data-test')).toBe('archive-pending');
    expect(table.classes()).toContain('el-table--border');
    expect(wrapper.find('[data-layout="cards"]').exists()).toBe(false);
    const headers = table.findAll('thead th').map((th) => th.text()).filter(Boolean);
    expect(headers).toEqual(['状态', '成果或奖项名称', '年度', '填报与审核', '操作']);
    expect(table.text()).toContain('填报人：张老师');
    expect(table.findAll('[data-test="edit"]').some((b) => b.attributes('data-cards') === 'false')).toBe(true);
  });

  it('as a table, cell and action slots render in the rows only: the first button on the page is a row’s', async () => {
    // el-table-column renders its default slot once with $index -1 into a hidden div ahead of
    // the rows; a slot rendered there put an invisible 查看档案 / ID reveal first in the page.
    // Components, as in the views (an el-button, IdNumberReveal): Element Plus keeps only those.
    const Status = defineComponent({ props: { row: { type: Object, default: () => ({}) } }, setup: (p) => () => h('span', { 'data-test': 'record-status' }, (p.row as Rec).id ?? '') });
    const wrapper = render({ layout: 'table' }, {
      'cell-status': ({ row }: { row: Rec }) => h(Status, { row }),
      actions: ({ row }: { row: Rec }) => h(ElButton, { 'data-test': 'open' }, () => `查看 ${row.id ?? ''}`),
    });
    await flushPromises();
    expect(wrapper.get('.hidden-columns').findAll('[data-test]')).toHaveLength(0);
    expect(wrapper.findAll('[data-test="open"]').map((b) => b.text())).toEqual(['查看 r1', '查看 r2']);
    expect(wrapper.findAll('[data-test="record-status"]').map((s) => s.text())).toEqual(['r1', 'r2']);
  });

  it('an expandable row detail is the table’s only: its expand column, never on a card', async () => {
    const expand = ({ row }: { row: Rec }) => h('div', { 'data-test': 'timeline' }, `流程 ${row.id}`);
    const table = render({ layout: 'table' }, { expand });
    await flushPromises();
    expect(table.findAll('.el-table__expand-icon')).toHaveLength(2);
    await table.get('.el-table__expand-icon').trigger('click');
    await flushPromises();
    expect(table.get('[data-test="timeline"]').text()).toBe('流程 r1');
    table.unmount();
    const cards = render({ layout: 'cards' }, { expand });
    expect(cards.findAll('[data-test="card-list-card"]')).toHaveLength(2);
    expect(cards.find('[data-test="timeline"]').exists()).toBe(false);
  });

  it('follows the viewport by default: cards when the phone query matches', () => {
    const queries: string[] = [];
    vi.spyOn(window, 'matchMedia').mockImplementation((query: string) => {
      queries.push(query);
      return { matches: true, media: query, addEventListener: () => undefined, removeEventListener: () => undefined } as unknown as MediaQueryList;
    });
    const wrapper = render({});
    expect(queries).toContain(MOBILE_QUERY);
    expect(wrapper.get('[data-test="archive-pending"]').attributes('data-layout')).toBe('cards');
  });
});
