import { describe, expect, it } from 'vitest';
import { usePagedInbox, type InboxPageOf } from './inbox-page';

describe('usePagedInbox', () => {
  it('asks for the module’s types a page at a time and splits the counts into its own and the others’', async () => {
    const asked: [readonly string[], number, number][] = [];
    const counts = [{ type: 'transfer', name: '调动', count: 30 }, { type: 'rotation', name: '交流轮岗', count: 4 }, { type: 'registration', name: '定期注册', count: 2 }];
    const inbox = usePagedInbox<{ id: string }>(async (types, first, offset): Promise<InboxPageOf<{ id: string }>> => {
      asked.push([types, first, offset]);
      return { nodes: [{ id: `c${offset}` }], totalCount: 30, counts };
    }, ['transfer']);
    await inbox.load();
    inbox.page.value = 2;
    await inbox.load();
    expect(asked).toEqual([[['transfer'], 20, 0], [['transfer'], 20, 20]]);
    expect(inbox.rows.value).toEqual([{ id: 'c20' }]);
    expect(inbox.total.value).toBe(30);
    expect(inbox.counts.value).toEqual([counts[0]]);
    expect(inbox.others.value).toBe(6);
  });
});
