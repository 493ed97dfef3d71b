import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { generateChineseIdCard } from '@tmis/shared';
import { copyFrom, transactionClient } from '../../platform/db/copy-in.js';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';
import { refreshStatistics } from './statistics-refresh.js';

const STATS = `query($d: [StatisticsDimension!]!, $u: ID, $f: TeacherStatisticsFilter, $a: String) {
  teacherStatistics(dimensions: $d, unitId: $u, filter: $f, asOf: $a) {
    unit { name } asOf source total totalSuppressed
    dimensions { dimension label }
    cells { keys { dimension value code label } count suppressed }
    suppression { applied minCell primaryCells secondaryCells }
  }
}`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
let seq = 0;

/** Extra teachers: [unit, women, men], born on distinct days so document numbers never collide. */
async function addTeachers(plan: [UnitKey, number, number][], extra: { employmentStatus?: string } = {}): Promise<void> {
  const em = t.app.orm.em.fork();
  for (const [key, women, men] of plan) {
    const unit = await em.findOneOrFail('Unit', { id: w.units[key].id }) as never;
    for (let i = 0; i < women + men; i++) {
      const gender = i < women ? '2' : '1';
      const day = new Date(Date.UTC(1980, 0, 1 + seq++)).toISOString().slice(0, 10);
      await buildTeacher(em as never, t.app.runtime, unit, {
        name: `统计${seq}`, gender, birthDate: day, idNumber: generateChineseIdCard({ regionCode: '330102', birthDate: day, sequence: 500, gender }),
        staffCategory: 'full_time_teacher', professionalTitle: 'k12_second', startDate: '2015-09-01', ...extra,
      });
    }
  }
  await em.flush();
}

interface Cell { keys: { value: string | null; label: string; code: string | null }[]; count: number | null; suppressed: boolean }
const byFirstLabel = (cells: Cell[]): Record<string, number | null> => Object.fromEntries(cells.map((c) => [c.keys[0]!.label, c.count]));

beforeAll(async () => {
  // The refresher is driven by hand here, so every test knows whether the rollup is fresh.
  t = await createTestApp({ TMIS_STATS_REFRESH_MS: '0' });
  w = await buildWorld(t.app, { accounts: [
    ['p_query', 'provA', 'query_user'], ['c_query', 'cityA', 'query_user'], ['k_query', 'countyA', 'query_user'], ['s_query', 'schoolA', 'query_user'],
    ['p_info', 'provA', 'info_admin'], ['p_sys', 'provA', 'system_admin'], ['c_info', 'cityA', 'info_admin'], ['s_info', 'schoolA', 'info_admin'],
  ] });
  // Province A, active: schoolA 15 (9 women, 6 men), schoolA2 9 (7/2), schoolB 9 (5/4), schoolC 1, provSchool 5, university 3 = 42.
  await addTeachers([['schoolA', 8, 6], ['schoolA2', 6, 2], ['schoolB', 4, 4], ['provSchool', 4, 0]]);
  await addTeachers([['schoolA', 1, 0]], { employmentStatus: 'retired' });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('teacherStatistics: scope', () => {
  it.each<[string, string, Record<string, number | null>, number]>([
    ['province', 'p_query', { 甲一区第一小学: 15, 甲一区第二小学: 9, 甲二县第一中学: 9, 甲三区幼儿园: null, 甲省实验中学: null, 甲省大学: null }, 42],
    ['city', 'c_query', { 甲一区第一小学: 15, 甲一区第二小学: 9, 甲二县第一中学: 9 }, 33],
    ['county', 'k_query', { 甲一区第一小学: 15, 甲一区第二小学: 9 }, 24],
    ['school', 's_query', { 甲一区第一小学: 15 }, 15],
  ])('the same query by a %s query user counts only its own subtree', async (_level, user, expected, total) => {
    const r = dataOf(await t.gql(STATS, { d: ['SCHOOL'] }, tok[user])).teacherStatistics;
    expect(byFirstLabel(r.cells)).toEqual(expected);
    expect(r.total).toBe(total);
    expect(r.dimensions).toEqual([{ dimension: 'SCHOOL', label: '学校' }]);
  });

  it('a unit outside the scope is not found; a unit inside narrows the population', async () => {
    expect(errorCode(await t.gql(STATS, { d: [], u: w.units.countyA2.id }, tok.k_query))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(STATS, { d: [], u: w.units.provA.id }, tok.c_query))).toBe('NOT_FOUND_OR_NO_ACCESS');
    const r = dataOf(await t.gql(STATS, { d: ['CHILD_UNIT'], u: w.units.countyA.id }, tok.c_query)).teacherStatistics;
    expect(r.unit.name).toBe('甲一区教育局');
    expect(byFirstLabel(r.cells)).toEqual({ 甲一区第一小学: 15, 甲一区第二小学: 9 });
  });

  it('labels code values in Chinese and groups by unit levels', async () => {
    const r = dataOf(await t.gql(STATS, { d: ['COUNTY', 'GENDER'] }, tok.c_info)).teacherStatistics;
    expect(r.cells.map((c: Cell) => `${c.keys[0]!.label}/${c.keys[1]!.label}/${c.count}`)).toEqual(
      expect.arrayContaining(['甲一区教育局/女/16', '甲一区教育局/男/8', '甲二县教育局/女/5', '甲二县教育局/男/4']));
    expect(r.cells[0].keys[0].code).toMatch(/^3301/);
    const titles = dataOf(await t.gql(STATS, { d: ['TITLE_LEVEL', 'STAGE'] }, tok.c_info)).teacherStatistics;
    expect(titles.cells.map((c: Cell) => c.keys.map((k) => k.label).join('/'))).toEqual(expect.arrayContaining(['初级/中小学', '中级/中小学']));
  });

  it('filters, including retired teachers when asked', async () => {
    const men = dataOf(await t.gql(STATS, { d: [], f: { gender: ['1'] } }, tok.c_info)).teacherStatistics;
    expect(men.total).toBe(12);
    const retired = dataOf(await t.gql(STATS, { d: ['SCHOOL'], f: { employmentStatus: ['retired'] } }, tok.c_info)).teacherStatistics;
    expect(byFirstLabel(retired.cells)).toEqual({ 甲一区第一小学: 1 });
  });
});

describe('teacherStatistics: province indicators', () => {
  it('groups and filters by a code-type indicator, labelled with its own items', async () => {
    dataOf(await t.gql(`mutation { defineIndicator(input: { code: "backbone_level", label: "骨干教师类型", type: "code",
      codeItems: [{ code: "1", name: "市级骨干" }, { code: "2", name: "区级骨干" }] }) { id } }`, {}, tok.p_info));
    // Values as the archive stores them once effective: on the teacher row.
    await sql(t, `update teacher set indicators = '{"backbone_level": "1"}' where id in (select id from teacher where scope_path = ? order by teacher_no limit 3)`, [w.units.schoolA.path]);
    await sql(t, `update teacher set indicators = '{"backbone_level": "2"}' where id in (select id from teacher where scope_path = ? order by teacher_no limit 2)`, [w.units.schoolB.path]);
    const r = dataOf(await t.gql(`{ teacherStatistics(dimensions: [COUNTY, INDICATOR], indicatorDimensions: ["backbone_level"]) {
      source dimensions { dimension indicatorCode label } cells { keys { value label } count } } }`, {}, tok.c_info)).teacherStatistics;
    expect(r.source).toBe('live');
    expect(r.dimensions[1]).toEqual({ dimension: 'INDICATOR', indicatorCode: 'backbone_level', label: '骨干教师类型' });
    expect(r.cells.map((c: Cell) => `${c.keys[0]!.label}/${c.keys[1]!.label}/${c.count}`)).toEqual(expect.arrayContaining([
      '甲一区教育局/市级骨干/3', '甲二县教育局/区级骨干/2', '甲一区教育局/未填报/21']));
    const filtered = dataOf(await t.gql(STATS, { d: ['SCHOOL'], f: { indicators: [{ code: 'backbone_level', value: '2' }] } }, tok.c_info)).teacherStatistics;
    expect(byFirstLabel(filtered.cells)).toEqual({ 甲二县第一中学: 2 });
    expect(errorCode(await t.gql(`{ teacherStatistics(dimensions: [INDICATOR], indicatorDimensions: ["nope"]) { total } }`, {}, tok.c_info))).toBe('STATS_DIMENSION_INVALID');
  });
});

describe('teacherStatistics: small cells', () => {
  it('suppresses small cells for a query user (with a secondary cell) and shows them to an information admin', async () => {
    const q = dataOf(await t.gql(STATS, { d: ['SCHOOL'], f: { gender: ['1'] } }, tok.c_query)).teacherStatistics;
    // Men: schoolA 6, schoolA2 2, schoolB 4 — the two small cells hide each other (sum 6 ≥ 5).
    expect(byFirstLabel(q.cells)).toEqual({ 甲一区第一小学: 6, 甲一区第二小学: null, 甲二县第一中学: null });
    expect(q.cells.filter((c: Cell) => c.suppressed)).toHaveLength(2);
    expect(q).toMatchObject({ total: 12, suppression: { applied: true, minCell: 5, primaryCells: 2, secondaryCells: 0 } });
    const exact = dataOf(await t.gql(STATS, { d: ['SCHOOL'], f: { gender: ['1'] } }, tok.c_info)).teacherStatistics;
    expect(byFirstLabel(exact.cells)).toEqual({ 甲一区第一小学: 6, 甲一区第二小学: 2, 甲二县第一中学: 4 });
    expect(exact.suppression.applied).toBe(false);
  });

  it('hides one more cell when the total would give a small one back', async () => {
    // cityA 33, cityA2 1, university 3, provSchool 5: 1 + 3 < 5, so the smallest other (5) goes too.
    const r = dataOf(await t.gql(STATS, { d: ['CHILD_UNIT'] }, tok.p_query)).teacherStatistics;
    expect(byFirstLabel(r.cells)).toEqual({ 甲一市教育局: 33, 甲二市教育局: null, 甲省大学: null, 甲省实验中学: null });
    expect(r).toMatchObject({ total: 42, suppression: { primaryCells: 2, secondaryCells: 1 } });
  });

  it('hides a small total', async () => {
    const r = dataOf(await t.gql(STATS, { d: ['GENDER'], u: w.units.schoolC.id }, tok.p_query)).teacherStatistics;
    expect(r).toMatchObject({ total: null, totalSuppressed: true, cells: [{ count: null, suppressed: true }] });
  });
});

describe('teacherStatistics: as of a date', () => {
  it('counts who was employed on that day from the employment history', async () => {
    const r = dataOf(await t.gql(STATS, { d: ['CHILD_UNIT'], a: '2012-01-01' }, tok.p_info)).teacherStatistics;
    expect(r.source).toBe('history');
    expect(byFirstLabel(r.cells)).toEqual({ 甲一市教育局: 3, 甲二市教育局: 1, 甲省大学: 3, 甲省实验中学: 1 });
    expect(dataOf(await t.gql(STATS, { d: [], a: '2005-01-01' }, tok.p_info)).teacherStatistics.total).toBe(0);
  });
});

describe('teacherStatistics: the rollup stays exact through writes', () => {
  const REGISTER = `mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id } }`;
  const CHANGE = `mutation($t: ID!) { changeEmploymentStatus(teacherId: $t, status: "retired", effectiveDate: "2026-01-01") { id } }`;
  const cities = async () => byFirstLabel(dataOf(await t.gql(STATS, { d: ['CHILD_UNIT'] }, tok.p_info)).teacherStatistics.cells);
  const source = async (d: string[]) => dataOf(await t.gql(STATS, { d }, tok.p_info)).teacherStatistics.source;

  it('answers from the rollup once refreshed, with the same numbers as the teacher table', async () => {
    const live = await cities();
    await refreshStatistics(t.app.orm);
    expect(await sql(t, 'select count(*)::int as n from stats_dirty')).toEqual([{ n: 0 }]);
    expect(await source(['CHILD_UNIT'])).toBe('rollup');
    expect(await cities()).toEqual(live);
    // Every cuboid adds up to the same population as the teacher table itself.
    const sums = await sql(t, `select cuboid, sum(n)::int as n from stats_rollup group by cuboid`);
    const [{ n }] = await sql(t, 'select count(*)::int as n from teacher');
    expect(sums).toHaveLength(37);
    for (const s of sums) expect(s.n).toBe(n);
    // Three columns at once are not in one cuboid: answered from the teacher table.
    expect(await source(['GENDER', 'AGE_BAND', 'TITLE_LEVEL'])).toBe('live');
  });

  it('registration, a status change and a transfer show at once; the refresher then catches up', async () => {
    const before = await cities();
    const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1990-05-05', sequence: 700, gender: '2' });
    dataOf(await t.gql(REGISTER, { i: { unitId: w.units.schoolC.id, name: '新教师', gender: '2', birthDate: '1990-05-05', idNumber, startDate: '2026-09-01' } }, tok.p_info));
    dataOf(await t.gql(CHANGE, { t: w.teachers.schoolA!.id }, tok.s_info));
    // A transfer as the transfer flow writes it: the teacher row moves to another school.
    await sql(t, `update teacher set unit_id = ?, school_id = ?, scope_path = ? where id = ?`, [w.units.provSchool.id, w.units.provSchool.id, w.units.provSchool.path, w.teachers.schoolB!.id]);
    expect((await sql(t, 'select count(distinct unit_id)::int as n from stats_dirty'))[0]!.n).toBe(4);
    const expected = { ...before, 甲一市教育局: before['甲一市教育局']! - 2, 甲二市教育局: before['甲二市教育局']! + 1, 甲省实验中学: before['甲省实验中学']! + 1 };
    expect(await cities()).toEqual(expected);
    expect(await source(['CHILD_UNIT'])).toBe('rollup');
    await refreshStatistics(t.app.orm);
    expect(await sql(t, 'select count(*)::int as n from stats_dirty')).toEqual([{ n: 0 }]);
    expect(await cities()).toEqual(expected);
  });

  it('rows COPYed in (the Excel import path) mark their units too', async () => {
    await refreshStatistics(t.app.orm);
    const before = await cities();
    const row = [randomUUID(), '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', 'TCOPY0000000001', '导入教师', '2', '1988-08-08', '1', '\\x00', '\\x0102',
      '330102********0000', w.units.schoolC.id, w.units.schoolC.id, w.units.schoolC.path, 'active'].join(',');
    await t.app.orm.em.getConnection().getKnex().transaction(async (trx) => copyFrom(await transactionClient(trx), `copy teacher (id, created_at, updated_at,
      teacher_no, name, gender, birth_date, id_type, id_number_enc, id_number_hash, id_number_masked, unit_id, school_id, scope_path, employment_status) from stdin with (format csv)`,
    Buffer.from(`${row}\n`)));
    expect(await sql(t, 'select unit_id from stats_dirty')).toEqual([{ unit_id: w.units.schoolC.id }]);
    expect(await cities()).toEqual({ ...before, 甲二市教育局: before['甲二市教育局']! + 1 });
  });

  it('a change that touches no counted column marks nothing', async () => {
    await refreshStatistics(t.app.orm);
    await sql(t, `update teacher set name = name || '' , version = version + 1`);
    expect(await sql(t, 'select count(*)::int as n from stats_dirty')).toEqual([{ n: 0 }]);
  });
});

describe('teacherStatistics: bad input', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['more than four dimensions', { d: ['GENDER', 'AGE_BAND', 'STAGE', 'SCHOOL', 'ETHNICITY'] }, 'STATS_TOO_MANY_DIMENSIONS'],
    ['a repeated dimension', { d: ['GENDER', 'GENDER'] }, 'STATS_DIMENSION_INVALID'],
    ['an indicator dimension without its code', { d: ['INDICATOR'] }, 'STATS_DIMENSION_INVALID'],
    ['a code not in the list', { d: [], f: { gender: ['x'] } }, 'STATS_FILTER_INVALID'],
    ['a future date', { d: [], a: '2999-01-01' }, 'STATS_AS_OF_INVALID'],
    ['an impossible date', { d: [], a: '2025-02-30' }, 'STATS_AS_OF_INVALID'],
  ])('refuses %s', async (_name, vars, code) => {
    expect(errorCode(await t.gql(STATS, vars, tok.c_query))).toBe(code);
  });

  it('refuses callers without statistics rights', async () => {
    expect(errorCode(await t.gql(STATS, { d: [] }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await t.gql(STATS, { d: [] }, tok.p_sys))).toBe('FORBIDDEN');
  });
});
