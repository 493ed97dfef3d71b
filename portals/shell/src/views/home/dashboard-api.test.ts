import { describe, expect, it, vi } from 'vitest';
import { fetchWorkWaiting, type Graphql } from './dashboard-api';

// 未读通知 is counted by the gateway (issue 16.2): the home used to count the notifications list,
// which stops at 200, so it said "200+" or less than there were.
describe('fetchWorkWaiting', () => {
  it('asks for the unread count, not the list, and shows the number the gateway counted', async () => {
    const gql = vi.fn(async () => ({ unreadNotificationCount: 1234 }));
    const work = await fetchWorkWaiting(gql as unknown as Graphql, { inbox: false, reviewQueue: false, notifications: true });
    const [query, , opts] = gql.mock.calls[0] as unknown as [string, unknown, { silent: boolean }];
    expect(query).toContain('unreadNotificationCount');
    expect(query).not.toMatch(/notifications\s*\(/);
    expect(opts).toEqual({ silent: true });
    expect(work.unread).toBe(1234);
  });

  it('does not ask for notifications when the panel is not shown', async () => {
    const gql = vi.fn(async () => ({ archiveRecords: { totalCount: 3 } }));
    const work = await fetchWorkWaiting(gql as unknown as Graphql, { inbox: false, reviewQueue: true, notifications: false });
    expect((gql.mock.calls[0] as unknown as [string])[0]).not.toContain('unreadNotificationCount');
    expect(work).toMatchObject({ unread: null, reviewQueue: 3 });
  });

  it('asks nothing when no panel is shown', async () => {
    const gql = vi.fn();
    expect(await fetchWorkWaiting(gql as unknown as Graphql, { inbox: false, reviewQueue: false, notifications: false })).toEqual({ counts: [], handlers: [], reviewQueue: null, unread: null });
    expect(gql).not.toHaveBeenCalled();
  });
});
