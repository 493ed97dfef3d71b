import { describe, expect, it } from 'vitest';
import { sortOf, usePagedList, type PageQuery } from './paged-list';

const rowsOf = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));

describe('usePagedList', () => {
  it('asks the server for the window of the current page and shows its total', async () => {
    const asked: PageQuery[] = [];
    const all = rowsOf(250);
    const list = usePagedList(async (q) => { asked.push(q); return { nodes: all.slice(q.offset, q.offset + q.first), totalCount: all.length }; }, 20);
    await list.load();
    expect(list.rows.value.map((r) => r.id)).toEqual(all.slice(0, 20).map((r) => r.id));
    expect(list.total.value).toBe(250);
    list.page.value = 13;
    await list.load();
    expect(asked.at(-1)).toEqual({ first: 20, offset: 240, sort: null, desc: null });
    expect(list.rows.value.map((r) => r.id)).toEqual(['r240', 'r241', 'r242', 'r243', 'r244', 'r245', 'r246', 'r247', 'r248', 'r249']);
  });

  it('a header sort goes to the server from the first page; clearing it restores the default', async () => {
    const asked: PageQuery[] = [];
    const list = usePagedList(async (q) => { asked.push(q); return { nodes: [], totalCount: 0 }; }, 50);
    list.page.value = 4;
    await list.onSort({ prop: 'effectiveDate', order: 'ascending' });
    expect(asked.at(-1)).toEqual({ first: 50, offset: 0, sort: 'effectiveDate', desc: false });
    expect(list.page.value).toBe(1);
    await list.onSort({ prop: 'effectiveDate', order: null });
    expect(asked.at(-1)).toEqual({ first: 50, offset: 0, sort: null, desc: null });
    expect(sortOf({ prop: 'createdAt', order: 'descending' })).toEqual({ sort: 'createdAt', desc: true });
  });

  it('drops an answer that arrives after a newer request, and shows nothing on failure', async () => {
    let release: (() => void) | undefined;
    let call = 0;
    const list = usePagedList(async (q) => {
      call++;
      if (call === 1) await new Promise<void>((r) => { release = r; });
      if (call === 3) throw new Error('network');
      return { nodes: [{ id: `offset-${q.offset}` }], totalCount: 99 };
    }, 20);
    const slow = list.load();
    list.page.value = 2;
    await list.load();
    release!();
    await slow;
    expect(list.rows.value).toEqual([{ id: 'offset-20' }]);
    expect(list.loading.value).toBe(false);
    await list.load();
    expect(list.rows.value).toEqual([]);
    expect(list.total.value).toBe(0);
  });
});
