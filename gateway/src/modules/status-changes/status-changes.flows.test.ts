import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

const CHANGE = `mutation($t: ID!, $s: String!, $d: String!, $r: String) { changeEmploymentStatus(teacherId: $t, status: $s, effectiveDate: $d, reason: $r) { id employmentStatus employments { endDate endReason employmentStatus } } }`;
const HISTORY = `query($t: ID!) { statusChanges(teacherId: $t) { fromStatus toStatus effectiveDate reason } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [
    ['s_info', 'schoolA', 'info_admin'], ['s2_info', 'schoolA2', 'info_admin'], ['c_query', 'countyA', 'query_user'], ['c2_info', 'countyA2', 'info_admin'],
    ['c_info', 'countyA', 'info_admin'], ['city_info', 'cityA', 'info_admin'], ['p_info', 'provA', 'info_admin'], ['sb_info', 'schoolB', 'info_admin'],
    ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }], ['u_info', 'univ', 'info_admin'], ['d1_info', 'deptU1', 'info_admin'], ['d2_info', 'deptU2', 'info_admin'],
  ] });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('employment status changes (变动)', () => {
  it('long absence keeps the employment; back to active; history with effective dates', async () => {
    const id = w.teachers.schoolA!.id;
    const away = await t.gql(CHANGE, { t: id, s: 'long_absence', d: '2026-03-01', r: '病休' }, tok.s_info);
    expect(away.data!.changeEmploymentStatus).toMatchObject({ employmentStatus: 'long_absence', employments: [{ endDate: null, employmentStatus: 'long_absence' }] });
    const back = await t.gql(CHANGE, { t: id, s: 'active', d: '2026-09-01' }, tok.s_info);
    expect(back.data!.changeEmploymentStatus.employmentStatus).toBe('active');
    const history = await t.gql(HISTORY, { t: id }, tok.c_query);
    expect(history.data!.statusChanges).toEqual([
      { fromStatus: 'active', toStatus: 'long_absence', effectiveDate: '2026-03-01', reason: '病休' },
      { fromStatus: 'long_absence', toStatus: 'active', effectiveDate: '2026-09-01', reason: null },
    ]);
  });

  it('retirement ends the employment, leaves active headcounts, keeps the archive and stops collection', async () => {
    const id = w.teachers.schoolA2!.id;
    const r = await t.gql(CHANGE, { t: id, s: 'retired', d: '2026-08-31' }, tok.s2_info);
    expect(r.data!.changeEmploymentStatus.employments[0]).toEqual({ endDate: '2026-08-31', endReason: 'retired', employmentStatus: 'retired' });
    const active = await t.gql(`{ teachers(filter: { employmentStatus: ["active", "long_absence"] }) { nodes { id } } }`, {}, tok.c_query);
    expect(active.data!.teachers.nodes.map((n: { id: string }) => n.id)).not.toContain(id);
    const archive = await t.gql(`query($t: ID!) { teacherArchive(teacherId: $t) { infoSet } }`, { t: id }, tok.s2_info);
    expect(archive.data!.teacherArchive.length).toBeGreaterThan(0);
    const entry = await t.gql(`mutation($t: ID!) { saveArchiveRecord(input: { teacherId: $t, infoSet: "skill", data: { name: "x" } }) { id } }`, { t: id }, tok.s2_info);
    expect(errorCode(entry)).toBe('TEACHER_NOT_COLLECTED');
    expect(errorCode(await t.gql(CHANGE, { t: id, s: 'active', d: '2026-09-01' }, tok.s2_info))).toBe('EMPLOYMENT_STATUS_TRANSITION');
  });

  it.each([
    ['a query user', 'c_query', 'resigned', '2026-01-01', 'FORBIDDEN'],
    ['another county', 'c2_info', 'resigned', '2026-01-01', 'NOT_FOUND_OR_NO_ACCESS'],
    ['an unknown status', 's_info', 'on_holiday', '2026-01-01', 'EMPLOYMENT_STATUS_TRANSITION'],
    ['a date before the employment began', 's_info', 'resigned', '2001-01-01', 'DATE_INVALID'],
    ['an impossible date', 's_info', 'resigned', '2026-02-30', 'DATE_INVALID'],
  ])('refuses %s', async (_n, user, status, date, code) => {
    expect(errorCode(await t.gql(CHANGE, { t: w.teachers.schoolA!.id, s: status, d: date }, tok[user]))).toBe(code);
  });

  // Seed 000 art. 22: the school's information admin makes the change; the authorities above only read it.
  it.each([
    // [actor, teacher of, expected]
    ['the school\'s information admin', 's_info', 'schoolA', 'ok'],
    ['the county', 'c_info', 'schoolA', 'FORBIDDEN'],
    ['the city', 'city_info', 'schoolA', 'FORBIDDEN'],
    ['the province', 'p_info', 'schoolA', 'FORBIDDEN'],
    ['a school of another county', 'sb_info', 'schoolA', 'NOT_FOUND_OR_NO_ACCESS'],
    ['the teacher', 't_a', 'schoolA', 'FORBIDDEN'],
    ['the university, for a department\'s teacher', 'u_info', 'deptU1', 'ok'],
    ['the department itself', 'd1_info', 'deptU1', 'ok'],
    ['another department', 'd2_info', 'deptU1', 'NOT_FOUND_OR_NO_ACCESS'],
    ['the province, for its university', 'p_info', 'deptU1', 'FORBIDDEN'],
  ] as const)('who sets long absence and back: %s (%s) on a teacher of %s → %s', async (_n, user, unit, expected) => {
    const id = w.teachers[unit]!.id;
    const away = await t.gql(CHANGE, { t: id, s: 'long_absence', d: '2026-04-01' }, tok[user]);
    if (expected !== 'ok') {
      expect(errorCode(away)).toBe(expected);
      return;
    }
    expect(away.data!.changeEmploymentStatus.employmentStatus).toBe('long_absence');
    expect((await t.gql(CHANGE, { t: id, s: 'active', d: '2026-05-01' }, tok[user])).data!.changeEmploymentStatus.employmentStatus).toBe('active');
  });

  it('a person who resigned is registered again with the same teacher number', async () => {
    const teacher = w.teachers.schoolA!;
    await t.gql(CHANGE, { t: teacher.id, s: 'resigned', d: '2026-10-31' }, tok.s_info);
    const again = await t.gql(`mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id teacherNo employmentStatus } }`, { i: {
      unitId: w.units.schoolA2.id, name: teacher.name, gender: teacher.gender, birthDate: teacher.birthDate, idNumber: w.idNumbers.get(teacher.id), startDate: '2026-11-01',
    } }, tok.s2_info);
    expect(again.data!.registerTeacher).toEqual({ id: teacher.id, teacherNo: teacher.teacherNo, employmentStatus: 'active' });
  });
});
