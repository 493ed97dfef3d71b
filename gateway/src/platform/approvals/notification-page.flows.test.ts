import { uuidv7 } from '../ids.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { NOTIFICATIONS_CAP } from './approval.service.js';

/**
 * 站内通知 paged and counted on the server (issue 16.2): `notifications` stopped at the newest 200
 * and the home counted its unread ones as the length of that list. notificationPage pages them
 * with the total, unreadNotificationCount counts them, the old list refuses more than 200.
 */
const PAGE = `query($u: Boolean!, $f: Int!, $o: Int!) { notificationPage(unreadOnly: $u, first: $f, offset: $o) { totalCount nodes { id message createdAt readAt doneAt } } }`;
const COUNT = `{ unreadNotificationCount }`;
const LIST = `query($u: Boolean!) { notifications(unreadOnly: $u) { id } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const gql = (user: string, q: string, v?: Record<string, unknown>) => t.gql(q, v, tokens.get(user));

// s-sys: 260 notices to the account (every 10th read, every 13th done with) and 15 to its post
// (schoolA, system_admin; 3 of them read). Others: 40 to the county's post, 12 to s-query.
const MINE = 260 + 15;
const MINE_UNREAD = Array.from({ length: 260 }, (_, i) => i).filter((i) => i % 10 !== 0 && i % 13 !== 0).length + 12;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: [['s-sys', 'schoolA', 'system_admin'], ['s-query', 'schoolA', 'query_user'], ['c-sys', 'countyA', 'system_admin']] });
  for (const u of ['s-sys', 's-query', 'c-sys']) tokens.set(u, await loginAs(t, u));
  const acc = (u: string) => world.accounts.get(u)!.id;
  const base = Date.UTC(2026, 0, 1);
  const rows: unknown[][] = [];
  const at = (i: number) => new Date(base + i * 60_000).toISOString();
  for (let i = 0; i < 260; i++) rows.push([uuidv7(), acc('s-sys'), null, null, `通知${i}`, at(i), i % 10 === 0 ? at(i + 1) : null, i % 13 === 0 ? at(i + 2) : null]);
  for (let i = 0; i < 15; i++) rows.push([uuidv7(), null, world.units.schoolA.id, 'system_admin', `岗位通知${i}`, at(300 + i), i < 3 ? at(400) : null, null]);
  for (let i = 0; i < 40; i++) rows.push([uuidv7(), null, world.units.countyA.id, 'system_admin', `区县通知${i}`, at(500 + i), null, null]);
  for (let i = 0; i < 12; i++) rows.push([uuidv7(), acc('s-query'), null, null, `查询通知${i}`, at(600 + i), null, null]);
  for (let o = 0; o < rows.length; o += 100) {
    const chunk = rows.slice(o, o + 100);
    await sql(t, `insert into notification (id, account_id, unit_id, role, kind, message, created_at, read_at, done_at)
      values ${chunk.map(() => `(?, ?, ?, ?, 'case_approved', ?, ?::timestamptz, ?::timestamptz, ?::timestamptz)`).join(', ')}`,
    chunk.flatMap((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]]));
  }
});
afterAll(async () => t?.close());

describe('notificationPage and unreadNotificationCount', () => {
  it('pages through all of the user’s notices (past the old 200), newest first, each once, with the total', async () => {
    const seen: { id: string; createdAt: string }[] = [];
    for (let o = 0; ; o += 100) {
      const p = dataOf(await gql('s-sys', PAGE, { u: false, f: 100, o })).notificationPage;
      expect(p.totalCount).toBe(MINE);
      seen.push(...p.nodes);
      if (p.nodes.length < 100) break;
    }
    expect(seen).toHaveLength(MINE);
    expect(new Set(seen.map((n) => n.id)).size).toBe(MINE);
    expect(seen.every((n, i) => i === 0 || Date.parse(seen[i - 1]!.createdAt) >= Date.parse(n.createdAt))).toBe(true);
  });

  it('unread only: neither read nor done with; the count is the same number, counted on the server', async () => {
    const p = dataOf(await gql('s-sys', PAGE, { u: true, f: 50, o: 200 })).notificationPage;
    expect(p.totalCount).toBe(MINE_UNREAD);
    expect(MINE_UNREAD).toBe(228);
    expect(p.nodes).toHaveLength(MINE_UNREAD - 200);
    expect(p.nodes.every((n: { readAt: string | null; doneAt: string | null }) => n.readAt === null && n.doneAt === null)).toBe(true);
    expect(dataOf(await gql('s-sys', COUNT)).unreadNotificationCount).toBe(MINE_UNREAD);
  });

  it('scope: each user sees only the notices to their account or post', async () => {
    // s-query shares the school but not the role: only its own 12.
    expect(dataOf(await gql('s-query', PAGE, { u: false, f: 50, o: 0 })).notificationPage.nodes.map((n: { message: string }) => n.message).every((m: string) => m.startsWith('查询通知'))).toBe(true);
    expect(dataOf(await gql('s-query', COUNT)).unreadNotificationCount).toBe(12);
    const county = dataOf(await gql('c-sys', PAGE, { u: false, f: 50, o: 0 })).notificationPage;
    expect(county.totalCount).toBe(40);
    expect(county.nodes.every((n: { message: string }) => n.message.startsWith('区县通知'))).toBe(true);
    expect(errorCode(await t.gql(COUNT))).toBe('UNAUTHENTICATED');
  });

  it('the old list is deprecated and refuses more than 200 notices (LIST_TOO_LARGE) instead of the newest 200', async () => {
    expect(NOTIFICATIONS_CAP.cap).toBe(200);
    const over = await gql('s-sys', LIST, { u: false });
    expect(errorCode(over)).toBe('LIST_TOO_LARGE');
    expect(over.errors![0]!.extensions!.details).toEqual({ max: 200, paged: 'notificationPage' });
    // Up to the cap it is the whole list.
    expect(dataOf(await gql('c-sys', LIST, { u: true })).notifications).toHaveLength(40);
    const field = dataOf(await gql('s-sys', `{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`)).__type.fields
      .find((f: { name: string }) => f.name === 'notifications');
    expect(field).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('notificationPage') });
  });

  it.each([
    ['a page over 200', { u: false, f: 201, o: 0 }],
    ['a negative offset', { u: false, f: 20, o: -1 }],
  ])('refused: %s', async (_n, v) => {
    expect(errorCode(await gql('s-sys', PAGE, v))).toBe('VALIDATION_FAILED');
  });

  it('全部标为已读 marks every unread notice of the user read, not only a page, and no one else’s', async () => {
    const marked = dataOf(await gql('s-sys', `mutation { markAllNotificationsRead }`)).markAllNotificationsRead;
    // Every notice without readAt (done ones included) of the account and its post.
    expect(marked).toBe(260 - 26 + 12);
    expect(dataOf(await gql('s-sys', COUNT)).unreadNotificationCount).toBe(0);
    expect(dataOf(await gql('s-sys', PAGE, { u: true, f: 20, o: 0 })).notificationPage.totalCount).toBe(0);
    expect(dataOf(await gql('c-sys', COUNT)).unreadNotificationCount).toBe(40);
    expect(dataOf(await gql('s-query', COUNT)).unreadNotificationCount).toBe(12);
  });
});
