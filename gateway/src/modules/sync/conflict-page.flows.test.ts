import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/**
 * 一人一号冲突 paged on the server (issue 16.2): the list query stopped at the newest 500;
 * registryConflictPage gives every conflict in the province's view with its total.
 */
const PAGE = `query($s: String, $f: Int!, $o: Int!) { registryConflictPage(status: $s, first: $f, offset: $o) { totalCount nodes { id status provinceA provinceB detectedAt } } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: [['p_info', 'provA', 'info_admin'], ['p_query', 'provA', 'query_user']] });
  for (const u of ['p_info', 'p_query']) tokens.set(u, await loginAs(t, u, world.certDir));
  const own = t.app.config.provinceCode;
  // 530 conflicts with a teacher of this province (every tenth resolved), 7 between two others.
  const rows: unknown[][] = [];
  for (let i = 0; i < 537; i++) {
    const mine = i < 530;
    rows.push([randomUUID(), mine ? 'active_in_two_provinces' : 'duplicate_document', randomUUID(), `T${String(i).padStart(13, '0')}`, mine ? own : '110000',
      randomUUID(), `U${String(i).padStart(13, '0')}`, mine ? '440000' : '120000', i % 10 === 0 ? 'resolved' : 'open', new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString()]);
  }
  for (let at = 0; at < rows.length; at += 100) {
    const chunk = rows.slice(at, at + 100);
    await sql(t, `insert into registry_conflict (id, kind, teacher_id_a, teacher_no_a, province_a, teacher_id_b, teacher_no_b, province_b, status, detected_at)
      values ${chunk.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::timestamptz)').join(', ')}`, chunk.flat());
  }
});
afterAll(async () => t?.close());

describe('registryConflictPage', () => {
  it('pages through all 530 conflicts of the province (past the old 500 cap), newest first, each once', async () => {
    const seen: { id: string; detectedAt: string }[] = [];
    let total = -1;
    for (let o = 0; ; o += 200) {
      const p = dataOf(await t.gql(PAGE, { s: null, f: 200, o }, tokens.get('p_info'))).registryConflictPage;
      total = p.totalCount;
      seen.push(...p.nodes);
      if (p.nodes.length < 200) break;
    }
    expect(total).toBe(530);
    expect(new Set(seen.map((r) => r.id)).size).toBe(530);
    expect(seen.every((r, i) => i === 0 || Date.parse(seen[i - 1]!.detectedAt) >= Date.parse(r.detectedAt))).toBe(true);
  });

  it('the old registryConflicts refuses the 530 (over its 500) with LIST_TOO_LARGE instead of the newest 500; below the cap it is the whole list', async () => {
    const over = await t.gql(`{ registryConflicts { id } }`, {}, tokens.get('p_info'));
    expect(errorCode(over)).toBe('LIST_TOO_LARGE');
    expect(over.errors![0]!.extensions!.details).toEqual({ max: 500, paged: 'registryConflictPage' });
    expect(dataOf(await t.gql(`{ registryConflicts(status: "resolved") { id } }`, {}, tokens.get('p_info'))).registryConflicts).toHaveLength(53);
  });

  it('filters by status, with the total of the filter', async () => {
    const p = dataOf(await t.gql(PAGE, { s: 'resolved', f: 20, o: 40 }, tokens.get('p_info'))).registryConflictPage;
    expect(p.totalCount).toBe(53);
    expect(p.nodes).toHaveLength(13);
    expect(p.nodes.every((r: { status: string }) => r.status === 'resolved')).toBe(true);
  });

  it.each([
    ['a query user', 'p_query', { f: 20, o: 0 }, 'FORBIDDEN'],
    ['a page over 200', 'p_info', { f: 201, o: 0 }, 'VALIDATION_FAILED'],
    ['a negative offset', 'p_info', { f: 20, o: -1 }, 'VALIDATION_FAILED'],
  ])('refused: %s', async (_n, who, v, code) => {
    expect(errorCode(await t.gql(PAGE, { s: null, ...v }, tokens.get(who)))).toBe(code);
  });
});
