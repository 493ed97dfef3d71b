import { pdfTexts } from '../../testing/pdf-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard, todayInChina, yearInChina, type Role } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildEffectiveRecord, buildTeacher } from '../../demo/builders.js';
import type { Teacher } from '../teachers/teacher.entity.js';

/**
 * 教师队伍建设报告 for a county (issue 7): a year with hires, departures, a transfer in (not a
 * hire), a rotation out, training and registrations due — counted through GraphQL and on the
 * printable page.
 */
const REPORT = `query($u: ID!, $y: Int!) { workforceReport(unitId: $u, year: $y) {
  unitName year asOf teachers longAbsence
  byAgeBand { key count } byGender { key label count share } byTitle { key label count } byEducation { key label count } byStage { key label count }
  changes { hires departures resigned retired deceased transfersIn transfersOut transfersWithin rotationsOut rotationsIn rotationsWithin rotationsWithPersonnelChange mobilityTracked }
  training { trainedTeachers completionRate totalHours totalCredits teachersMeetingTarget annualHoursTarget }
  registrations { due fromRegistrationRecords fromQualificationDates } notes } }`;
const STATUS = `mutation($id: ID!, $s: String!, $d: String!) { changeEmploymentStatus(teacherId: $id, status: $s, effectiveDate: $d) { employmentStatus } }`;

const ACCOUNTS: [string, UnitKey, Role][] = [
  ['c_info', 'countyA', 'info_admin'],
  ['c_query', 'countyA', 'query_user'],
  ['s_info', 'schoolA', 'info_admin'],
  ['c2_query', 'countyA2', 'query_user'],
  ['c_train', 'countyA', 'training_admin'],
];

const Y = yearInChina();
const today = todayInChina();
let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const leavers: Teacher[] = [];

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: ACCOUNTS });
  const em = t.app.orm.em.fork();
  let seq = 0;
  const add = async (unit: UnitKey, o: { gender: '1' | '2'; birthDate: string; startDate: string; title?: string; education?: string }): Promise<Teacher> => {
    const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: o.birthDate, sequence: 500 + 2 * seq++, gender: o.gender });
    return buildTeacher(em, t.app.runtime, world.units[unit], { name: `报告教师${seq}`, gender: o.gender, birthDate: o.birthDate, idNumber,
      professionalTitle: o.title, educationLevel: o.education, startDate: o.startDate });
  };
  // Three hires this year (two young men at school A, a woman at school A2).
  const h1 = await add('schoolA', { gender: '1', birthDate: `${Y - 24}-02-01`, startDate: `${Y}-01-01`, title: 'k12_third', education: '21' });
  await add('schoolA', { gender: '1', birthDate: `${Y - 25}-02-01`, startDate: `${Y}-01-01`, title: 'k12_third', education: '21' });
  const h3 = await add('schoolA2', { gender: '2', birthDate: `${Y - 27}-02-01`, startDate: `${Y}-01-01`, education: '14' });
  // Moved in by a completed transfer from county A2: a new employment this year, but not a hire.
  const moved = await add('schoolA', { gender: '1', birthDate: `${Y - 45}-06-01`, startDate: `${Y}-01-01`, title: 'k12_senior' });
  // Two long-serving teachers who leave this year (through the API below), one hired last year.
  leavers.push(await add('schoolA', { gender: '2', birthDate: `${Y - 59}-01-01`, startDate: '2001-09-01', title: 'k12_first' }));
  leavers.push(await add('schoolA', { gender: '1', birthDate: `${Y - 35}-01-01`, startDate: '2015-09-01', title: 'k12_second' }));
  await add('schoolA2', { gender: '2', birthDate: `${Y - 31}-01-01`, startDate: `${Y - 1}-09-01`, title: 'k12_second' });
  // Outside the county (must not count): a hire at school B.
  await add('schoolB', { gender: '1', birthDate: `${Y - 23}-01-01`, startDate: `${Y}-01-01` });
  // Training this year (80 h + 24 h), last year's record does not count.
  buildEffectiveRecord(em, h1, 'domestic_training', { startDate: `${Y}-04-01`, endDate: `${Y}-04-10`, project: '新教师培训', hours: 80, credits: 8 });
  buildEffectiveRecord(em, h3, 'domestic_training', { startDate: `${Y}-05-01`, project: '学科培训', hours: 24, credits: 2.5 });
  buildEffectiveRecord(em, world.teachers.schoolA!, 'domestic_training', { startDate: `${Y - 1}-05-01`, endDate: `${Y - 1}-05-03`, project: '去年培训', hours: 30 });
  // Registrations: one certificate issued five years ago (due), one three years ago (not due),
  // one teacher whose registration record's cycle ends this year (due).
  buildEffectiveRecord(em, world.teachers.schoolA!, 'qualification', { type: '小学教师资格', certificateNo: 'Q-1', issueDate: `${Y - 5}-07-01` });
  buildEffectiveRecord(em, world.teachers.schoolA2!, 'qualification', { type: '小学教师资格', certificateNo: 'Q-2', issueDate: `${Y - 3}-07-01` });
  buildEffectiveRecord(em, moved, 'qualification', { type: '高中教师资格', certificateNo: 'Q-3', issueDate: `${Y - 12}-07-01` });
  buildEffectiveRecord(em, moved, 'qualification_registration', { certificateNo: 'Q-3', cycleStartYear: Y - 5, cycleEndYear: Y, result: 'registered', decisionDate: `${Y - 5}-06-01` });
  await em.flush();

  // The transfer (lead's table) and a rotation out of the county, as their modules write them.
  const acc = world.accounts.get('c_info')!.id;
  const u = world.units;
  await sql(t, `update employment set start_reason = 'transfer' where teacher_id = ?`, [moved.id]);
  await sql(t, `insert into transfer (id, created_at, updated_at, kind, teacher_id, teacher_no, teacher_name, from_unit_id, from_school_id, to_unit_id, to_school_id,
      from_scope_path, to_scope_path, party_paths, effective_date, status, completed_at, initiated_by)
    values (gen_random_uuid(), now(), now(), 'transfer', ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, 'completed', now(), ?)`,
  [moved.id, moved.teacherNo, moved.name, u.schoolB.id, u.schoolB.id, u.schoolA.id, u.schoolA.id, u.schoolB.path, u.schoolA.path, `${Y}-01-01`, acc]);
  await sql(t, `insert into rotation (id, created_at, updated_at, teacher_id, teacher_no, teacher_name, sending_school_id, receiving_school_id,
      sending_scope_path, receiving_scope_path, party_paths, personnel_change, start_date, end_date, status, approved_at, initiated_by)
    values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?, ?, '', false, ?, ?, 'approved', now(), ?)`,
  [world.teachers.schoolA2!.id, world.teachers.schoolA2!.teacherNo, world.teachers.schoolA2!.name, u.schoolA2.id, u.schoolB.id, u.schoolA2.path, u.schoolB.path, `${Y}-02-01`, `${Y + 1}-01-31`, acc]);
  for (const [name] of ACCOUNTS) tokens.set(name, await loginAs(t, name, world.certDir));
  // Departures through the API: a retirement and a resignation, effective today.
  dataOf(await t.gql(STATUS, { id: leavers[0]!.id, s: 'retired', d: today }, tokens.get('s_info')));
  dataOf(await t.gql(STATUS, { id: leavers[1]!.id, s: 'resigned', d: today }, tokens.get('s_info')));
});
afterAll(async () => t?.close());

describe('the county report', () => {
  it('counts structure, changes, training and registrations of the county subtree', async () => {
    const r = dataOf(await t.gql(REPORT, { u: world.units.countyA.id, y: Y }, tokens.get('c_query'))).workforceReport;
    const [db] = await sql<{ n: number }>(t, `select count(*)::int as n from teacher where scope_path like ? and employment_status in ('active', 'long_absence')`, [`${world.units.countyA.path}%`]);
    // World: one teacher at each of school A and A2; added: 3 hires + 1 transferred + 1 from last year; the 2 leavers are gone.
    expect(r.teachers).toBe(7);
    expect(r.teachers).toBe(db!.n);
    expect(r.unitName).toBe(world.units.countyA.name);
    expect(r.asOf).toBe(today);
    expect(r.changes).toEqual({
      hires: 3, departures: 2, resigned: 1, retired: 1, deceased: 0, transfersIn: 1, transfersOut: 0, transfersWithin: 0,
      rotationsOut: 1, rotationsIn: 0, rotationsWithin: 0, rotationsWithPersonnelChange: 0, mobilityTracked: true,
    });
    expect(Object.fromEntries(r.byGender.map((b: { key: string; count: number }) => [b.key, b.count]))).toEqual({ 1: 3, 2: 4 });
    expect(r.byGender.find((b: { key: string }) => b.key === '1').label).toBe('男');
    expect(Object.fromEntries(r.byAgeBand.map((b: { key: string; count: number }) => [b.key, b.count]))).toEqual({ under_30: 3, '30_39': 1, '40_49': 3, '50_59': 0, '60_plus': 0 });
    expect(r.byAgeBand.reduce((s: number, b: { count: number }) => s + b.count, 0)).toBe(r.teachers);
    expect(Object.fromEntries(r.byTitle.map((b: { key: string; count: number }) => [b.key, b.count]))).toEqual({ k12_first: 2, k12_third: 2, k12_second: 1, k12_senior: 1, '': 1 });
    expect(r.byTitle.at(-1)).toMatchObject({ key: '', label: '未填写' });
    expect(r.byStage).toEqual([{ key: 'primary_secondary', label: '中小学', count: 7 }]);
    expect(r.training).toEqual({ trainedTeachers: 2, completionRate: 2 / 7, totalHours: 104, totalCredits: 10.5, teachersMeetingTarget: 1, annualHoursTarget: 72 });
    expect(r.registrations).toEqual({ due: 2, fromRegistrationRecords: 1, fromQualificationDates: 1 });
  });

  it('the information admin gets the same numbers; the city includes the county plus its other county', async () => {
    const county = dataOf(await t.gql(REPORT, { u: world.units.countyA.id, y: Y }, tokens.get('c_info'))).workforceReport;
    expect(county.changes.hires).toBe(3);
    const cityToken = tokens.get('c_info');
    // The county admin cannot report on the city above it.
    expect(errorCode(await t.gql(REPORT, { u: world.units.cityA.id, y: Y }, cityToken))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('last year: the hire of last year, no departures', async () => {
    const r = dataOf(await t.gql(REPORT, { u: world.units.countyA.id, y: Y - 1 }, tokens.get('c_query'))).workforceReport;
    expect(r.asOf).toBe(`${Y - 1}-12-31`);
    expect(r.changes).toMatchObject({ hires: 1, departures: 0, transfersIn: 0, rotationsOut: 0 });
    expect(r.training.trainedTeachers).toBe(1);
  });

  it.each([
    ['a school unit', 'c_query', 'schoolA', Y, 'REPORT_UNIT_NOT_AUTHORITY'],
    ['a sibling county', 'c2_query', 'countyA', Y, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a school information admin', 's_info', 'countyA', Y, 'FORBIDDEN'],
    ['a training admin', 'c_train', 'countyA', Y, 'FORBIDDEN'],
    ['a year before 2000', 'c_query', 'countyA', 1999, 'REPORT_YEAR_INVALID'],
    ['a future year', 'c_query', 'countyA', Y + 1, 'REPORT_YEAR_INVALID'],
  ] as [string, string, UnitKey, number, string][])('refused: %s', async (_n, who, unit, year, code) => {
    expect(errorCode(await t.gql(REPORT, { u: world.units[unit].id, y: year }, tokens.get(who)))).toBe(code);
  });
});

describe('the printable page', () => {
  const page = (query: string, headers: Record<string, string> = {}): Promise<Response> => fetch(`${t.url}/reports/workforce?${query}`, { headers });

  it('is self-contained HTML with inline SVG charts, print CSS and the counts; generation is audited', async () => {
    const before = (await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'report.workforce'`))[0]!.n;
    const res = await page(`unitId=${world.units.countyA.id}&year=${Y}`, { authorization: `Bearer ${tokens.get('c_query')}` });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await res.text();
    expect(html).toContain(`${world.units.countyA.name}<br>${Y}年度教师队伍建设报告`);
    expect(html.match(/<svg /g)?.length).toBe(6);
    expect(html).toContain('@page');
    expect(html).toContain('@media print');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).toContain('<td>新入职</td><td class="n">3</td>');
    expect(html).toContain('<td>调入</td><td class="n">1</td>');
    expect(html).toContain('到期应注册教师 <b>2</b> 人');
    expect((await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'report.workforce'`))[0]!.n).toBe(before + 1);
  });

  it('is also a PDF with the same content: title, the counts, page numbers', async () => {
    const res = await fetch(`${t.url}/reports/workforce.pdf?unitId=${world.units.countyA.id}&year=${Y}`, { headers: { authorization: `Bearer ${tokens.get('c_query')}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent(world.units.countyA.name)}`);
    const buf = Buffer.from(await res.arrayBuffer());
    expect(buf.toString('latin1', 0, 8)).toBe('%PDF-1.7');
    const texts = await pdfTexts(buf);
    expect(texts).toContain(world.units.countyA.name);
    expect(texts).toContain(`${Y}年度教师队伍建设报告`);
    // Each bar row is label, then its count.
    expect(texts[texts.indexOf('新入职') + 1]).toBe('3');
    expect(texts[texts.indexOf('调入') + 1]).toBe('1');
    expect(texts.some((x) => x.includes('到期应注册教师 2 人'))).toBe(true);
    expect(texts.filter((x) => /^第 \d+ 页 \/ 共 \d+ 页$/.test(x)).length).toBeGreaterThan(0);
  });

  it('works with the session cookie as well', async () => {
    const res = await page(`unitId=${world.units.countyA.id}&year=${Y}`, { cookie: `tmis_session=${tokens.get('c_info')}` });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no session', '', {}, 401, 'UNAUTHENTICATED'],
    ['a sibling county', 'c2_query', {}, 404, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a bad year', 'c_query', { year: 'abcd' }, 400, 'REPORT_YEAR_INVALID'],
  ] as [string, string, Record<string, string>, number, string][])('refused: %s', async (_n, who, extra, status, code) => {
    const q = new URLSearchParams({ unitId: world.units.countyA.id, year: String(Y), ...extra });
    const res = await page(q.toString(), who ? { authorization: `Bearer ${tokens.get(who)}` } : {});
    expect(res.status).toBe(status);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(code);
  });
});
