import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { INBOX_CAP } from './approval.service.js';
import { defineWorkflow } from './workflow-definition.js';

/**
 * 待我审批 paged on the server (issue 16.2): approvalInbox listed the oldest 500 cases of a post and
 * counted the types from those 500, so a remote filtering its own type could find none and the
 * home's counts stopped at 500. approvalInboxPage pages them with the total (optionally of some
 * types); the counts are counted over all of them; the old items refuse more than 500.
 */
const A = defineWorkflow({
  type: 'test_inbox_a', name: '测试甲类审批',
  steps: [
    { key: 'school', name: '学校审核', actor: { relation: 'school', role: 'system_admin' } },
    { key: 'county', name: '区县审批', actor: { relation: 'county', role: 'system_admin' } },
  ],
});
const B = defineWorkflow({ type: 'test_inbox_b', name: '测试乙类审批', steps: [{ key: 'school', name: '学校审核', actor: { relation: 'school', role: 'system_admin' } }] });

const PAGE = `query($t: [String!], $f: Int!, $o: Int!) { approvalInboxPage(types: $t, first: $f, offset: $o) {
  totalCount counts { type name count } nodes { daysPending approvalCase { id type updatedAt currentStepName } } } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const gql = (user: string, q: string, v?: Record<string, unknown>) => t.gql(q, v, tokens.get(user));
const countsOf = (c: { type: string; count: number }[]) => Object.fromEntries(c.filter((x) => x.type.startsWith('test_inbox')).map((x) => [x.type, x.count]));

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: [['s-sys', 'schoolA', 'system_admin'], ['s2-sys', 'schoolA2', 'system_admin'], ['c-sys', 'countyA', 'system_admin'], ['s-query', 'schoolA', 'query_user']] });
  for (const u of ['s-sys', 's2-sys', 'c-sys', 's-query']) tokens.set(u, await loginAs(t, u));
  const u = world.units;
  const by = world.accounts.get('s-sys')!.id;
  const base = Date.UTC(2026, 0, 1);
  // schoolA's post: 520 of 甲 and 30 of 乙 at its step (550, past the old 500); 40 of 甲 at the county's step; 7 of 甲 at schoolA2's.
  const rows: unknown[][] = [];
  const add = (type: string, step: number, school: string, n: number, from: number) => {
    for (let i = 0; i < n; i++) {
      rows.push([randomUUID(), type, step, JSON.stringify({ school, county: u.countyA.id }), `${u.schoolA.path} ${u.countyA.path}`, by, u.schoolA.id, new Date(base + (from + i) * 60_000).toISOString()]);
    }
  };
  add(A.type, 0, u.schoolA.id, 520, 0);
  add(B.type, 0, u.schoolA.id, 30, 1000);
  add(A.type, 1, u.schoolA.id, 40, 2000);
  add(A.type, 0, u.schoolA2.id, 7, 3000);
  for (let o = 0; o < rows.length; o += 100) {
    const chunk = rows.slice(o, o + 100);
    await sql(t, `insert into approval_case (id, type, subject_type, subject_id, status, current_step, parties, party_paths, initiated_by, initiating_unit_id, created_at, updated_at)
      values ${chunk.map(() => `(?, ?, 'Teacher', gen_random_uuid(), 'in_progress', ?, ?::jsonb, ?, ?, ?, ?::timestamptz, ?::timestamptz)`).join(', ')}`,
    chunk.flatMap((r) => [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[7]]));
  }
});
afterAll(async () => t?.close());

describe('approvalInboxPage', () => {
  it('pages through all 550 cases waiting for the post (past the old 500), longest waiting first, each once, with the total', async () => {
    const seen: { id: string; updatedAt: string }[] = [];
    for (let o = 0; ; o += 200) {
      const p = dataOf(await gql('s-sys', PAGE, { t: null, f: 200, o })).approvalInboxPage;
      expect(p.totalCount).toBe(550);
      seen.push(...p.nodes.map((n: { approvalCase: { id: string; updatedAt: string } }) => n.approvalCase));
      if (p.nodes.length < 200) break;
    }
    expect(new Set(seen.map((c) => c.id)).size).toBe(550);
    expect(seen.every((c, i) => i === 0 || Date.parse(seen[i - 1]!.updatedAt) <= Date.parse(c.updatedAt))).toBe(true);
  });

  it('types keeps a remote’s own cases, with their total; the counts are of every type, counted over all cases', async () => {
    const p = dataOf(await gql('s-sys', PAGE, { t: [B.type], f: 20, o: 20 })).approvalInboxPage;
    expect(p.totalCount).toBe(30);
    expect(p.nodes).toHaveLength(10);
    expect(p.nodes.every((n: { approvalCase: { type: string; currentStepName: string } }) => n.approvalCase.type === B.type && n.approvalCase.currentStepName === '学校审核')).toBe(true);
    expect(countsOf(p.counts)).toEqual({ [A.type]: 520, [B.type]: 30 });
    expect(p.counts.find((c: { type: string }) => c.type === A.type).name).toBe('测试甲类审批');
  });

  it('scope: each post sees only the cases at its own step', async () => {
    expect(dataOf(await gql('c-sys', PAGE, { t: null, f: 50, o: 0 })).approvalInboxPage.totalCount).toBe(40);
    expect(countsOf(dataOf(await gql('s2-sys', PAGE, { t: null, f: 50, o: 0 })).approvalInboxPage.counts)).toEqual({ [A.type]: 7 });
    // The school's query user holds no step of these workflows.
    expect(dataOf(await gql('s-query', PAGE, { t: null, f: 20, o: 0 })).approvalInboxPage).toEqual({ totalCount: 0, counts: [], nodes: [] });
  });

  it('approvalInbox: the counts are whole (the home asks only for them); the items refuse more than 500 with LIST_TOO_LARGE', async () => {
    expect(INBOX_CAP.cap).toBe(500);
    expect(countsOf(dataOf(await gql('s-sys', `{ approvalInbox { counts { type count } } }`)).approvalInbox.counts)).toEqual({ [A.type]: 520, [B.type]: 30 });
    const over = await gql('s-sys', `{ approvalInbox { counts { type count } items { approvalCase { id } } } }`);
    expect(errorCode(over)).toBe('LIST_TOO_LARGE');
    expect(over.errors![0]!.extensions!.details).toEqual({ max: 500, paged: 'approvalInboxPage' });
    // Below the cap the items are the whole inbox, as before.
    expect(dataOf(await gql('c-sys', `{ approvalInbox { items { approvalCase { id } } } }`)).approvalInbox.items).toHaveLength(40);
  });

  it.each([
    ['a page over 200', { t: null, f: 201, o: 0 }],
    ['a negative offset', { t: null, f: 20, o: -1 }],
  ])('refused: %s', async (_n, v) => {
    expect(errorCode(await gql('s-sys', PAGE, v))).toBe('VALIDATION_FAILED');
  });
});
