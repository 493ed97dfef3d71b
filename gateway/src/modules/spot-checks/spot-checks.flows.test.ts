import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher, buildUnit } from '../../demo/builders.js';

/**
 * Random spot checks through the real API (issue 3 point 7, domain §5): an authority draws
 * schools and teachers of its subtree reproducibly from a recorded seed, records findings, and
 * publishes them; each drawn school then sees its own teachers' results and nothing else.
 */
const DRAW = `mutation($i: DrawSpotCheckInput!) { drawSpotCheck(input: $i) {
  id seed status schoolCount teacherCount authorityUnitId schools { id level path } items { id ordinal schoolId teacherId teacherNo teacherName result } } }`;
const GET = `query($id: ID!) { spotCheck(id: $id) { id status schools { id } items { id schoolId teacherId result finding school { id } } } }`;
const LIST = `{ spotChecks(first: 200) { totalCount nodes { id } } }`;
const RECORD = `mutation($id: ID!, $r: SpotCheckResult!, $f: String) { recordSpotCheckFinding(itemId: $id, result: $r, finding: $f) { id result finding checkedBy checkedAt } }`;
const PUBLISH = `mutation($id: ID!) { publishSpotCheck(id: $id) { id status publishedBy publishedAt } }`;

interface Item { id: string; ordinal: number; schoolId: string; teacherId: string; teacherNo: string; teacherName: string; result: string }
interface Check { id: string; seed: string; status: string; schools: { id: string; level: string; path: string }[]; items: Item[] }

const ACCOUNTS: [string, UnitKey, 'info_admin' | 'query_user' | 'system_admin' | 'teacher'][] = [
  ['c_info', 'countyA', 'info_admin'],
  ['c_query', 'countyA', 'query_user'],
  ['c_sys', 'countyA', 'system_admin'],
  ['city_info', 'cityA', 'info_admin'],
  ['c2_info', 'countyA2', 'info_admin'],
  ['a_info', 'schoolA', 'info_admin'],
  ['a_query', 'schoolA', 'query_user'],
  ['a2_info', 'schoolA2', 'info_admin'],
  ['b_info', 'schoolB', 'info_admin'],
  ['a_teacher', 'schoolA', 'teacher'],
];

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const inactive = new Set<string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: ACCOUNTS.map(([u, unit, role]) => [u, unit, role, role === 'teacher' ? { teacherOf: unit } : undefined]) });
  // County A gets four more schools; every school of it gets active teachers and one who left.
  const em = t.app.orm.em.fork();
  const schools = [world.units.schoolA, world.units.schoolA2];
  for (let i = 3; i <= 6; i++) schools.push(await buildUnit(em, world.units.countyA, { code: `233010200${i}`, name: `甲一区第${i}小学`, level: 'school', schoolType: '211' }));
  let n = 0;
  for (const school of schools) {
    for (let k = 0; k < 5; k++) {
      const birthDate = `${1975 + (n % 20)}-0${1 + (n % 9)}-1${n % 10}`;
      const status = k === 4 ? (n % 2 ? 'retired' : 'resigned') : 'active';
      const teacher = await buildTeacher(em, t.app.runtime, school, {
        name: `抽查教师${n}`, gender: '1', birthDate, idNumber: generateChineseIdCard({ regionCode: '330106', birthDate, sequence: 600 + 2 * n, gender: '1' }),
        startDate: '2012-09-01', employmentStatus: status,
      });
      if (status !== 'active') inactive.add(teacher.id);
      n++;
    }
  }
  await em.flush();
  for (const [u] of ACCOUNTS) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

const drawAs = async (who: string, input: Record<string, unknown>): Promise<Check> =>
  dataOf(await t.gql(DRAW, { i: { title: '2026年春季教师信息抽查', schoolCount: 2, teacherCount: 5, ...input } }, tokens.get(who))).drawSpotCheck;
const pairs = (c: Check): string[] => c.items.map((i) => `${i.schoolId}:${i.teacherId}`);
const countChecks = async (): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from spot_check'))[0]!.n;

/** The active teachers (and their schools) a county A draw may pick from. */
async function countyPool(): Promise<{ schools: string[]; teachers: string[] }> {
  const path = world.units.countyA.path;
  const schools = await sql<{ id: string }>(t, `select id from unit where level = 'school' and path like ? order by id`, [`${path}%`]);
  const teachers = await sql<{ id: string }>(t, `select t.id from teacher t join unit s on s.id = t.school_id
     where s.level = 'school' and s.path like ? and t.employment_status = 'active' order by t.id`, [`${path}%`]);
  return { schools: schools.map((r) => r.id), teachers: teachers.map((r) => r.id) };
}

describe('drawing', () => {
  it('a county information admin draws N schools and M active teachers of those schools, within its scope', async () => {
    const c = await drawAs('c_info', { seed: '20260315' });
    expect(c).toMatchObject({ seed: '20260315', status: 'DRAWN', schoolCount: 2, teacherCount: 5, authorityUnitId: world.units.countyA.id });
    expect(c.schools).toHaveLength(2);
    for (const s of c.schools) {
      expect(s.level).toBe('school');
      expect(s.path.startsWith(world.units.countyA.path)).toBe(true);
    }
    expect(c.items).toHaveLength(5);
    expect(new Set(c.items.map((i) => i.teacherId)).size).toBe(5);
    const rows = await sql<{ id: string; school_id: string; employment_status: string }>(t,
      `select id, school_id, employment_status from teacher where id in (${c.items.map(() => '?').join(',')})`, c.items.map((i) => i.teacherId));
    for (const r of rows) {
      expect(r.employment_status).toBe('active');
      expect(c.schools.map((s) => s.id)).toContain(r.school_id);
    }
    expect(c.items.map((i) => i.ordinal)).toEqual([0, 1, 2, 3, 4]);
    expect(c.items.every((i) => i.result === 'PENDING' && i.teacherNo && i.teacherName)).toBe(true);
    const audit = await sql(t, `select actor_username, detail from audit_entry where action = 'spot_check.draw' and target_id = ?`, [c.id]);
    expect(audit).toEqual([{ actor_username: 'c_info', detail: expect.objectContaining({ seed: '20260315', drawnSchools: 2, drawnTeachers: 5, candidateSchools: 6 }) }]);
  });

  it('the same seed over the same data draws exactly the same schools and teachers', async () => {
    const one = await drawAs('c_info', { seed: '987654321', schoolCount: 3, teacherCount: 7 });
    const two = await drawAs('c_info', { seed: '987654321', schoolCount: 3, teacherCount: 7 });
    expect(two.id).not.toBe(one.id);
    expect(two.schools.map((s) => s.id).sort()).toEqual(one.schools.map((s) => s.id).sort());
    expect(pairs(two)).toEqual(pairs(one));
  });

  it('different seeds draw differently', async () => {
    const draws = new Set<string>();
    for (const seed of ['1', '2', '3', '4', '5', '6']) draws.add(JSON.stringify(pairs(await drawAs('c_info', { seed, schoolCount: 2, teacherCount: 3 }))));
    expect(draws.size).toBeGreaterThan(2);
  });

  it('without a seed one is generated and recorded, and replaying it gives the same draw', async () => {
    const one = await drawAs('c_info', { schoolCount: 3, teacherCount: 6 });
    expect(one.seed).toMatch(/^\d{1,19}$/);
    const stored = await sql<{ seed: string }>(t, 'select seed::text as seed from spot_check where id = ?', [one.id]);
    expect(stored[0]!.seed).toBe(one.seed);
    expect(pairs(await drawAs('c_info', { seed: one.seed, schoolCount: 3, teacherCount: 6 }))).toEqual(pairs(one));
  });

  it('asking for more than there is draws every school and every active teacher of the subtree, and no one else', async () => {
    const c = await drawAs('c_info', { seed: '7', schoolCount: 500, teacherCount: 2000 });
    const pool = await countyPool();
    expect(c.schools.map((s) => s.id).sort()).toEqual([...pool.schools].sort());
    expect(c.items.map((i) => i.teacherId)).toEqual(pool.teachers);
    for (const i of c.items) expect(inactive.has(i.teacherId)).toBe(false);
    // Teachers of schools in other counties are never drawn.
    for (const other of ['schoolB', 'schoolC', 'schoolZ', 'univ'] as UnitKey[]) expect(c.items.map((i) => i.teacherId)).not.toContain(world.teachers[other]!.id);
  });

  it.each([
    ['a county query user', 'c_query', {}, 'FORBIDDEN'],
    ['a county system admin', 'c_sys', {}, 'FORBIDDEN'],
    ['a school information admin (not an authority)', 'a_info', {}, 'FORBIDDEN'],
    ['a teacher', 'a_teacher', {}, 'FORBIDDEN'],
    ['no school count', 'c_info', { schoolCount: 0 }, 'VALIDATION_FAILED'],
    ['too many teachers', 'c_info', { teacherCount: 2001 }, 'VALIDATION_FAILED'],
    ['a seed that is not a number', 'c_info', { seed: 'abc' }, 'VALIDATION_FAILED'],
    ['a seed beyond 63 bits', 'c_info', { seed: '9223372036854775808' }, 'VALIDATION_FAILED'],
    ['an empty title', 'c_info', { title: '  ' }, 'VALIDATION_FAILED'],
  ] as [string, string, Record<string, unknown>, string][])('refuses %s → %s, and records nothing', async (_name, who, input, code) => {
    const before = await countChecks();
    const r = await t.gql(DRAW, { i: { title: '抽查', schoolCount: 2, teacherCount: 5, ...input } }, tokens.get(who));
    expect(errorCode(r)).toBe(code);
    expect(await countChecks()).toBe(before);
  });

  it('an authority whose subtree has no active teacher in any school gets SPOT_CHECK_NO_CANDIDATES', async () => {
    await sql(t, `update teacher set employment_status = 'retired' where school_id = ?`, [world.units.schoolB.id]);
    const r = await t.gql(DRAW, { i: { title: '抽查', schoolCount: 5, teacherCount: 5 } }, tokens.get('c2_info'));
    await sql(t, `update teacher set employment_status = 'active' where school_id = ?`, [world.units.schoolB.id]);
    expect(errorCode(r)).toBe('SPOT_CHECK_NO_CANDIDATES');
  });
});

describe('findings and publication', () => {
  let check: Check;
  beforeAll(async () => {
    // Every school and teacher of county A, so both schoolA and schoolA2 are concerned.
    check = await drawAs('c_info', { seed: '31', schoolCount: 500, teacherCount: 2000 });
  });

  it.each([
    ['the authority itself', 'c_info', true],
    ['a query user of the authority', 'c_query', true],
    ['the city above', 'city_info', true],
    ['the sibling county', 'c2_info', false],
    ['a drawn school, before publication', 'a_info', false],
    ['a drawn school\'s query user, before publication', 'a_query', false],
    ['a school of another county', 'b_info', false],
  ])('before publication, %s (%s) sees the check: %s', async (_name, who, visible) => {
    const list = dataOf(await t.gql(LIST, {}, tokens.get(who))).spotChecks.nodes.map((n: { id: string }) => n.id);
    expect(list.includes(check.id)).toBe(visible);
    const r = await t.gql(GET, { id: check.id }, tokens.get(who));
    if (visible) expect(dataOf(r).spotCheck.items).toHaveLength(check.items.length);
    else expect(errorCode(r)).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('a teacher account may not list spot checks at all', async () => {
    expect(errorCode(await t.gql(LIST, {}, tokens.get('a_teacher')))).toBe('FORBIDDEN');
  });

  it.each([
    ['the sibling county', 'c2_info', 'ACCURATE', null, 'NOT_FOUND_OR_NO_ACCESS'],
    ['the city above (it reads, the county runs the check)', 'city_info', 'ACCURATE', null, 'FORBIDDEN'],
    ['a query user of the authority', 'c_query', 'ACCURATE', null, 'FORBIDDEN'],
    ['the drawn school itself', 'a_info', 'ACCURATE', null, 'NOT_FOUND_OR_NO_ACCESS'],
    ['the authority, inaccurate without a finding', 'c_info', 'INACCURATE', '  ', 'SPOT_CHECK_FINDING_REQUIRED'],
    ['the authority, missing data without a finding', 'c_info', 'MISSING_DATA', null, 'SPOT_CHECK_FINDING_REQUIRED'],
    ['the authority, pending as a result', 'c_info', 'PENDING', null, 'VALIDATION_FAILED'],
  ])('recording a finding by %s is refused', async (_name, who, result, finding, code) => {
    const item = check.items[0]!;
    expect(errorCode(await t.gql(RECORD, { id: item.id, r: result, f: finding }, tokens.get(who)))).toBe(code);
    const [row] = await sql<{ result: string; checked_by: string | null }>(t, 'select result, checked_by from spot_check_item where id = ?', [item.id]);
    expect(row).toEqual({ result: 'pending', checked_by: null });
  });

  it('publishing with findings still pending is refused', async () => {
    const r = await t.gql(PUBLISH, { id: check.id }, tokens.get('c_info'));
    expect(errorCode(r)).toBe('SPOT_CHECK_INCOMPLETE');
    expect(r.errors![0]!.extensions!.details).toEqual({ pending: check.items.length });
  });

  it('the authority records a finding per teacher; each is kept with who and when, and audited', async () => {
    const results = ['ACCURATE', 'INACCURATE', 'MISSING_DATA'];
    for (const [k, item] of check.items.entries()) {
      const result = results[k % 3]!;
      const finding = result === 'ACCURATE' ? null : `第${k}号：学历信息与证书不符`;
      const r = dataOf(await t.gql(RECORD, { id: item.id, r: result, f: finding }, tokens.get('c_info'))).recordSpotCheckFinding;
      expect(r).toMatchObject({ id: item.id, result, finding, checkedBy: world.accounts.get('c_info')!.id });
      expect(r.checkedAt).toBeTruthy();
    }
    const audit = await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'spot_check.finding' and target_id = ?`, [check.id]);
    expect(audit[0]!.n).toBe(check.items.length);
  });

  it.each([
    ['the sibling county', 'c2_info', 'NOT_FOUND_OR_NO_ACCESS'],
    ['the city above', 'city_info', 'FORBIDDEN'],
    ['a drawn school', 'a_info', 'FORBIDDEN'],
  ])('publication by %s is refused', async (_name, who, code) => {
    expect(errorCode(await t.gql(PUBLISH, { id: check.id }, tokens.get(who)))).toBe(code);
    expect((await sql(t, 'select status from spot_check where id = ?', [check.id]))[0]).toEqual({ status: 'drawn' });
  });

  it('the authority publishes; the publication is audited', async () => {
    const r = dataOf(await t.gql(PUBLISH, { id: check.id }, tokens.get('c_info'))).publishSpotCheck;
    expect(r).toMatchObject({ id: check.id, status: 'PUBLISHED', publishedBy: world.accounts.get('c_info')!.id });
    const audit = await sql(t, `select actor_username, detail from audit_entry where action = 'spot_check.publish' and target_id = ?`, [check.id]);
    expect(audit).toEqual([{ actor_username: 'c_info', detail: expect.objectContaining({ schools: 6 }) }]);
  });

  it('after publication no finding may change and it cannot be published again', async () => {
    expect(errorCode(await t.gql(RECORD, { id: check.items[0]!.id, r: 'ACCURATE', f: null }, tokens.get('c_info')))).toBe('SPOT_CHECK_PUBLISHED');
    expect(errorCode(await t.gql(PUBLISH, { id: check.id }, tokens.get('c_info')))).toBe('SPOT_CHECK_PUBLISHED');
  });

  it.each([
    ['schoolA\'s information admin', 'a_info', 'schoolA'],
    ['schoolA\'s query user', 'a_query', 'schoolA'],
    ['schoolA2\'s information admin', 'a2_info', 'schoolA2'],
  ] as [string, string, UnitKey][])('after publication %s sees its own school\'s items only', async (_name, who, school) => {
    const own = check.items.filter((i) => i.schoolId === world.units[school].id);
    expect(own.length).toBeGreaterThan(0);
    expect(dataOf(await t.gql(LIST, {}, tokens.get(who))).spotChecks.nodes.map((n: { id: string }) => n.id)).toContain(check.id);
    const seen = dataOf(await t.gql(GET, { id: check.id }, tokens.get(who))).spotCheck;
    expect(seen.status).toBe('PUBLISHED');
    expect(seen.items.map((i: Item) => i.id)).toEqual(own.map((i) => i.id));
    expect(seen.items.every((i: { school: { id: string } }) => i.school.id === world.units[school].id)).toBe(true);
    expect(seen.schools).toEqual([{ id: world.units[school].id }]);
  });

  it.each([
    ['a school of another county', 'b_info'],
    ['the sibling county', 'c2_info'],
  ])('after publication %s still sees nothing', async (_name, who) => {
    expect(dataOf(await t.gql(LIST, {}, tokens.get(who))).spotChecks.nodes.map((n: { id: string }) => n.id)).not.toContain(check.id);
    expect(errorCode(await t.gql(GET, { id: check.id }, tokens.get(who)))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('a published check concerns only the schools with drawn teachers', async () => {
    // One school drawn, schoolA or schoolA2 (seeds tried in order): the other sees nothing of it.
    const mine = [world.units.schoolA.id, world.units.schoolA2.id];
    let small: Check | undefined;
    for (let seed = 1; !small || !mine.includes(small.schools[0]!.id); seed++) small = await drawAs('c_info', { seed: String(seed), schoolCount: 1, teacherCount: 2 });
    for (const item of small!.items) dataOf(await t.gql(RECORD, { id: item.id, r: 'ACCURATE', f: null }, tokens.get('c_info')));
    dataOf(await t.gql(PUBLISH, { id: small!.id }, tokens.get('c_info')));
    for (const [who, school] of [['a_info', 'schoolA'], ['a2_info', 'schoolA2']] as [string, UnitKey][]) {
      const r = await t.gql(GET, { id: small!.id }, tokens.get(who));
      if (small!.schools[0]!.id === world.units[school].id) expect(dataOf(r).spotCheck.items).toHaveLength(2);
      else expect(errorCode(r)).toBe('NOT_FOUND_OR_NO_ACCESS');
    }
  });
});
