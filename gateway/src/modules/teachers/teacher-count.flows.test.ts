import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { refreshStatistics } from '../statistics/statistics-refresh.js';
import { subtreePattern } from './teacher-count.js';

/**
 * The teacher list's totalCount (issue 18.2) through GraphQL: from the statistics rollup where it
 * counts exactly the list's rows, counted (and briefly cached) otherwise, and always equal to a
 * plain count of what the caller may see — before and after the rollup is refreshed, after a
 * registration and after a teacher moved. The list's statements per request do not grow with the
 * page size.
 */
const REGISTER = `mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id } }`;
const LIST = `query($f: TeacherFilter, $first: Int) {
  teachers(filter: $f, first: $first) { totalCount totalCountSource countedAt nodes { id school { name } } } }`;

let t: TestApp;
let world: World;
const statements: string[] = [];
let recording = false;
const tokens = new Map<string, string>();
let seq = 900;

beforeAll(async () => {
  t = await createTestApp({ TMIS_STATS_REFRESH_MS: '0' }, {
    onQuery: (line) => {
      const text = line.replace(/\u001b\[[0-9;]*m/g, '');
      if (recording && text.startsWith('[query] ')) statements.push(text.slice(8));
    },
  });
  world = await buildWorld(t.app, {
    accounts: [
      ['p_query', 'provA', 'query_user'],
      ['c_query', 'countyA', 'query_user'],
      ['a_info', 'schoolA', 'info_admin'],
      ['a2_info', 'schoolA2', 'info_admin'],
      ['b_info', 'schoolB', 'info_admin'],
    ],
  });
  for (const u of ['p_query', 'c_query', 'a_info', 'a2_info', 'b_info']) tokens.set(u, await loginAs(t, u, world.certDir));
  const plan: [string, UnitKey, '1' | '2', string | null][] = [
    ['a_info', 'schoolA', '1', 'k12_second'], ['a_info', 'schoolA', '2', 'k12_second'], ['a_info', 'schoolA', '2', null],
    ['a2_info', 'schoolA2', '2', 'k12_first'], ['a2_info', 'schoolA2', '1', null],
    ['b_info', 'schoolB', '2', 'k12_second'], ['b_info', 'schoolB', '1', 'k12_first'],
  ];
  for (const [user, unit, gender, title] of plan) await register(user, unit, gender, title, '王明');
  // One who retired: listed only when asked for by status.
  await sql(t, `update teacher set employment_status = 'retired' where id = (select id from teacher where scope_path = ? order by teacher_no limit 1)`, [world.units.schoolB.path]);
});
afterAll(async () => t?.close());

async function register(user: string, unit: UnitKey, gender: '1' | '2', title: string | null, name: string): Promise<string> {
  const birthDate = '1988-03-04';
  const input = { unitId: world.units[unit].id, name, gender, birthDate, idNumber: generateChineseIdCard({ regionCode: '330106', birthDate, sequence: (seq += 2), gender }), startDate: '2012-09-01', professionalTitle: title };
  return dataOf(await t.gql(REGISTER, { i: input }, tokens.get(user))).registerTeacher.id as string;
}

/** The list's rows counted plainly: the caller's subtree and the filter, by SQL of its own. */
async function truth(path: string, extra = 'true', params: unknown[] = []): Promise<number> {
  const rows = await sql<{ n: number }>(t, `select count(*)::int as n from teacher where scope_path like ? and (${extra})`, [`${path}%`, ...params]);
  return rows[0]!.n;
}
const CURRENT = `employment_status in ('active', 'long_absence')`;

async function list(user: string, f: Record<string, unknown> | null = null, first = 20): Promise<{ totalCount: number; totalCountSource: string; countedAt: string; nodes: unknown[] }> {
  return dataOf(await t.gql(LIST, { f, first }, tokens.get(user))).teachers;
}

describe('totalCount from the rollup', () => {
  it('is exact while every unit is still marked for refresh (answered live from teacher) and after the refresh (from the rollup rows)', async () => {
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from stats_dirty'))[0]!.n).toBeGreaterThan(0);
    const before = await list('p_query');
    expect(before).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: await truth(world.units.provA.path, CURRENT) });
    // The retired teacher is not listed, though still a teacher of the province.
    expect(await truth(world.units.provA.path)).toBe(before.totalCount + 1);

    await refreshStatistics(t.app.orm);
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from stats_dirty'))[0]!.n).toBe(0);
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from stats_rollup where cuboid = 0'))[0]!.n).toBeGreaterThan(0);
    expect(await list('p_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: before.totalCount });
    expect(await list('c_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: await truth(world.units.countyA.path, CURRENT) });
  });

  it.each([
    ['gender', { gender: '2' }, `${CURRENT} and gender = '2'`],
    ['professional title', { professionalTitle: 'k12_second' }, `${CURRENT} and professional_title = 'k12_second'`],
    ['gender and title', { gender: '2', professionalTitle: 'k12_second' }, `${CURRENT} and gender = '2' and professional_title = 'k12_second'`],
    ['employment status', { employmentStatus: ['retired'] }, `employment_status = 'retired'`],
    ['unit subtree', { unitId: 'schoolA2' }, `${CURRENT} and scope_path like '%'`],
  ])('with a %s filter, for the province and the county user', async (_what, filter, extra) => {
    const f = { ...filter } as Record<string, unknown>;
    const unitPath = f.unitId ? world.units[f.unitId as UnitKey].path : null;
    if (f.unitId) f.unitId = world.units[f.unitId as UnitKey].id;
    for (const [user, scope] of [['p_query', 'provA'], ['c_query', 'countyA']] as const) {
      const r = await list(user, f);
      expect(r.totalCountSource).toBe('ROLLUP');
      expect(r.totalCount).toBe(await truth(unitPath ?? world.units[scope].path, extra));
    }
  });

  it('follows a registration at once (the unit is read live until the refresher rebuilds it) and stays exact after the refresh', async () => {
    const [province, county] = [(await list('p_query')).totalCount, (await list('c_query')).totalCount];
    await register('a_info', 'schoolA', '2', 'k12_second', '李华');
    expect(await list('p_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: province + 1 });
    expect(await list('c_query', { gender: '2' })).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: await truth(world.units.countyA.path, `${CURRENT} and gender = '2'`) });
    await refreshStatistics(t.app.orm);
    expect(await list('c_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: county + 1 });
    expect(await list('p_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: await truth(world.units.provA.path, CURRENT) });
  });

  it('follows a teacher who moved out of the county (a fix in SQL: the trigger marks both units)', async () => {
    const [moved] = await sql<{ id: string }>(t, 'select id from teacher where scope_path = ? and employment_status = ? order by teacher_no limit 1', [world.units.schoolA.path, 'active']);
    const b = world.units.schoolB;
    const [province, county] = [(await list('p_query')).totalCount, (await list('c_query')).totalCount];
    await sql(t, 'update teacher set unit_id = ?, school_id = ?, scope_path = ? where id = ?', [b.id, b.id, b.path, moved!.id]);
    expect(await list('c_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: county - 1 });
    expect(await list('p_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: province });
    await refreshStatistics(t.app.orm);
    expect(await list('c_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: await truth(world.units.countyA.path, CURRENT) });
    expect(await list('p_query')).toMatchObject({ totalCountSource: 'ROLLUP', totalCount: await truth(world.units.provA.path, CURRENT) });
  });
});

describe('totalCount counted and cached', () => {
  it('a filter the rollup does not hold is counted, then served from the cache until a teacher is written', async () => {
    const f = { name: '王' };
    const first = await list('p_query', f);
    expect(first).toMatchObject({ totalCountSource: 'COUNTED', totalCount: await truth(world.units.provA.path, `${CURRENT} and name like '%王%'`) });
    const again = await list('p_query', f);
    expect(again).toMatchObject({ totalCountSource: 'CACHED', totalCount: first.totalCount, countedAt: first.countedAt });
    // Another scope with the same filter is its own entry.
    expect(await list('c_query', f)).toMatchObject({ totalCountSource: 'COUNTED', totalCount: await truth(world.units.countyA.path, `${CURRENT} and name like '%王%'`) });

    await register('a2_info', 'schoolA2', '1', null, '王强');
    expect(await list('p_query', f)).toMatchObject({ totalCountSource: 'COUNTED', totalCount: first.totalCount + 1 });
  });

  it('an age band is counted: the list means the age today, the rollup the statistical age of the year', async () => {
    const r = await list('c_query', { ageBand: 'FROM_30_TO_39' });
    expect(r.totalCountSource).toBe('COUNTED');
    expect(r.totalCount).toBe(r.nodes.length);
  });

  it('only a scope that is one plain unit subtree is answered from the rollup', () => {
    expect(subtreePattern({ $or: [{ scopePath: { $like: '/1/2/%' } }] })).toBe('/1/2/%');
    expect(subtreePattern({ scopePath: { $like: '/1/%' } })).toBe('/1/%');
    expect(subtreePattern({ $or: [{ scopePath: { $like: '/1/2/%' } }, { scopePath: { $like: '/1/3/%' } }] })).toBeNull();
    expect(subtreePattern({ $or: [{ id: 'x' }] })).toBeNull();
    expect(subtreePattern({ scopePath: { $like: '/1/2/%' }, employmentStatus: 'active' })).toBeNull();
    expect(subtreePattern({ $and: [{ scopePath: { $like: '/1/2/%' } }, { $not: { scopePath: { $like: '/1/2/3/%' } } }] })).toBeNull();
    expect(subtreePattern({ scopePath: { $like: '/1/2%' } })).toBeNull();
  });
});

describe('statements per request', () => {
  it.each([
    ['rollup', null],
    ['counted or cached', { name: '王' }],
  ])('do not grow with the page size (%s)', async (_what, f) => {
    // A cache entry may expire between two requests on a loaded machine: compare like with like.
    const bySource = new Map<string, number[]>();
    for (const first of [2, 5, 50]) {
      await list('p_query', f, first);
      statements.length = 0;
      recording = true;
      const r = await list('p_query', f, first);
      recording = false;
      expect(r.nodes.length).toBe(Math.min(first, r.totalCount));
      bySource.set(r.totalCountSource, [...(bySource.get(r.totalCountSource) ?? []), statements.length]);
    }
    for (const counts of bySource.values()) {
      expect(counts[0]).toBeGreaterThan(0);
      expect(new Set(counts).size).toBe(1);
    }
  });
});
