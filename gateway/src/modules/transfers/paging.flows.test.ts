import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/**
 * Issue 16.2: lists of cases are paged on the server with their total and never cut off. One
 * real transfer and one real rotation are cloned in SQL to 250 rows each (their scope columns
 * as the API wrote them); the county pages through all of them in each sort order.
 */
const PAGE_T = `query($f: Int!, $o: Int!, $s: String, $d: Boolean, $st: String) { transferPage(first: $f, offset: $o, sort: $s, desc: $d, status: $st) { totalCount nodes { id teacherName effectiveDate createdAt } } }`;
const PAGE_R = `query($f: Int!, $o: Int!, $s: String, $d: Boolean) { rotationPage(first: $f, offset: $o, sort: $s, desc: $d) { totalCount nodes { id teacherName startDate } } }`;
const N = 250;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [['p_sa', 'schoolA', 'info_admin'], ['p_sa2', 'schoolA2', 'info_admin'], ['p_sb', 'schoolB', 'info_admin'], ['p_ka', 'countyA', 'info_admin'], ['p_qz', 'schoolZ', 'info_admin']] });
  for (const u of ['p_sa', 'p_sa2', 'p_sb', 'p_ka', 'p_qz']) tok[u] = await loginAs(t, u, w.certDir);
  // One transfer into schoolB of schoolA's teacher, one rotation of schoolA's teacher to schoolB, through the API.
  const idNumber = w.idNumbers.get(w.teachers.schoolA!.id)!;
  dataOf(await t.gql(`mutation($i: InitiateTransferInput!) { initiateTransfer(input: $i) { id } }`,
    { i: { idType: '1', idNumber, name: w.teachers.schoolA!.name, toUnitId: w.units.schoolB.id, effectiveDate: '2027-03-01' } }, tok.p_sb));
  dataOf(await t.gql(`mutation($i: InitiateRotationInput!) { initiateRotation(input: $i) { id } }`,
    { i: { teacherId: w.teachers.schoolA2!.id, receivingSchoolId: w.units.schoolB.id, startDate: '2027-09-01', endDate: '2028-08-31', personnelChange: false } }, tok.p_sa2));
  // Clones: distinct names, dates and creation times; same parties and scope.
  await sql(t, `insert into transfer (id, created_at, updated_at, version, kind, teacher_id, teacher_no, teacher_name, case_id, from_unit_id, from_school_id, to_unit_id, to_school_id,
      from_scope_path, to_scope_path, party_paths, effective_date, reason, status, initiated_by)
    select gen_random_uuid(), x.created_at + make_interval(secs => g), now(), 1, x.kind, x.teacher_id, x.teacher_no, '克隆教师' || lpad(g::text, 3, '0'), null, x.from_unit_id, x.from_school_id,
      x.to_unit_id, x.to_school_id, x.from_scope_path, x.to_scope_path, x.party_paths, x.effective_date + g, x.reason, 'completed', x.initiated_by
    from transfer x, generate_series(1, ?) g`, [N - 1]);
  {
    const cols = (await sql<{ c: string }>(t, `select column_name as c from information_schema.columns where table_name = 'rotation' and column_name not in ('id', 'teacher_name', 'start_date', 'case_id', 'status') order by ordinal_position`)).map((r) => r.c);
    await sql(t, `insert into rotation (id, teacher_name, start_date, case_id, status, ${cols.join(', ')})
      select gen_random_uuid(), '轮岗克隆' || lpad(g::text, 3, '0'), x.start_date - g, null, 'approved', ${cols.map((c) => `x.${c}`).join(', ')} from rotation x, generate_series(1, ?) g`, [N - 1]);
  }
});
afterAll(async () => t?.close());

async function all(query: string, field: 'transferPage' | 'rotationPage', token: string, vars: Record<string, unknown>, size: number): Promise<{ ids: string[]; totals: number[]; rows: Record<string, string>[] }> {
  const rows: Record<string, string>[] = [];
  const totals: number[] = [];
  for (let o = 0; ; o += size) {
    const page = dataOf(await t.gql(query, { f: size, o, ...vars }, token))[field];
    totals.push(page.totalCount);
    rows.push(...page.nodes);
    if (page.nodes.length < size) break;
  }
  return { ids: rows.map((r) => r.id), totals, rows };
}

describe('transfer lists are paged, never cut off', () => {
  it('the county pages through all 250 transfers, newest first, with the total on every page and no row twice', async () => {
    const { ids, totals, rows } = await all(PAGE_T, 'transferPage', tok.p_ka, {}, 20);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    expect(new Set(totals)).toEqual(new Set([N]));
    const created = rows.map((r) => r.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    // The last row is the real one (created first).
    expect(rows[N - 1]!.teacherName).toBe(w.teachers.schoolA!.name);
  });

  it('sorts by effective date and by name in both directions; a status filter counts its own total', async () => {
    const byDate = (await all(PAGE_T, 'transferPage', tok.p_sb, { s: 'effectiveDate', d: false }, 100)).rows.map((r) => r.effectiveDate);
    expect(byDate).toHaveLength(N);
    expect(byDate).toEqual([...byDate].sort());
    // By name (the database's collation decides): ascending is descending reversed, across page boundaries.
    const up = (await all(PAGE_T, 'transferPage', tok.p_sa, { s: 'teacherName', d: false }, 200)).rows.map((r) => r.teacherName);
    const down = (await all(PAGE_T, 'transferPage', tok.p_sa, { s: 'teacherName', d: true }, 30)).rows.map((r) => r.teacherName);
    expect(up).toHaveLength(N);
    expect(new Set(up).size).toBe(N);
    expect(down).toEqual([...up].reverse());
    const open = dataOf(await t.gql(PAGE_T, { f: 10, o: 0, st: 'in_progress' }, tok.p_ka)).transferPage;
    expect(open.totalCount).toBe(1);
  });

  it('another province sees none; bad paging arguments are refused', async () => {
    expect(dataOf(await t.gql(PAGE_T, { f: 20, o: 0 }, tok.p_qz)).transferPage).toEqual({ totalCount: 0, nodes: [] });
    expect(errorCode(await t.gql(PAGE_T, { f: 201, o: 0 }, tok.p_ka))).toBe('VALIDATION_FAILED');
    expect(errorCode(await t.gql(PAGE_T, { f: 20, o: -1 }, tok.p_ka))).toBe('VALIDATION_FAILED');
    expect(errorCode(await t.gql(PAGE_T, { f: 20, o: 0, s: 'partyPaths' }, tok.p_ka))).toBe('VALIDATION_FAILED');
  });
});

describe('rotation lists are paged, never cut off', () => {
  it('the county pages through all 250 rotations, latest start first', async () => {
    const { ids, totals, rows } = await all(PAGE_R, 'rotationPage', tok.p_ka, {}, 50);
    expect(ids).toHaveLength(N);
    expect(new Set(ids).size).toBe(N);
    expect(new Set(totals)).toEqual(new Set([N]));
    const starts = rows.map((r) => r.startDate);
    expect(starts).toEqual([...starts].sort().reverse());
    expect(starts[0]).toBe('2027-09-01');
  });
});
