import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard, getCodeList, isValidTeacherNumber } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/**
 * Teachers through the real API: registration (一人一号, the ID checks, the duplicate check that
 * names the existing school only to those who may see it, re-employment keeping the number), and
 * the list's filters and cursor pagination; the list leaves out those who left or retired unless asked.
 */
const REGISTER = `mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) {
  id teacherNo numberState name gender birthDate idNumber unitId schoolId stage employmentStatus employments { schoolId startDate endDate } } }`;
const GET = `query($id: ID!) { teacher(id: $id) { id teacherNo unitId employmentStatus employments { schoolId endDate } } }`;
const LIST = `query($f: TeacherFilter, $first: Int, $after: String, $o: TeacherOrder) {
  teachers(filter: $f, first: $first, after: $after, orderBy: $o) {
    totalCount pageInfo { hasNextPage endCursor } nodes { id name gender birthDate unitId stage professionalTitle employmentStatus numberState } } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
let seq = 700;

const idFor = (birthDate: string, gender: '1' | '2', region = '330106'): string =>
  generateChineseIdCard({ regionCode: region, birthDate, sequence: (seq += 2), gender });

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [
      ['a_info', 'schoolA', 'info_admin'],
      ['c_info', 'countyA', 'info_admin'],
      ['b_info', 'schoolB', 'info_admin'],
      ['p_info', 'provA', 'info_admin'],
      ['p_query', 'provA', 'query_user'],
    ],
  });
  for (const u of ['a_info', 'c_info', 'b_info', 'p_info', 'p_query']) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

const teacherCount = async (): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from teacher'))[0]!.n;

describe('registration', () => {
  const base = () => ({ unitId: world.units.schoolA.id, name: '周芳', gender: '2', birthDate: '1990-04-12', idNumber: idFor('1990-04-12', '2'), startDate: '2015-09-01' });
  let registered: { id: string; teacherNo: string; name: string; idNumber: string };

  it('a school information admin registers a teacher, who gets a valid teacher number, confirmed at once with sync off', async () => {
    const input = { ...base(), professionalTitle: 'k12_second', staffCategory: 'full_time_teacher' };
    const r = dataOf(await t.gql(REGISTER, { i: input }, tokens.get('a_info'))).registerTeacher;
    expect(isValidTeacherNumber(r.teacherNo)).toBe(true);
    expect(r.teacherNo).toMatch(new RegExp(`^T33${String(new Date().getUTCFullYear()).slice(2)}`));
    expect(r).toMatchObject({
      // No national registry to wait for: this province's duplicate check is the whole check (正式编号).
      numberState: 'confirmed',
      name: '周芳', gender: '2', birthDate: '1990-04-12', idNumber: input.idNumber, unitId: world.units.schoolA.id, schoolId: world.units.schoolA.id,
      stage: 'primary_secondary', employmentStatus: 'active', employments: [{ schoolId: world.units.schoolA.id, startDate: '2015-09-01', endDate: null }],
    });
    registered = { id: r.id, teacherNo: r.teacherNo, name: r.name, idNumber: input.idNumber };
    expect(dataOf(await t.gql(GET, { id: r.id }, tokens.get('a_info'))).teacher.teacherNo).toBe(r.teacherNo);
    const audit = await sql(t, `select actor_username, detail from audit_entry where action = 'teacher.register' and target_id = ?`, [r.id]);
    expect(audit).toEqual([{ actor_username: 'a_info', detail: { teacherNo: r.teacherNo, unitId: world.units.schoolA.id, numberState: 'confirmed' } }]);
  });

  const flipCheck = (id: string): string => id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  it.each([
    ['a wrong check character', (b: ReturnType<typeof base>) => ({ idNumber: flipCheck(b.idNumber) }), 'ID_NUMBER_CHECKSUM'],
    ['a gender that does not match the number', () => ({ gender: '1' }), 'ID_NUMBER_GENDER_MISMATCH'],
    ['a birth date that does not match the number', () => ({ birthDate: '1990-04-13' }), 'ID_NUMBER_BIRTH_DATE_MISMATCH'],
    ['a region code that does not exist', () => ({ idNumber: idFor('1990-04-12', '2', '990101') }), 'ID_NUMBER_REGION'],
    ['the national code as region', () => ({ idNumber: idFor('1990-04-12', '2', '000000') }), 'ID_NUMBER_REGION'],
    ['a birth date in the number that is no date', () => ({ idNumber: generateChineseIdCard({ regionCode: '330106', birthDate: '1990-13-12', sequence: 2, gender: '2' }) }), 'ID_NUMBER_BIRTH_DATE'],
    ['a number of 17 characters', (b: ReturnType<typeof base>) => ({ idNumber: b.idNumber.slice(0, 17) }), 'ID_NUMBER_FORMAT'],
    ['an unknown document type', () => ({ idType: 'Q' }), 'ID_DOCUMENT_TYPE'],
    ['a gender outside the code list', () => ({ gender: '3' }), 'CODE_INVALID'],
    ['a birth date that is no date', () => ({ birthDate: '1990-02-30' }), 'DATE_INVALID'],
    ['an empty name', () => ({ name: '  ' }), 'VALIDATION_FAILED'],
  ] as [string, (b: ReturnType<typeof base>) => Record<string, string>, string][])('refuses %s → %s', async (_name, override, code) => {
    const before = await teacherCount();
    const b = base();
    const r = await t.gql(REGISTER, { i: { ...b, ...override(b) } }, tokens.get('a_info'));
    expect(errorCode(r)).toBe(code);
    expect(r.data).toBeNull();
    expect(await teacherCount()).toBe(before);
  });

  it.each([
    ['a school outside the caller\'s scope', 'a_info', 'schoolA2', 'NOT_FOUND_OR_NO_ACCESS'],
    ['an administrative unit', 'c_info', 'countyA', 'TEACHER_NOT_SCHOOL'],
    ['a query user registering', 'p_query', 'schoolA', 'FORBIDDEN'],
  ] as [string, string, UnitKey, string][])('refuses %s', async (_name, caller, unit, code) => {
    const before = await teacherCount();
    expect(errorCode(await t.gql(REGISTER, { i: { ...base(), unitId: world.units[unit].id } }, tokens.get(caller)))).toBe(code);
    expect(await teacherCount()).toBe(before);
  });

  it('the same document at the same school says the teacher is already here, not "at another unit", and points to no transfer', async () => {
    const before = await teacherCount();
    for (const who of ['a_info', 'c_info']) {
      const r = await t.gql(REGISTER, { i: { ...base(), idNumber: registered.idNumber } }, tokens.get(who));
      expect(errorCode(r)).toBe('TEACHER_DUPLICATE_ACTIVE');
      expect(r.errors![0]!.message).toBe(`该证件号码的教师已在${world.units.schoolA.name}任职（教师个人标识码 ${registered.teacherNo}），无需重复注册`);
      expect(r.errors![0]!.extensions!.details).toEqual({ teacherId: registered.id, teacherNo: registered.teacherNo, schoolId: world.units.schoolA.id, sameSchool: true });
    }
    expect(await teacherCount()).toBe(before);
  });

  it('the same document at another school, by someone who may see the teacher, names the existing record', async () => {
    const r = await t.gql(REGISTER, { i: { ...base(), unitId: world.units.schoolA2.id, idNumber: registered.idNumber } }, tokens.get('c_info'));
    expect(errorCode(r)).toBe('TEACHER_DUPLICATE_ACTIVE');
    expect(r.errors![0]!.message).toContain('在其他单位');
    expect(r.errors![0]!.extensions!.details).toEqual({ flow: 'transfer', mutation: 'initiateTransfer', teacherId: registered.id, teacherNo: registered.teacherNo, schoolId: world.units.schoolA.id });
  });

  it('the same document in another county is refused without a hint of where the teacher is', async () => {
    const before = await teacherCount();
    const r = await t.gql(REGISTER, { i: { ...base(), name: '某某', unitId: world.units.schoolB.id, idNumber: registered.idNumber } }, tokens.get('b_info'));
    expect(errorCode(r)).toBe('TEACHER_DUPLICATE_ACTIVE');
    // It points to the transfer flow, and to nothing about the person.
    expect(r.errors![0]!.extensions!.details).toEqual({ flow: 'transfer', mutation: 'initiateTransfer' });
    const body = JSON.stringify(r);
    for (const secret of [world.units.schoolA.name, world.units.schoolA.id, registered.name, registered.id, registered.teacherNo]) expect(body).not.toContain(secret);
    expect(await teacherCount()).toBe(before);
  });

  it('once the employment has ended, registering the document again re-employs the same teacher with the same number', async () => {
    await sql(t, `update employment set end_date = '2026-07-31', end_reason = 'resigned', employment_status = 'resigned' where teacher_id = ? and end_date is null`, [registered.id]);
    await sql(t, `update teacher set employment_status = 'resigned' where id = ?`, [registered.id]);

    const before = await teacherCount();
    const r = dataOf(await t.gql(REGISTER, { i: { ...base(), unitId: world.units.schoolB.id, idNumber: registered.idNumber, startDate: '2026-09-01' } }, tokens.get('b_info'))).registerTeacher;
    expect(r).toMatchObject({ id: registered.id, teacherNo: registered.teacherNo, unitId: world.units.schoolB.id, schoolId: world.units.schoolB.id, employmentStatus: 'active' });
    expect(r.employments).toEqual([
      { schoolId: world.units.schoolB.id, startDate: '2026-09-01', endDate: null },
      { schoolId: world.units.schoolA.id, startDate: '2015-09-01', endDate: '2026-07-31' },
    ]);
    expect(await teacherCount()).toBe(before);
    // The archive moved with the person: the old school no longer sees it.
    expect(errorCode(await t.gql(GET, { id: registered.id }, tokens.get('a_info')))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(dataOf(await t.gql(GET, { id: registered.id }, tokens.get('b_info'))).teacher.teacherNo).toBe(registered.teacherNo);
  });
});

interface Row { id: string; name: string; gender: string; birthDate: string; unitId: string; stage: string | null; professionalTitle: string | null; employmentStatus: string; numberState: string }

describe('list filters and pagination', () => {
  const year = new Date().getUTCFullYear();
  // Birthdays in March keep every age far from a band edge whatever day the tests run.
  const born = (age: number): string => `${year - age}-03-10`;
  const FIXTURE: [string, '1' | '2', number, string, UnitKey][] = [
    ['张伟', '1', 25, 'k12_second', 'schoolA'],
    ['张伟', '1', 36, 'k12_second', 'schoolB'],
    ['张敏', '2', 35, 'k12_first', 'schoolA2'],
    ['李娜', '2', 45, 'k12_senior', 'schoolB'],
    ['王强', '1', 55, 'he_professor', 'deptU1'],
    ['赵磊', '1', 62, 'he_lecturer', 'deptU2'],
    ['陈静', '2', 35, 'none', 'schoolC'],
    ['刘洋', '1', 45, 'k12_first', 'provSchool'],
    ['孙丽', '2', 41, 'k12_first', 'schoolA'],
    ['钱进', '1', 47, 'k12_second', 'schoolA2'],
  ];
  const EVERY_STATUS = getCodeList('employmentStatus').items.map((i) => i.code);
  const ids = new Map<string, string>(); // teacher id → clear ID number, for the fixture
  /** The default list (current teachers) and the list of every status. */
  let all: Row[];
  let everyone: Row[];

  const list = async (filter: Record<string, unknown> | null, first = 200, after?: string, order = 'TEACHER_NO') =>
    dataOf(await t.gql(LIST, { f: filter, first, after, o: order }, tokens.get('p_query'))).teachers;

  const age = (birthDate: string): number => {
    const now = new Date();
    const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
    return now.getUTCFullYear() - y - (now.getUTCMonth() + 1 < m || (now.getUTCMonth() + 1 === m && now.getUTCDate() < d) ? 1 : 0);
  };
  /** Rows whose unit lies in `unit`'s subtree (decided when the case runs, once the world exists). */
  const under = (unit: UnitKey) => (r: Row): boolean => {
    const path = world.units[unit].path;
    return Object.values(world.units).some((u) => u.id === r.unitId && u.path.startsWith(path));
  };

  beforeAll(async () => {
    for (const [name, gender, a, title, unit] of FIXTURE) {
      const idNumber = idFor(born(a), gender);
      const r = dataOf(await t.gql(REGISTER, {
        i: { unitId: world.units[unit].id, name, gender, birthDate: born(a), idNumber, professionalTitle: title, startDate: '2020-09-01' },
      }, tokens.get('p_info'))).registerTeacher;
      ids.set(r.id, idNumber);
    }
    const byName = new Map(FIXTURE.map(([n], i) => [n, [...ids.keys()][i]!]));
    await sql(t, `update teacher set employment_status = 'long_absence' where id = ?`, [byName.get('李娜')]);
    await sql(t, `update teacher set employment_status = 'retired' where id = ?`, [byName.get('赵磊')]);
    await sql(t, `update teacher set employment_status = 'resigned' where id = ?`, [byName.get('孙丽')]);
    // 调出 to another province: the record stays here with that status.
    await sql(t, `update teacher set employment_status = 'transferred_out' where id = ?`, [byName.get('钱进')]);
    // Two numbers still waiting for a national check (as registered in a province that syncs).
    await sql(t, `update teacher set number_state = 'provisional' where id in (?, ?)`, [byName.get('张敏'), byName.get('刘洋')]);
    // The expectations are read by the information admin, who sees birth dates (a query user reads the year only).
    const asAdmin = async (filter: Record<string, unknown> | null) => dataOf(await t.gql(LIST, { f: filter, first: 200, o: 'TEACHER_NO' }, tokens.get('p_info'))).teachers.nodes;
    all = await asAdmin(null);
    everyone = await asAdmin({ employmentStatus: EVERY_STATUS });
  });

  it('every status together is the whole province, nothing from elsewhere', () => {
    expect(everyone.length).toBe(Object.keys(world.teachers).length - 1 + FIXTURE.length + 1); // all but schoolZ, fixture, the re-employed 周芳
    expect(everyone.map((r) => r.unitId)).not.toContain(world.units.schoolZ.id);
  });

  it('the unfiltered list leaves out those who left or retired, the long absent stay', async () => {
    const left = ['赵磊', '孙丽', '钱进'];
    expect(all.map((r) => r.id).sort()).toEqual(everyone.filter((r) => !left.includes(r.name)).map((r) => r.id).sort());
    expect(new Set(all.map((r) => r.employmentStatus))).toEqual(new Set(['active', 'long_absence']));
    expect((await list(null, 1)).totalCount).toBe(all.length);
    // The school's own list, by its information admin, as the records portal asks for it.
    const atSchool = dataOf(await t.gql(LIST, { f: { unitId: world.units.schoolA.id }, first: 200 }, tokens.get('a_info'))).teachers;
    expect(atSchool.nodes.map((r: Row) => r.name)).not.toContain('孙丽');
    const resigned = dataOf(await t.gql(LIST, { f: { unitId: world.units.schoolA.id, employmentStatus: ['resigned'] }, first: 200 }, tokens.get('a_info'))).teachers;
    expect(resigned.nodes.map((r: Row) => [r.name, r.employmentStatus])).toEqual([['孙丽', 'resigned']]);
  });

  it.each([
    ['retired', '赵磊'],
    ['resigned', '孙丽'],
    ['transferred_out', '钱进'],
  ])('a teacher who is %s is listed when the filter asks for the status, or looked up by number', async (status, name) => {
    const person = everyone.find((r) => r.name === name)!;
    expect(person.employmentStatus).toBe(status);
    expect((await list({ employmentStatus: [status] })).nodes.map((r: Row) => r.id)).toEqual([person.id]);
    expect((await list({ name })).nodes).toEqual([]);
    const teacherNo = (await sql<{ teacher_no: string }>(t, 'select teacher_no from teacher where id = ?', [person.id]))[0]!.teacher_no;
    expect((await list({ teacherNo })).nodes.map((r: Row) => r.id)).toEqual([person.id]);
    expect((await list({ idNumber: ids.get(person.id)! })).nodes.map((r: Row) => r.id)).toEqual([person.id]);
  });

  const someId = (name: string): (() => string) => () => [...ids.keys()].find((k) => all.find((r) => r.id === k)?.name === name)!;
  const CASES: [string, () => Record<string, unknown>, (r: Row) => boolean][] = [
    ['name contains 张', () => ({ name: '张' }), (r) => r.name.includes('张')],
    ['name contains 娜', () => ({ name: '娜' }), (r) => r.name.includes('娜')],
    ['idNumber exact', () => ({ idNumber: ids.get(someId('李娜')())! }), (r) => r.name === '李娜'],
    ['idNumber with a lower-case check character', () => ({ idNumber: ids.get(someId('李娜')())!.toLowerCase() }), (r) => r.name === '李娜'],
    ['gender 1', () => ({ gender: '1' }), (r) => r.gender === '1'],
    ['gender 2', () => ({ gender: '2' }), (r) => r.gender === '2'],
    ['ageBand UNDER_30', () => ({ ageBand: 'UNDER_30' }), (r) => age(r.birthDate) < 30],
    ['ageBand FROM_30_TO_39', () => ({ ageBand: 'FROM_30_TO_39' }), (r) => age(r.birthDate) >= 30 && age(r.birthDate) <= 39],
    ['ageBand FROM_40_TO_49', () => ({ ageBand: 'FROM_40_TO_49' }), (r) => age(r.birthDate) >= 40 && age(r.birthDate) <= 49],
    ['ageBand FROM_50_TO_59', () => ({ ageBand: 'FROM_50_TO_59' }), (r) => age(r.birthDate) >= 50 && age(r.birthDate) <= 59],
    ['ageBand FROM_60 (every status)', () => ({ ageBand: 'FROM_60', employmentStatus: EVERY_STATUS }), (r) => age(r.birthDate) >= 60],
    ['stage kindergarten', () => ({ stage: 'kindergarten' }), (r) => r.stage === 'kindergarten'],
    ['stage higher_education', () => ({ stage: 'higher_education' }), (r) => r.stage === 'higher_education'],
    ['professionalTitle he_professor', () => ({ professionalTitle: 'he_professor' }), (r) => r.professionalTitle === 'he_professor'],
    ['professionalTitle k12_second', () => ({ professionalTitle: 'k12_second' }), (r) => r.professionalTitle === 'k12_second'],
    ['employmentStatus [long_absence, retired]', () => ({ employmentStatus: ['long_absence', 'retired'] }), (r) => ['long_absence', 'retired'].includes(r.employmentStatus)],
    ['employmentStatus [active]', () => ({ employmentStatus: ['active'] }), (r) => r.employmentStatus === 'active'],
    ['numberState provisional', () => ({ numberState: 'provisional' }), (r) => r.numberState === 'provisional'],
    ['numberState confirmed', () => ({ numberState: 'confirmed' }), (r) => r.numberState === 'confirmed'],
    ['numberState provisional and gender 1', () => ({ numberState: 'provisional', gender: '1' }), (r) => r.numberState === 'provisional' && r.gender === '1'],
    ['unitId of the university (with its departments)', () => ({ unitId: world.units.univ.id }), under('univ')],
    ['unitId of a department', () => ({ unitId: world.units.deptU2.id }), under('deptU2')],
    ['unitId of a county', () => ({ unitId: world.units.countyA.id }), under('countyA')],
    ['gender 2 and ageBand FROM_30_TO_39', () => ({ gender: '2', ageBand: 'FROM_30_TO_39' }), (r) => r.gender === '2' && age(r.birthDate) >= 30 && age(r.birthDate) <= 39],
  ];

  it.each(CASES)('%s narrows to exactly the matching rows', async (_name, filter, matches) => {
    // Named statuses and lookups by number reach every status; other filters current teachers.
    const f = filter();
    const base = f.employmentStatus || f.idNumber ? everyone : all;
    const expected = base.filter(matches).map((r) => r.id).sort();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(base.length);
    const page = await list(f);
    expect(page.nodes.map((r: Row) => r.id).sort()).toEqual(expected);
    expect(page.totalCount).toBe(expected.length);
  });

  it.each([
    ['a name with LIKE wildcards', { name: '%' }],
    ['a name with an underscore', { name: '_' }],
    ['part of an ID number', { idNumber: '330106' }],
    ['a gender nobody has', { gender: '9' }],
  ])('%s matches nothing', async (_name, filter) => {
    const page = await list(filter);
    expect(page.nodes).toEqual([]);
    expect(page.totalCount).toBe(0);
  });

  it.each([
    ['TEACHER_NO', null, 3],
    ['NAME', null, 4],
    ['NAME', { gender: '1' }, 2],
    ['TEACHER_NO', { unitId: 'univ' }, 1],
  ] as [string, Record<string, string> | null, number][])('cursor pagination by %s (filter %j, %i a page) walks every row once', async (order, filterSpec, size) => {
    const filter = filterSpec?.unitId ? { unitId: world.units[filterSpec.unitId as UnitKey].id } : filterSpec;
    const expected = (await list(filter, 200, undefined, order)).nodes.map((r: Row) => r.id);
    expect(expected.length).toBeGreaterThan(size);
    const seen: string[] = [];
    let after: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await list(filter, size, after, order);
      expect(page.totalCount).toBe(expected.length);
      expect(page.nodes.length).toBeLessThanOrEqual(size);
      seen.push(...page.nodes.map((r: Row) => r.id));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.nodes.length).toBe(size);
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / size));
  });

  it('two teachers with the same name are both reached when a page ends between them', async () => {
    const first = await list({ name: '张伟' }, 1, undefined, 'NAME');
    expect(first.totalCount).toBe(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ name: '张伟' }, 1, first.pageInfo.endCursor, 'NAME');
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.nodes).toHaveLength(1);
    expect(second.nodes[0].id).not.toBe(first.nodes[0].id);
  });

  it('a broken cursor is refused', async () => {
    const r = await t.gql(LIST, { f: null, first: 2, after: 'not-a-cursor' }, tokens.get('p_query'));
    expect(errorCode(r)).toBe('VALIDATION_FAILED');
  });
});
