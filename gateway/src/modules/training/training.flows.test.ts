import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { TRAINING_PROJECTS_CAP } from './training.service.js';
import type { Role } from '@tmis/shared';

/**
 * Issue 5 (training credits) through the real GraphQL API: a national project whose credits each
 * province confirms with its own conversion rule; an institution submitting results by Excel
 * (a bad file writes nothing and names every bad row); school-based training and self-study
 * through the supervising authority's approval; the province's versioned rules; totals.
 */
const ACCOUNTS: [string, UnitKey, Role][] = [
  ['n_train', 'national', 'training_admin'], ['p_train', 'provA', 'training_admin'], ['p_info', 'provA', 'info_admin'],
  ['b_train', 'provB', 'training_admin'], ['c_train', 'countyA', 'training_admin'], ['c_query', 'countyA', 'query_user'],
  ['s_info', 'schoolA', 'info_admin'], ['inst', 'provA', 'training_institution'], ['inst2', 'provA', 'training_institution'], ['c_sys', 'countyA', 'system_admin'],
];

const RULE = `mutation($i: TrainingRuleInput!) { addTrainingRuleVersion(input: $i) { id provinceUnitId effectiveFrom hoursPerCredit cycleHours } }`;
const RULES = `{ trainingRules { provinceUnitId effectiveFrom hoursPerCredit cycleHours } }`;
const CREATE = `mutation($i: TrainingProjectInput!) { createTrainingProject(input: $i) { id level status credits caseId institutionIds } }`;
const ENROL = `mutation($p: ID!, $t: [ID!]!) { enrolTeachers(projectId: $p, teacherIds: $t) { id teacherId status } }`;
const ENROLMENTS = `query($p: ID!) { trainingEnrolments(projectId: $p) { id teacherId teacherName status completed hours credits confirmedHours ruleId resultBy confirmedBy archiveRecordId } }`;
const RESULTS = `mutation($p: ID!, $r: [TrainingResultInput!]!) { submitTrainingResults(projectId: $p, results: $r) { teacherId status hours } }`;
const CONFIRM = `mutation($p: ID!) { confirmTrainingCredits(projectId: $p) { teacherId status credits confirmedHours ruleId } }`;
const IMPORT_RESULTS = `mutation($p: ID!, $f: String!) { importTrainingResults(projectId: $p, file: $f) { ok rows written errors { rowNumber column code message } errorReport } }`;
const IMPORT_ENROL = `mutation($p: ID!, $f: String!) { importTrainingEnrolments(projectId: $p, file: $f) { ok rows written errors { rowNumber column code } } }`;
const TEMPLATE = `query($k: String!, $p: ID) { trainingTemplate(kind: $k, projectId: $p) }`;
const TOTALS = `query($t: ID!) { trainingTotals(teacherId: $t) { years { year hours credits } cycles { startYear endYear hours credits requiredHours met } credits { source title hours credits enteredBy confirmedBy } } }`;
const ARCHIVE = `query($t: ID!) { teacherArchive(teacherId: $t, sets: ["domestic_training"]) { infoSet records { data enteredBy approvedBy status } } }`;
const APPROVE = `mutation($id: ID!) { approveCase(id: $id) { status } }`;
const PROJECT = `query($id: ID!) { trainingProject(id: $id) { id status enrolled submitted confirmed completed } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const gql = (user: string, q: string, v?: Record<string, unknown>) => t.gql(q, v, tok[user]);
const acc = (u: string): string => w.accounts.get(u)!.id;
const teacher = (k: UnitKey) => w.teachers[k]!;

async function workbook(header: string[], keys: string[] | null, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('名单');
  ws.addRow(header);
  if (keys) ws.addRow(keys);
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}
const count = async (q: string, p: unknown[] = []): Promise<number> => (await sql<{ n: number }>(t, `select count(*)::int as n from ${q}`, p))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [...ACCOUNTS, ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }]] });
  for (const [u] of [...ACCOUNTS, ['t_a']]) tok[u!] = await loginAs(t, u!, w.certDir);
  // The province's own rule: 8 hours make one credit (the system default is 10).
  dataOf(await gql('p_info', RULE, { i: { effectiveFrom: '2020-01-01', hoursPerCredit: 8, cycleHours: 360, note: '甲省规则' } }));
});
afterAll(async () => t?.close());

describe('conversion rules (学时学分转化规则)', () => {
  it('are versions kept by the province information admin; the default stays for other provinces', async () => {
    const later = dataOf(await gql('p_info', RULE, { i: { effectiveFrom: '2027-01-01', hoursPerCredit: 12, cycleHours: 400 } })).addTrainingRuleVersion;
    expect(later).toMatchObject({ provinceUnitId: w.units.provA.id, hoursPerCredit: 12, cycleHours: 400 });
    const list = dataOf(await gql('c_query', RULES)).trainingRules;
    expect(list.map((r: any) => [r.provinceUnitId === null ? 'default' : 'provA', r.effectiveFrom, r.hoursPerCredit])).toEqual([
      ['default', '2000-01-01', 10], ['provA', '2020-01-01', 8], ['provA', '2027-01-01', 12]]);
    const b = dataOf(await gql('b_train', RULES)).trainingRules;
    expect(b.map((r: any) => r.hoursPerCredit)).toEqual([10]);
  });

  it.each([
    ['p_info', { effectiveFrom: '2020-01-01', hoursPerCredit: 9, cycleHours: 360 }, 'TRAINING_RULE_VERSION_EXISTS'],
    ['p_info', { effectiveFrom: '2028-01-01', hoursPerCredit: 0, cycleHours: 360 }, 'TRAINING_RULE_INVALID'],
    ['p_info', { effectiveFrom: '2028-02-30', hoursPerCredit: 10, cycleHours: 360 }, 'DATE_INVALID'],
    ['p_train', { effectiveFrom: '2028-01-01', hoursPerCredit: 10, cycleHours: 360 }, 'FORBIDDEN'],
    ['c_train', { effectiveFrom: '2028-01-01', hoursPerCredit: 10, cycleHours: 360 }, 'FORBIDDEN'],
  ])('%s: %j → %s', async (user, i, code) => {
    expect(errorCode(await gql(user, RULE, { i }))).toBe(code);
  });
});

describe('a national project: each province confirms its own teachers with its own rule', () => {
  it('enrol → institution results → province confirmation → archive and totals', async () => {
    const p = dataOf(await gql('n_train', CREATE, { i: {
      name: '国培计划——骨干教师示范培训', startDate: '2025-07-01', endDate: '2025-07-10', hours: 40, credits: 5, institutionIds: [acc('inst')], targetParticipants: '中小学骨干教师',
    } })).createTrainingProject;
    expect(p).toMatchObject({ level: 'national', status: 'open', credits: null, institutionIds: [acc('inst')] });
    const a = teacher('schoolA').id;
    const z = teacher('schoolZ').id;
    // The school enrols its own teacher; another province enrols its own; nobody enrols outside their scope.
    expect(dataOf(await gql('s_info', ENROL, { p: p.id, t: [a] })).enrolTeachers).toHaveLength(1);
    expect(errorCode(await gql('s_info', ENROL, { p: p.id, t: [z] }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    dataOf(await gql('b_train', ENROL, { p: p.id, t: [z] }));
    expect(errorCode(await gql('c_sys', ENROL, { p: p.id, t: [a] }))).toBe('FORBIDDEN');

    // The institution named on the project sees every participant and submits; one not named cannot.
    expect(dataOf(await gql('inst', ENROLMENTS, { p: p.id })).trainingEnrolments).toHaveLength(2);
    expect(errorCode(await gql('inst2', ENROLMENTS, { p: p.id }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await gql('inst', RESULTS, { p: p.id, r: [{ teacherId: a, completed: true, hours: 41 }] }))).toBe('TRAINING_HOURS_INVALID');
    expect(errorCode(await gql('inst', RESULTS, { p: p.id, r: [{ teacherId: teacher('schoolB').id, completed: true, hours: 40 }] }))).toBe('TRAINING_NOT_ENROLLED');
    dataOf(await gql('inst', RESULTS, { p: p.id, r: [{ teacherId: a, completed: true, hours: 40 }, { teacherId: z, completed: true, hours: 40 }] }));
    // The ministry registered the project but does not confirm: provinces do.
    expect(errorCode(await gql('n_train', CONFIRM, { p: p.id }))).toBe('FORBIDDEN');
    expect(errorCode(await gql('c_train', CONFIRM, { p: p.id }))).toBe('FORBIDDEN');

    const mine = dataOf(await gql('p_train', CONFIRM, { p: p.id })).confirmTrainingCredits;
    expect(mine).toEqual([{ teacherId: a, status: 'confirmed', credits: 5, confirmedHours: 40, ruleId: expect.any(String) }]);
    const theirs = dataOf(await gql('b_train', CONFIRM, { p: p.id })).confirmTrainingCredits;
    expect(theirs).toEqual([{ teacherId: z, status: 'confirmed', credits: 4, confirmedHours: 40, ruleId: expect.any(String) }]);
    expect(theirs[0].ruleId).not.toBe(mine[0].ruleId);
    expect(errorCode(await gql('p_train', CONFIRM, { p: p.id }))).toBe('TRAINING_NOTHING_TO_CONFIRM');

    // Confirmed credits are in the teacher's archive, with who entered and who approved.
    const set = dataOf(await gql('t_a', ARCHIVE, { t: a })).teacherArchive[0];
    expect(set.records).toEqual([{ data: { startDate: '2025-07-01', endDate: '2025-07-10', project: '国培计划——骨干教师示范培训', organizer: '教育部', institution: '用户inst', hours: 40, credits: 5 },
      enteredBy: acc('inst'), approvedBy: acc('p_train'), status: 'effective' }]);
    const totals = dataOf(await gql('t_a', TOTALS, { t: a })).trainingTotals;
    expect(totals.years).toEqual([{ year: 2025, hours: 40, credits: 5 }]);
    expect(totals.cycles[0]).toEqual({ startYear: 2021, endYear: 2025, hours: 40, credits: 5, requiredHours: 360, met: false });
    expect(totals.credits[0]).toMatchObject({ source: 'project', enteredBy: acc('inst'), confirmedBy: acc('p_train') });
    // Results can no longer change once confirmed.
    expect(errorCode(await gql('inst', RESULTS, { p: p.id, r: [{ teacherId: a, completed: false, hours: 0 }] }))).toBe('TRAINING_RESULT_CONFIRMED');
  });
});

describe('an institution submits results by Excel', () => {
  const H = ['教师个人标识码', '姓名', '是否完成', '实际学时', '备注'];
  let projectId: string;

  beforeAll(async () => {
    projectId = dataOf(await gql('c_train', CREATE, { i: { name: '区级班主任培训', startDate: '2025-03-01', endDate: '2025-03-03', hours: 24, credits: 2, institutionIds: [acc('inst')] } })).createTrainingProject.id;
    // The county enrols both of its schools' teachers from a list.
    const list = await workbook(['教师个人标识码', '姓名', '所在学校'], null, [[teacher('schoolA').teacherNo, teacher('schoolA').name, null], [teacher('schoolA2').teacherNo, teacher('schoolA2').name, '第二小学']]);
    expect(dataOf(await gql('c_train', IMPORT_ENROL, { p: projectId, f: list })).importTrainingEnrolments).toMatchObject({ ok: true, rows: 2, written: 2 });
  });

  it('a bad enrolment list writes nothing and names the rows', async () => {
    const bad = await workbook(['教师个人标识码', '姓名', '所在学校'], null, [
      [teacher('schoolB').teacherNo, teacher('schoolB').name, null], [teacher('schoolA').teacherNo, '张冒名', null], ['T000', 'x', null]]);
    const r = dataOf(await gql('s_info', IMPORT_ENROL, { p: projectId, f: bad })).importTrainingEnrolments;
    expect(r).toMatchObject({ ok: false, written: 0 });
    expect(r.errors.map((e: any) => [e.rowNumber, e.column, e.code])).toEqual([
      [2, 'teacherNo', 'TRAINING_ROW_TEACHER_UNKNOWN'], [3, 'name', 'TRAINING_ROW_NAME_MISMATCH'], [4, 'teacherNo', 'TRAINING_ROW_TEACHER_UNKNOWN']]);
  });

  it('the template lists the participants; a bad file writes nothing and reports each row', async () => {
    const tpl = new ExcelJS.Workbook();
    await tpl.xlsx.load(Buffer.from(dataOf(await gql('inst', TEMPLATE, { k: 'results', p: projectId })).trainingTemplate, 'base64') as never);
    const ws = tpl.worksheets[0]!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(H);
    expect(ws.getRow(2).hidden).toBe(true);
    expect([ws.getRow(3).getCell(2).value, ws.getRow(4).getCell(2).value].sort()).toEqual([teacher('schoolA').name, teacher('schoolA2').name].sort());

    const keys = ['teacherNo', 'name', 'completed', 'hours', 'remark'];
    const a = teacher('schoolA');
    const a2 = teacher('schoolA2');
    const bad = await workbook(H, keys, [
      [a.teacherNo, a.name, '是', 30, null],
      [a2.teacherNo, '王错名', '否', 0, null],
      [a2.teacherNo, a2.name, '也许', 'abc', null],
      [teacher('schoolB').teacherNo, teacher('schoolB').name, '是', 24, '未报名'],
      [a.teacherNo, a.name, '是', 24, '重复'],
    ]);
    const r = dataOf(await gql('inst', IMPORT_RESULTS, { p: projectId, f: bad })).importTrainingResults;
    expect(r).toMatchObject({ ok: false, rows: 5, written: 0 });
    expect(r.errors.map((e: any) => [e.rowNumber, e.column, e.code])).toEqual([
      [3, 'hours', 'TRAINING_HOURS_INVALID'], [4, 'name', 'TRAINING_ROW_NAME_MISMATCH'], [5, 'completed', 'TRAINING_ROW_COMPLETED_INVALID'],
      [5, 'hours', 'TRAINING_HOURS_INVALID'], [6, 'teacherNo', 'TRAINING_ROW_TEACHER_UNKNOWN'], [7, 'teacherNo', 'TRAINING_ROW_DUPLICATE']]);
    expect(r.errors[0].message).toContain('学时');
    const report = new ExcelJS.Workbook();
    await report.xlsx.load(Buffer.from(r.errorReport, 'base64') as never);
    const rows = report.worksheets[0]!.getSheetValues().slice(2).map((v: any) => v.slice(-3));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual([3, '实际学时', expect.stringContaining('学时')]);
    expect(await count(`training_enrolment where project_id = ? and status <> 'enrolled'`, [projectId])).toBe(0);

    expect(errorCode(await gql('inst2', IMPORT_RESULTS, { p: projectId, f: bad }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await gql('inst', IMPORT_RESULTS, { p: projectId, f: Buffer.from('not a workbook').toString('base64') }))).toBe('IMPORT_FILE_INVALID');
    expect(errorCode(await gql('inst', IMPORT_RESULTS, { p: projectId, f: await workbook(['甲', '乙', '丙'], null, [['1', '2', '3']]) }))).toBe('IMPORT_HEADER_INVALID');
  });

  it('a good file is written whole; the county confirms its declared credits', async () => {
    const a = teacher('schoolA');
    const a2 = teacher('schoolA2');
    const good = await workbook(H, null, [[a.teacherNo, a.name, '是', 24, null], [a2.teacherNo, a2.name, '否', 6, '缺勤']]);
    expect(dataOf(await gql('inst', IMPORT_RESULTS, { p: projectId, f: good })).importTrainingResults).toMatchObject({ ok: true, rows: 2, written: 2, errors: [], errorReport: null });
    const list = dataOf(await gql('c_train', ENROLMENTS, { p: projectId })).trainingEnrolments;
    expect(list.map((e: any) => [e.teacherName, e.status, e.completed, e.hours, e.resultBy]).sort()).toEqual([
      [a.name, 'submitted', true, 24, acc('inst')], [a2.name, 'submitted', false, 6, acc('inst')]].sort());
    const confirmed = dataOf(await gql('c_train', CONFIRM, { p: projectId })).confirmTrainingCredits;
    expect(confirmed.map((e: any) => [e.teacherId, e.credits, e.confirmedHours]).sort()).toEqual([[a.id, 2, 24], [a2.id, 0, 0]].sort());
    expect(await count(`training_credit where project_id = ?`, [projectId])).toBe(1);
    const again = dataOf(await gql('inst', IMPORT_RESULTS, { p: projectId, f: good })).importTrainingResults;
    expect(again.errors.map((e: any) => e.code)).toEqual(['TRAINING_RESULT_CONFIRMED', 'TRAINING_RESULT_CONFIRMED']);
    expect(dataOf(await gql('c_query', PROJECT, { id: projectId })).trainingProject).toMatchObject({ enrolled: 2, submitted: 2, confirmed: 2, completed: 1 });
  });
});

describe('school-based training and self-study need the supervising authority', () => {
  it('a school plan waits for the county; its credits go to the county for confirmation', async () => {
    const p = dataOf(await gql('s_info', CREATE, { i: { name: '校本研修：新课标解读', startDate: '2025-09-01', endDate: '2025-12-31', hours: 16, credits: 1.5 } })).createTrainingProject;
    expect(p).toMatchObject({ level: 'school', status: 'pending_approval', caseId: expect.any(String) });
    const a = teacher('schoolA').id;
    expect(errorCode(await gql('s_info', ENROL, { p: p.id, t: [a] }))).toBe('TRAINING_PROJECT_NOT_OPEN');
    expect(errorCode(await gql('p_train', APPROVE, { id: p.caseId }))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(dataOf(await gql('c_train', APPROVE, { id: p.caseId })).approveCase.status).toBe('approved');
    dataOf(await gql('s_info', ENROL, { p: p.id, t: [a] }));
    dataOf(await gql('s_info', RESULTS, { p: p.id, r: [{ teacherId: a, completed: true, hours: 16 }] }));
    const sent = dataOf(await gql('s_info', CONFIRM, { p: p.id })).confirmTrainingCredits;
    expect(sent).toEqual([{ teacherId: a, status: 'pending_confirmation', credits: null, confirmedHours: null, ruleId: null }]);
    expect(errorCode(await gql('s_info', RESULTS, { p: p.id, r: [{ teacherId: a, completed: true, hours: 10 }] }))).toBe('TRAINING_RESULT_CONFIRMED');
    const caseId = (await sql<{ case_id: string }>(t, `select case_id from training_enrolment where project_id = ?`, [p.id]))[0]!.case_id;
    dataOf(await gql('c_train', APPROVE, { id: caseId }));
    const [e] = dataOf(await gql('s_info', ENROLMENTS, { p: p.id })).trainingEnrolments;
    expect(e).toMatchObject({ status: 'confirmed', credits: 1.5, confirmedHours: 16, confirmedBy: acc('c_train'), archiveRecordId: expect.any(String) });
  });

  it('a teacher claims self-study; school then county; credits by the province rule', async () => {
    const a = teacher('schoolA').id;
    const s = dataOf(await gql('t_a', `mutation($i: TrainingSelfStudyInput!) { submitSelfStudy(input: $i) { id status caseId } }`, { i: {
      teacherId: a, title: '在线课程：人工智能与教学', organizer: '国家智慧教育平台', startDate: '2025-04-01', endDate: '2025-06-30', hours: 12 } })).submitSelfStudy;
    expect(s.status).toBe('pending');
    expect(errorCode(await gql('c_train', APPROVE, { id: s.caseId }))).toBe('WORKFLOW_NOT_YOUR_STEP');
    dataOf(await gql('s_info', APPROVE, { id: s.caseId }));
    dataOf(await gql('c_train', APPROVE, { id: s.caseId }));
    const [mine] = dataOf(await gql('t_a', `query($t: ID!) { selfStudies(teacherId: $t) { status credits } }`, { t: a })).selfStudies;
    expect(mine).toEqual({ status: 'approved', credits: 1.5 });
    const totals = dataOf(await gql('t_a', TOTALS, { t: a })).trainingTotals;
    // 40 h national + 24 h county + 16 h school-based + 12 h self-study, all in 2025.
    expect(totals.years).toEqual([{ year: 2025, hours: 92, credits: 10 }]);
    expect(totals.credits.map((c: any) => c.source)).toContain('self_study');
    expect(errorCode(await gql('t_a', `mutation($i: TrainingSelfStudyInput!) { submitSelfStudy(input: $i) { id } }`, { i: {
      teacherId: teacher('schoolA2').id, title: 'x', startDate: '2025-04-01', endDate: '2025-04-02', hours: 1 } }))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });
});

describe('statistics in scope', () => {
  it('completion per unit below the county, and nothing outside the scope', async () => {
    const r = dataOf(await gql('c_query', `query($u: ID!) { trainingCompletion(unitId: $u, year: 2025) { cycleStartYear requiredHours
      rows { unitName teachers creditedTeachers hours credits enrolments completedEnrolments cycleMetTeachers } total { teachers creditedTeachers hours enrolments } } }`,
    { u: w.units.countyA.id })).trainingCompletion;
    expect(r).toMatchObject({ cycleStartYear: 2021, requiredHours: 360 });
    const byName = Object.fromEntries(r.rows.map((x: any) => [x.unitName, x]));
    expect(byName['甲一区第一小学']).toEqual({ unitName: '甲一区第一小学', teachers: 1, creditedTeachers: 1, hours: 92, credits: 10, enrolments: 3, completedEnrolments: 3, cycleMetTeachers: 0 });
    expect(byName['甲一区第二小学']).toMatchObject({ teachers: 1, creditedTeachers: 0, hours: 0, enrolments: 1, completedEnrolments: 0 });
    expect(r.total).toEqual({ teachers: 2, creditedTeachers: 1, hours: 92, enrolments: 4 });
    expect(errorCode(await gql('c_query', `query($u: ID!) { trainingCompletion(unitId: $u, year: 2025) { year } }`, { u: w.units.countyA2.id }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await gql('c_sys', TOTALS, { t: teacher('schoolA').id }))).toBe('FORBIDDEN');
  });
});

describe('training institutions directory', () => {
  it('lists the institution accounts to those who register projects, and to nobody else', async () => {
    const list = dataOf(await gql('c_train', `{ trainingInstitutions { id name unitName } }`)).trainingInstitutions;
    expect(list.map((i: { id: string }) => i.id).sort()).toEqual([w.accounts.get('inst')!.id, w.accounts.get('inst2')!.id].sort());
    expect(list[0].unitName).toBe(w.units.provA.name);
    for (const who of ['c_query', 'inst', 't_a']) expect(errorCode(await gql(who, `{ trainingInstitutions { id } }`))).toBe('FORBIDDEN');
  });

  it('searches on the server by institution or unit name, the first N matches (the picker is no longer cut at 500)', async () => {
    const q = `query($s: String, $f: Int) { trainingInstitutions(search: $s, first: $f) { id name unitName } }`;
    const all = dataOf(await gql('c_train', q, { s: null, f: 50 })).trainingInstitutions as { id: string; name: string }[];
    const one = all[0]!;
    const byName = dataOf(await gql('c_train', q, { s: one.name.slice(1), f: 50 })).trainingInstitutions as { id: string }[];
    expect(byName.map((i) => i.id)).toContain(one.id);
    expect(dataOf(await gql('c_train', q, { s: w.units.provA.name, f: 50 })).trainingInstitutions).toHaveLength(all.length);
    expect(dataOf(await gql('c_train', q, { s: '没有这个机构%_', f: 50 })).trainingInstitutions).toEqual([]);
    expect(dataOf(await gql('c_train', q, { s: null, f: 1 })).trainingInstitutions).toHaveLength(1);
    expect(errorCode(await gql('c_train', q, { s: null, f: 201 }))).toBe('VALIDATION_FAILED');
  });
});

describe('mistakes can be undone', () => {
  it('a teacher enrolled by mistake is removed while there is no result; a project registered by mistake is cancelled with its reason', async () => {
    const p = dataOf(await gql('c_train', CREATE, { i: { name: '误登记的县级研修', startDate: '2026-03-01', endDate: '2026-03-02', hours: 8, credits: 1 } })).createTrainingProject;
    const a = teacher('schoolA').id;
    const [e] = dataOf(await gql('s_info', ENROL, { p: p.id, t: [a] })).enrolTeachers;
    expect(errorCode(await gql('c_query', `mutation($e: ID!) { withdrawTrainingEnrolment(enrolmentId: $e) }`, { e: e.id }))).toBe('FORBIDDEN');
    expect(dataOf(await gql('s_info', `mutation($e: ID!) { withdrawTrainingEnrolment(enrolmentId: $e) }`, { e: e.id })).withdrawTrainingEnrolment).toBe(e.id);
    expect(dataOf(await gql('c_train', ENROLMENTS, { p: p.id })).trainingEnrolments).toEqual([]);

    const CANCEL = `mutation($p: ID!, $r: String!) { cancelTrainingProject(projectId: $p, reason: $r) { status cancelReason } }`;
    expect(errorCode(await gql('s_info', CANCEL, { p: p.id, r: '重复登记' }))).toBe('FORBIDDEN');
    expect(errorCode(await gql('c_train', CANCEL, { p: p.id, r: ' ' }))).toBe('TRAINING_REASON_REQUIRED');
    expect(dataOf(await gql('c_train', CANCEL, { p: p.id, r: '与县教研室项目重复登记' })).cancelTrainingProject).toEqual({ status: 'cancelled', cancelReason: '与县教研室项目重复登记' });
    expect(errorCode(await gql('s_info', ENROL, { p: p.id, t: [a] }))).toBe('TRAINING_PROJECT_NOT_OPEN');
    expect(await sql(t, `select count(*)::int as n from audit_entry where action = 'training.project_cancel' and target_id = ?`, [p.id])).toEqual([{ n: 1 }]);
  });

  it('a project with confirmed credits cannot be cancelled; a teacher with a result cannot be removed', async () => {
    const p = dataOf(await gql('c_train', CREATE, { i: { name: '已确认学分的县级研修', startDate: '2026-04-01', endDate: '2026-04-02', hours: 10, credits: 1 } })).createTrainingProject;
    const a = teacher('schoolA').id;
    const [e] = dataOf(await gql('c_train', ENROL, { p: p.id, t: [a] })).enrolTeachers;
    dataOf(await gql('c_train', RESULTS, { p: p.id, r: [{ teacherId: a, completed: true, hours: 10 }] }));
    expect(errorCode(await gql('c_train', `mutation($e: ID!) { withdrawTrainingEnrolment(enrolmentId: $e) }`, { e: e.id }))).toBe('TRAINING_ENROLMENT_HAS_RESULT');
    dataOf(await gql('c_train', CONFIRM, { p: p.id }));
    expect(errorCode(await gql('c_train', `mutation($p: ID!, $r: String!) { cancelTrainingProject(projectId: $p, reason: $r) { status } }`, { p: p.id, r: '误登记' }))).toBe('TRAINING_CANNOT_CANCEL');
  });
});

describe('self-study limits (自主研修学时上限, province rule)', () => {
  const CLAIM = `mutation($i: TrainingSelfStudyInput!) { submitSelfStudy(input: $i) { id status caseId hours } }`;
  const claim = (hours: number, endDate: string, who = 't_a') => gql(who, CLAIM, { i: {
    teacherId: teacher('schoolA').id, title: `研修${hours}学时`, startDate: `${endDate.slice(0, 4)}-01-05`, endDate, hours } });
  const selfStudies = async (): Promise<number> => count('training_self_study where teacher_id = ?', [teacher('schoolA').id]);

  it('the default rule: 24 hours a claim and 36 a year, pending claims counted; a returned claim frees its hours', async () => {
    // 2025 already holds the 12 h claim credited above.
    const before = await selfStudies();
    const big = await claim(30, '2025-10-31');
    expect(errorCode(big)).toBe('TRAINING_SELF_STUDY_CLAIM_LIMIT');
    expect(big.errors![0]!.message).toBe('自主研修每次申请不超过24学时（本省规定），本次申请30学时');
    expect(big.errors![0]!.extensions!.details).toMatchObject({ hours: 30, max: 24, year: 2025 });
    const pending = dataOf(await claim(20, '2025-10-31')).submitSelfStudy;
    expect(pending).toMatchObject({ status: 'pending', hours: 20 });
    // 12 credited + 20 pending = 32 of 36.
    const over = await claim(5, '2025-11-30', 's_info');
    expect(errorCode(over)).toBe('TRAINING_SELF_STUDY_YEAR_LIMIT');
    expect(over.errors![0]!.message).toBe('自主研修每年不超过36学时（本省规定，含审核中的申请）：2025年已申请32学时，还可申请4学时');
    expect(over.errors![0]!.extensions!.details).toMatchObject({ hours: 5, max: 36, claimed: 32, remaining: 4, year: 2025 });
    expect(await selfStudies()).toBe(before + 1);
    // Another year has its own allowance.
    dataOf(await claim(20, '2024-12-31'));
    // The school returns the pending claim: its hours are free again.
    dataOf(await gql('s_info', `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { status } }`, { id: pending.caseId, r: '请补充学习证明' }));
    expect(dataOf(await claim(4, '2025-11-30')).submitSelfStudy.status).toBe('pending');
    expect(dataOf(await claim(20, '2025-12-31')).submitSelfStudy.status).toBe('pending');
    expect(errorCode(await claim(1, '2025-12-31'))).toBe('TRAINING_SELF_STUDY_YEAR_LIMIT');
  });

  it('the province sets its own limits in a rule version; claims ending under it follow them', async () => {
    expect(errorCode(await gql('p_info', RULE, { i: { effectiveFrom: '2028-01-01', hoursPerCredit: 10, cycleHours: 360, selfStudyClaimHours: 40, selfStudyYearHours: 30 } })))
      .toBe('TRAINING_RULE_INVALID');
    expect(errorCode(await gql('p_train', RULE, { i: { effectiveFrom: '2028-01-01', hoursPerCredit: 10, cycleHours: 360, selfStudyClaimHours: 40 } }))).toBe('FORBIDDEN');
    const v = dataOf(await gql('p_info', `mutation($i: TrainingRuleInput!) { addTrainingRuleVersion(input: $i) { effectiveFrom selfStudyClaimHours selfStudyYearHours } }`,
      { i: { effectiveFrom: '2028-01-01', hoursPerCredit: 10, cycleHours: 360, selfStudyClaimHours: 40, selfStudyYearHours: 60 } })).addTrainingRuleVersion;
    expect(v).toEqual({ effectiveFrom: '2028-01-01', selfStudyClaimHours: 40, selfStudyYearHours: 60 });
    const inForce = dataOf(await gql('c_query', `query($d: String) { trainingRuleInForce(date: $d) { selfStudyClaimHours selfStudyYearHours } }`, { d: '2027-06-30' })).trainingRuleInForce;
    expect(inForce).toEqual({ selfStudyClaimHours: 24, selfStudyYearHours: 36 });
    expect(dataOf(await claim(40, '2028-03-31')).submitSelfStudy.status).toBe('pending');
    expect(errorCode(await claim(40.5, '2028-06-30'))).toBe('TRAINING_SELF_STUDY_CLAIM_LIMIT');
    expect(dataOf(await claim(20, '2028-06-30')).submitSelfStudy.status).toBe('pending');
    expect(errorCode(await claim(0.5, '2028-06-30'))).toBe('TRAINING_SELF_STUDY_YEAR_LIMIT');
  });

  it('two claims at once cannot both take the last hours of a year', async () => {
    // 2026: nothing claimed yet; 36 h allowed, two claims of 20 h race.
    const results = await Promise.all([claim(20, '2026-05-31'), claim(20, '2026-06-30')]);
    expect(results.map((r) => errorCode(r) ?? 'ok').sort()).toEqual(['TRAINING_SELF_STUDY_YEAR_LIMIT', 'ok']);
  });
});

describe('the organiser is the unit that registered the project (issue 13.7)', () => {
  const PROJECT_ORG = `query($id: ID!) { trainingProject(id: $id) { ownerUnitId organizer institutionIds institutions { id name unitName } } }`;
  const CREDITS = `query($t: ID!) { trainingTotals(teacherId: $t) { credits { projectId title organizer institution } } }`;

  it('a county project run by a province institution names the county as organiser and the institution as institution', async () => {
    const p = dataOf(await gql('c_train', CREATE, { i: {
      name: '区级骨干教师研修（省教师发展中心承办）', startDate: '2027-03-01', endDate: '2027-03-05', hours: 30, credits: 3, institutionIds: [acc('inst')] } })).createTrainingProject;
    // The institution's account belongs to the province's unit; the county registered the project.
    expect(w.accounts.get('inst')!.unit.id).toBe(w.units.provA.id);
    const shown = dataOf(await gql('s_info', PROJECT_ORG, { id: p.id })).trainingProject;
    expect(shown).toEqual({ ownerUnitId: w.units.countyA.id, organizer: '甲一区教育局', institutionIds: [acc('inst')],
      institutions: [{ id: acc('inst'), name: '用户inst', unitName: '甲省教育厅' }] });

    const a = teacher('schoolA').id;
    dataOf(await gql('s_info', ENROL, { p: p.id, t: [a] }));
    dataOf(await gql('inst', RESULTS, { p: p.id, r: [{ teacherId: a, completed: true, hours: 30 }] }));
    dataOf(await gql('c_train', CONFIRM, { p: p.id }));

    const records = dataOf(await gql('t_a', ARCHIVE, { t: a })).teacherArchive[0].records.map((r: any) => r.data);
    expect(records.filter((d: any) => d.project === '区级骨干教师研修（省教师发展中心承办）')).toEqual([{
      startDate: '2027-03-01', endDate: '2027-03-05', project: '区级骨干教师研修（省教师发展中心承办）', organizer: '甲一区教育局', institution: '用户inst', hours: 30, credits: 3 }]);
    const credits = dataOf(await gql('t_a', CREDITS, { t: a })).trainingTotals.credits;
    expect(credits.filter((c: any) => c.projectId === p.id)).toEqual([{ projectId: p.id, title: '区级骨干教师研修（省教师发展中心承办）', organizer: '甲一区教育局', institution: '用户inst' }]);
    // Every project credit of the teacher names its registering unit, never the institution's unit.
    const byProject = new Map((await sql<{ id: string; owner: string }>(t, `select p.id, u.name as owner from training_project p join unit u on u.id = p.owner_unit_id`)).map((r) => [r.id, r.owner]));
    for (const c of credits.filter((x: any) => x.projectId)) expect(c.organizer).toBe(byProject.get(c.projectId));
    // A school-based project's credits (confirmed through the county's approval) name the school.
    expect(credits.find((c: any) => c.title === '校本研修：新课标解读')).toMatchObject({ organizer: '甲一区第一小学', institution: null });
    // A self-study credit keeps the organiser the teacher named.
    expect(credits.find((c: any) => c.title === '自主研修：在线课程：人工智能与教学')).toMatchObject({ organizer: '国家智慧教育平台', institution: null });
  });
});

describe('project lists are paged on the server (issue 16.2)', () => {
  it('pages of two cover the whole list in its order, each with the total; bad windows are refused', async () => {
    for (const who of ['p_train', 'c_train']) {
      const whole = dataOf(await gql(who, `{ trainingProjects { id } }`)).trainingProjects.map((p: { id: string }) => p.id);
      expect(whole.length).toBeGreaterThan(2);
      const ids: string[] = [];
      for (let o = 0; o < whole.length + 2; o += 2) {
        const page = dataOf(await gql(who, `query($o: Int!) { trainingProjectPage(first: 2, offset: $o) { totalCount nodes { id } } }`, { o })).trainingProjectPage;
        expect(page.totalCount).toBe(whole.length);
        ids.push(...page.nodes.map((p: { id: string }) => p.id));
      }
      expect(ids).toEqual(whole);
    }
    expect(errorCode(await gql('c_train', `{ trainingProjectPage(first: 500) { totalCount } }`))).toBe('VALIDATION_FAILED');
  });

  it('the old trainingProjects is deprecated and refuses more than its cap (LIST_TOO_LARGE) instead of cutting the list', async () => {
    expect(TRAINING_PROJECTS_CAP.cap).toBe(500);
    const whole = dataOf(await gql('p_train', `{ trainingProjectPage(first: 1) { totalCount } }`)).trainingProjectPage.totalCount;
    // 500 projects would take minutes to create: the cap is lowered to just below the province's list.
    TRAINING_PROJECTS_CAP.cap = whole - 1;
    try {
      const over = await gql('p_train', `{ trainingProjects { id } }`);
      expect(errorCode(over)).toBe('LIST_TOO_LARGE');
      expect(over.errors![0]!.extensions!.details).toEqual({ max: whole - 1, paged: 'trainingProjectPage' });
      TRAINING_PROJECTS_CAP.cap = whole;
      expect(dataOf(await gql('p_train', `{ trainingProjects { id } }`)).trainingProjects).toHaveLength(whole);
    } finally {
      TRAINING_PROJECTS_CAP.cap = 500;
    }
    const field = dataOf(await gql('p_train', `{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`)).__type.fields
      .find((f: { name: string }) => f.name === 'trainingProjects');
    expect(field).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('trainingProjectPage') });
  });
});
