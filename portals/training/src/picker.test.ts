import { describe, expect, it } from 'vitest';
import { useTeacherPicker, type CursorPage } from './picker';

/** 45 teachers served 30 at a time, as the gateway's cursor paging does. */
const ALL = Array.from({ length: 45 }, (_, i) => ({ id: `t${i}`, enrolled: i % 10 === 0 }));
async function serve(after: string | null): Promise<CursorPage<(typeof ALL)[number]>> {
  const from = after ? Number(after) : 0;
  const nodes = ALL.slice(from, from + 30);
  return { totalCount: ALL.length, nodes, pageInfo: { hasNextPage: from + 30 < ALL.length, endCursor: String(from + nodes.length) } };
}

describe('useTeacherPicker', () => {
  it('reaches every teacher of the search: 30 of 45, then the other 15, with the total shown', async () => {
    const p = useTeacherPicker(serve);
    await p.search();
    expect(p.rows.value).toHaveLength(30);
    expect(p.total.value).toBe(45);
    expect(p.more.value).toBe(true);
    await p.loadMore();
    expect(p.rows.value.map((r) => r.id)).toEqual(ALL.map((r) => r.id));
    expect(p.more.value).toBe(false);
    await p.loadMore();
    expect(p.rows.value).toHaveLength(45);
  });

  it('a new search starts again from the first page; rows the picker must not offer are left out', async () => {
    const p = useTeacherPicker(serve, (r) => !r.enrolled);
    await p.search();
    await p.loadMore();
    expect(p.rows.value).toHaveLength(40);
    await p.search();
    expect(p.rows.value).toHaveLength(27);
  });
});
