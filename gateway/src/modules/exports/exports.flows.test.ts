import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { generateChineseIdCard, getCodeList, maskIdNumber, type Role } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';
import { EXPORT_FILES_EXPIRY_TASK } from './export.service.js';

/**
 * Audited export through the real API and HTTP (issue 3 point 9, seed 003: 数据导出有据可查):
 * a stated purpose, field rules as in GraphQL, an .xlsx with Chinese headers and code names,
 * a record of who/when/filters/fields/rows listed for the exporter and the authorities above,
 * and a download for the exporter alone within 24 hours — every step audited.
 */
const EXPORT = `mutation($f: TeacherFilter, $fields: [String!]!, $p: String!) { exportTeachers(filter: $f, fields: $fields, purpose: $p) { id rowCount downloadUrl } }`;
const LIST = `{ dataExports(first: 200) { totalCount nodes { id kind purpose filters fields rowCount exporterAccountId exporterUsername exporterUnit { id } createdAt expiresAt downloadUrl } } }`;
const COUNT = `query($f: TeacherFilter) { teachers(filter: $f, first: 1) { totalCount } }`;
const FIELDS = ['teacherNo', 'name', 'gender', 'idNumber', 'school', 'stage', 'professionalTitle', 'employmentStatus'];
const HEADERS = ['教师个人标识码', '姓名', '性别', '证件号码', '所在学校', '学段', '专业技术职务', '在职状态'];

const ACCOUNTS: [string, UnitKey, Role][] = [
  ['s_query', 'schoolA', 'query_user'],
  ['s_info', 'schoolA', 'info_admin'],
  ['c_query', 'countyA', 'query_user'],
  ['c_info', 'countyA', 'info_admin'],
  ['c_sys', 'countyA', 'system_admin'],
  ['c_train', 'countyA', 'training_admin'],
  ['c2_info', 'countyA2', 'info_admin'],
  ['city_info', 'cityA', 'info_admin'],
  ['a_teacher', 'schoolA', 'teacher'],
];

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const idNumbers = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: ACCOUNTS.map(([u, unit, role]) => [u, unit, role, role === 'teacher' ? { teacherOf: unit } : undefined]) });
  for (const [id, n] of world.idNumbers) idNumbers.set(id, n);
  // A few more teachers in county A, with other codes (male, retired, a second-grade title).
  const em = t.app.orm.em.fork();
  const extra: [UnitKey, string, string, string, string][] = [
    ['schoolA', '1', '1979-02-03', 'k12_second', 'active'],
    ['schoolA', '2', '1988-11-30', 'k12_first', 'active'],
    ['schoolA2', '1', '1960-06-01', 'k12_first', 'retired'],
  ];
  for (const [k, [unit, gender, birthDate, title, status]] of extra.entries()) {
    const idNumber = generateChineseIdCard({ regionCode: '330106', birthDate, sequence: 800 + 2 * k, gender: gender as '1' | '2' });
    const teacher = await buildTeacher(em, t.app.runtime, world.units[unit], {
      name: `导出教师${k}`, gender, birthDate, idNumber, professionalTitle: title, startDate: '2011-09-01', employmentStatus: status,
    });
    idNumbers.set(teacher.id, idNumber);
  }
  await em.flush();
  for (const [u] of ACCOUNTS) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

const exportCount = async (): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from data_export'))[0]!.n;
const auditCount = async (action: string): Promise<number> =>
  (await sql<{ n: number }>(t, 'select count(*)::int as n from audit_entry where action = ?', [action]))[0]!.n;
const exportAs = async (who: string, vars: { f?: unknown; fields?: string[]; p?: string } = {}) =>
  dataOf(await t.gql(EXPORT, { fields: FIELDS, p: '年度师资统计核对', ...vars }, tokens.get(who))).exportTeachers as { id: string; rowCount: number; downloadUrl: string };
const download = (url: string, token?: string): Promise<Response> =>
  fetch(`${t.url}${url}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

async function readSheet(res: Response): Promise<{ headers: string[]; rows: Record<string, string>[]; info: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const ws = wb.getWorksheet('教师信息')!;
  const values = (n: number): string[] => (ws.getRow(n).values as unknown[]).slice(1).map((v) => (v == null ? '' : String(v)));
  const headers = values(1);
  const rows: Record<string, string>[] = [];
  for (let n = 2; n <= ws.rowCount; n++) rows.push(Object.fromEntries(values(n).map((v, i) => [headers[i]!, v])));
  const info: string[][] = [];
  wb.getWorksheet('导出说明')!.eachRow((r) => info.push((r.values as unknown[]).slice(1).map(String)));
  return { headers, rows, info };
}

const EVERY_STATUS = getCodeList('employmentStatus').items.map((i) => i.code);
const CURRENT = ['active', 'long_absence'];

/** What the database says an export by a caller of `unit` must contain (current teachers unless told). */
async function teachersUnder(unit: UnitKey, statuses = CURRENT): Promise<{ id: string; teacher_no: string; gender: string; id_number_masked: string; school: string }[]> {
  return sql(t, `select t.id, t.teacher_no, t.gender, t.id_number_masked, s.name as school from teacher t join unit s on s.id = t.school_id
    where t.scope_path like ? and t.employment_status in (?) order by t.teacher_no`, [`${world.units[unit].path}%`, statuses]);
}

describe('refusals record nothing', () => {
  it.each([
    ['no purpose', 'c_query', { p: '' }, 'EXPORT_PURPOSE_REQUIRED'],
    ['a purpose of blanks', 'c_query', { p: '      ' }, 'EXPORT_PURPOSE_REQUIRED'],
    ['a purpose under 4 characters', 'c_query', { p: ' 核查 ' }, 'EXPORT_PURPOSE_REQUIRED'],
    ['a restricted info set (query user)', 'c_query', { fields: ['name', 'assessments'] }, 'FIELD_FORBIDDEN'],
    ['a restricted info set (information admin)', 'c_info', { fields: ['name', 'compensations'] }, 'FIELD_FORBIDDEN'],
    ['an unknown field', 'c_query', { fields: ['name', 'salary'] }, 'FIELD_UNKNOWN'],
    ['no fields', 'c_query', { fields: [] }, 'VALIDATION_FAILED'],
    ['a unit outside the scope', 'c_info', { f: { unitId: 'schoolB' } }, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a teacher account', 'a_teacher', {}, 'FORBIDDEN'],
    ['a system admin', 'c_sys', {}, 'FORBIDDEN'],
    ['a training admin', 'c_train', {}, 'FORBIDDEN'],
  ] as [string, string, { p?: string; fields?: string[]; f?: { unitId: UnitKey } }, string][])('%s (%s)', async (_name, who, vars, code) => {
    const [before, audited] = [await exportCount(), await auditCount('data_export.create')];
    const f = vars.f ? { unitId: world.units[vars.f.unitId].id } : undefined;
    const r = await t.gql(EXPORT, { fields: FIELDS, p: '年度师资统计核对', ...vars, f }, tokens.get(who));
    expect(errorCode(r)).toBe(code);
    expect(r.data).toBeNull();
    expect(await exportCount()).toBe(before);
    expect(await auditCount('data_export.create')).toBe(audited);
  });

  it('without a session the export is refused', async () => {
    expect(errorCode(await t.gql(EXPORT, { fields: FIELDS, p: '年度师资统计核对' }))).toBe('UNAUTHENTICATED');
  });
});

describe('export content', () => {
  it.each([
    ['a county query user: masked ID numbers', 'c_query', 'masked'],
    ['a county information admin: ID numbers in full', 'c_info', 'full'],
  ])('%s', async (_name, who, idForm) => {
    const expected = await teachersUnder('countyA', EVERY_STATUS);
    const f = { employmentStatus: EVERY_STATUS };
    const r = await exportAs(who, { f });
    // Exactly the rows `teachers` lists for the same caller.
    expect(r.rowCount).toBe(expected.length);
    expect(r.rowCount).toBe(dataOf(await t.gql(COUNT, { f }, tokens.get(who))).teachers.totalCount);
    expect(r.downloadUrl).toBe(`/api/exports/${r.id}/file`);

    const res = await download(r.downloadUrl, tokens.get(who));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const sheet = await readSheet(res);
    expect(sheet.headers).toEqual(HEADERS);
    expect(sheet.rows).toHaveLength(expected.length);
    expect(sheet.rows.map((row) => row['教师个人标识码'])).toEqual(expected.map((e) => e.teacher_no));
    for (const [i, row] of sheet.rows.entries()) {
      const e = expected[i]!;
      expect(row['证件号码']).toBe(idForm === 'full' ? idNumbers.get(e.id) : e.id_number_masked);
      expect(row['性别']).toBe(e.gender === '1' ? '男' : '女');
      expect(row['所在学校']).toBe(e.school);
      expect(row['学段']).toBe('中小学');
    }
    if (idForm === 'masked') for (const row of sheet.rows) expect(row['证件号码']).toMatch(/^\d{6}\*{11}[\dX]$/);
    expect(sheet.rows.map((row) => row['专业技术职务'])).toContain('二级教师');
    expect(sheet.rows.map((row) => row['在职状态'])).toEqual(expect.arrayContaining(['在岗', '离退休']));
    expect(sheet.info).toContainEqual(['导出用途', '年度师资统计核对']);

    const audit = await sql(t, `select actor_username, detail from audit_entry where action = 'data_export.create' and target_id = ?`, [r.id]);
    expect(audit).toEqual([{ actor_username: who, detail: expect.objectContaining({
      purpose: '年度师资统计核对', rowCount: expected.length, fields: FIELDS, idNumbers: idForm,
    }) }]);
  });

  it('a filter narrows the rows exactly as it narrows `teachers`, and is recorded without any ID number in clear', async () => {
    const target = [...idNumbers].find(([id]) => id === world.teachers.schoolA!.id)!;
    const f = { unitId: world.units.schoolA.id, idNumber: target[1] };
    const r = await exportAs('c_info', { f, fields: ['name', 'idNumber'] });
    expect(r.rowCount).toBe(1);
    const [row] = await sql<{ filters: Record<string, unknown>; fields: string[]; row_count: number }>(t, 'select filters, fields, row_count from data_export where id = ?', [r.id]);
    expect(row).toEqual({ filters: { unitId: world.units.schoolA.id, idNumber: maskIdNumber(target[1]) }, fields: ['name', 'idNumber'], row_count: 1 });
    const audit = await sql(t, `select detail::text as d from audit_entry where target_id = ?`, [r.id]);
    expect(JSON.stringify(audit)).not.toContain(target[1]);
    const school = await exportAs('c_query', { f: { unitId: world.units.schoolA.id } });
    expect(school.rowCount).toBe((await teachersUnder('schoolA')).length);
  });

  it('without a status filter, an export leaves out those who left or retired, as the list does, and says so', async () => {
    const expected = await teachersUnder('countyA');
    expect(expected.length).toBeLessThan((await teachersUnder('countyA', EVERY_STATUS)).length);
    const r = await exportAs('c_query', { fields: ['teacherNo', 'employmentStatus'] });
    expect(r.rowCount).toBe(expected.length);
    expect(r.rowCount).toBe(dataOf(await t.gql(COUNT, {}, tokens.get('c_query'))).teachers.totalCount);
    const sheet = await readSheet(await download(r.downloadUrl, tokens.get('c_query')));
    expect(sheet.rows.map((row) => row['教师个人标识码'])).toEqual(expected.map((e) => e.teacher_no));
    expect(sheet.rows.map((row) => row['在职状态'])).not.toContain('离退休');
    expect(sheet.info).toContainEqual(['查询条件', JSON.stringify({ employmentStatus: CURRENT })]);
  });

  it('lists the columns each caller may export', async () => {
    const q = `{ teacherExportFields { key header } }`;
    const forQuery = dataOf(await t.gql(q, {}, tokens.get('c_query'))).teacherExportFields;
    expect(forQuery).toContainEqual({ key: 'idNumber', header: '证件号码' });
    expect(forQuery.map((f: { key: string }) => f.key)).not.toContain('assessments');
    expect(dataOf(await t.gql(q, {}, tokens.get('a_teacher'))).teacherExportFields).toEqual([]);
  });
});

describe('listing and download', () => {
  let mine: { id: string; rowCount: number; downloadUrl: string };
  beforeAll(async () => {
    mine = await exportAs('s_query', { p: '学校教师名册备查', fields: ['teacherNo', 'name'], f: { employmentStatus: ['active'] } });
  });

  it.each([
    ['the exporter', 's_query', true],
    ['the county above', 'c_info', true],
    ['the city above', 'city_info', true],
    ['the sibling county', 'c2_info', false],
    ['the school\'s own information admin (same unit, not below)', 's_info', false],
    ['a county query user (only its own exports)', 'c_query', false],
  ])('%s (%s) sees the export in dataExports: %s', async (_name, who, visible) => {
    const nodes = dataOf(await t.gql(LIST, {}, tokens.get(who))).dataExports.nodes as Record<string, unknown>[];
    const found = nodes.find((n) => n.id === mine.id);
    if (!visible) {
      expect(found).toBeUndefined();
      return;
    }
    expect(found).toMatchObject({
      kind: 'teachers', purpose: '学校教师名册备查', filters: { employmentStatus: ['active'] }, fields: ['teacherNo', 'name'], rowCount: mine.rowCount,
      exporterAccountId: world.accounts.get('s_query')!.id, exporterUsername: 's_query', exporterUnit: { id: world.units.schoolA.id },
      // Only the exporter is offered the file.
      downloadUrl: who === 's_query' ? mine.downloadUrl : null,
    });
    expect(new Date(found!.expiresAt as string).getTime() - new Date(found!.createdAt as string).getTime()).toBe(24 * 3600 * 1000);
  });

  it('a teacher account may not list exports', async () => {
    expect(errorCode(await t.gql(LIST, {}, tokens.get('a_teacher')))).toBe('FORBIDDEN');
  });

  it.each([
    ['the county information admin above', 'c_info', 404],
    ['the school\'s information admin', 's_info', 404],
    ['the sibling county', 'c2_info', 404],
    ['nobody logged in', undefined, 401],
  ])('a download by %s is refused (%s) and the attempt audited', async (_name, who, status) => {
    const denied = await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'data_export.download' and outcome = 'denied'`);
    const res = await download(mine.downloadUrl, who ? tokens.get(who) : undefined);
    expect(res.status).toBe(status);
    const body = (await res.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]!.extensions.code).toBe(status === 404 ? 'NOT_FOUND_OR_NO_ACCESS' : 'UNAUTHENTICATED');
    const after = await sql<{ n: number }>(t, `select count(*)::int as n from audit_entry where action = 'data_export.download' and outcome = 'denied'`);
    expect(after[0]!.n).toBe(denied[0]!.n + (who ? 1 : 0));
  });

  it('the exporter downloads it, and each download is audited', async () => {
    const before = await auditCount('data_export.download');
    for (let i = 0; i < 2; i++) {
      const res = await download(mine.downloadUrl, tokens.get('s_query'));
      expect(res.status).toBe(200);
      expect((await readSheet(res)).rows).toHaveLength(mine.rowCount);
    }
    const rows = await sql(t, `select actor_username, outcome from audit_entry where action = 'data_export.download' and target_id = ? and outcome = 'success'`, [mine.id]);
    expect(rows).toEqual([{ actor_username: 's_query', outcome: 'success' }, { actor_username: 's_query', outcome: 'success' }]);
    expect(await auditCount('data_export.download')).toBe(before + 2);
  });

  it('the stored file is encrypted at rest: no workbook, no name in the row', async () => {
    const [row] = await sql<{ file: Buffer }>(t, 'select file from data_export where id = ?', [mine.id]);
    expect(row!.file.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))).toBe(false);
    const opened = t.app.runtime.fieldCrypto.openBytes(row!.file);
    expect(opened.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('after 24 hours the file is gone: 410, and the job queue\'s expiry task drops the stored bytes while the record stays', async () => {
    await sql(t, `update data_export set expires_at = now() - interval '1 minute' where id = ?`, [mine.id]);
    const res = await download(mine.downloadUrl, tokens.get('s_query'));
    expect(res.status).toBe(410);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('EXPORT_EXPIRED');
    const listed = dataOf(await t.gql(LIST, {}, tokens.get('s_query'))).dataExports.nodes.find((n: { id: string }) => n.id === mine.id);
    expect(listed.downloadUrl).toBeNull();
    // Another export no longer drops anything; the expiry task does, and only what expired.
    const fresh = await exportAs('s_query', { fields: ['name'] });
    expect(await sql(t, 'select file is null as purged from data_export where id = ?', [mine.id])).toEqual([{ purged: false }]);
    await t.app.jobs.runScheduled(EXPORT_FILES_EXPIRY_TASK, new Date());
    await t.app.jobs.idle();
    expect(await sql(t, 'select file is null as purged, row_count from data_export where id = ?', [mine.id])).toEqual([{ purged: true, row_count: mine.rowCount }]);
    expect(await sql(t, 'select file is null as purged from data_export where id = ?', [fresh.id])).toEqual([{ purged: false }]);
    expect((await download(fresh.downloadUrl, tokens.get('s_query'))).status).toBe(200);
  });
});
