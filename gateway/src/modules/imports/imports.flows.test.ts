import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { generateChineseIdCard, isValidTeacherNumber, maskIdNumber, type FieldDef } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { teacherColumns } from './teacher-columns.js';
import { TEACHER_IMPORT, type TeacherImportInput } from './teacher-import.job.js';

/**
 * Issue 3, points 5 and 6: the Excel batch import through real HTTP and GraphQL. One file of
 * mixed rows gives exact counts and an exact error report (row, column, reason); invalid rows
 * leave nothing behind; valid rows give one teacher and one open employment each; the same
 * file uploaded again changes nothing; ID-check and duplicate failures wait in the problem-data
 * queue of the school and its authorities.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const JOB = `query($id: ID!) { job(id: $id) { id kind status progress processed total counts errorCode error hasResult } }`;
const PROBLEMS = `query($s: String, $u: ID) { problemRecords(status: $s, unitId: $u, first: 100) { totalCount nodes {
  id rowNumber kind reasonCode reason raw idNumber status schoolId teacherId jobId note } } }`;
const RESOLVE = `mutation($id: ID!, $d: JSON!) { resolveProblemRecord(id: $id, data: $d) { id status teacherId resolvedBy } }`;
const DISMISS = `mutation($id: ID!, $n: String!) { dismissProblemRecord(id: $id, note: $n) { id status note } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
let seq = 0;
const id = (gender: '1' | '2', birthDate = '1988-06-01'): string => generateChineseIdCard({ regionCode: '330102', birthDate, sequence: 500 + 2 * seq++, gender });

const COLUMNS = teacherColumns();
type Row = Partial<Record<string, string | number>>;

/** A workbook as the template makes it: labels, the hidden key row, then the rows (row 3 on). */
async function workbook(rows: (Row | null)[], opts: { keyRow?: boolean; columns?: string[] } = {}): Promise<Buffer> {
  const cols = opts.columns ? COLUMNS.filter((c) => opts.columns!.includes(c.key)) : COLUMNS;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('教师信息');
  ws.addRow(cols.map((c) => c.label));
  if (opts.keyRow !== false) ws.addRow(cols.map((c) => c.key));
  for (const r of rows) ws.addRow(r ? cols.map((c) => r[c.key] ?? null) : []);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function upload(token: string | undefined, unitId: string, body: Buffer, type = XLSX): Promise<{ status: number; body: any }> {
  const res = await fetch(`${t.url}/api/imports/teachers?unitId=${unitId}`, {
    method: 'POST', body, headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  return { status: res.status, body: await res.json() };
}

async function waitForJob(jobId: string, token: string): Promise<any> {
  for (let i = 0; i < 300; i++) {
    const job = dataOf(await t.gql(JOB, { id: jobId }, token)).job;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('job did not finish');
}

async function importFile(token: string, unitId: string, file: Buffer): Promise<any> {
  const up = await upload(token, unitId, file);
  expect(up.status).toBe(202);
  return waitForJob(up.body.jobId, token);
}

async function download(path: string, token?: string): Promise<{ status: number; wb?: ExcelJS.Workbook; json?: any }> {
  const res = await fetch(`${t.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  if (res.headers.get('content-type') !== XLSX) return { status: res.status, json: await res.json() };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return { status: res.status, wb };
}

const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);
const hash = (doc: string, type = '1'): Buffer => t.app.runtime.fieldCrypto.blindIndex(doc, `doc:${type}`);
const count = async (q: string, params: unknown[] = []): Promise<number> => (await sql<{ n: number }>(t, `select count(*)::int as n from ${q}`, params))[0]!.n;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [
      ['c_info', 'countyA', 'info_admin'], ['s_info', 'schoolA', 'info_admin'], ['s_query', 'schoolA', 'query_user'],
      ['c2_info', 'countyA2', 'info_admin'], ['city_info', 'cityA', 'info_admin'], ['c_sys', 'countyA', 'system_admin'],
    ],
  });
  for (const u of ['c_info', 's_info', 's_query', 'c2_info', 'city_info', 'c_sys']) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

describe('a county information admin imports a file of mixed rows', () => {
  const A = '2330102001';
  const A2 = '2330102002';
  const base = (gender: '1' | '2', extra: Row = {}): Row => {
    const doc = id(gender);
    return { schoolCode: A, name: '测试教师', gender: gender === '1' ? '男' : '女', birthDate: '1988-06-01', ethnicity: '汉族', politicalStatus: '中共党员',
      educationLevel: '大学本科毕业', idType: '居民身份证', idNumber: doc, staffCategory: '专任教师', establishmentStatus: '在编', postCategory: '专业技术岗位',
      startDate: '2012-09-01', professionalTitle: '一级教师', ...extra };
  };
  const v3 = base('2', { name: '李明' });
  const v4 = base('1', { name: '赵强', schoolCode: A2 });
  const bad = (v: string): string => v.slice(0, 17) + (v[17] === '0' ? '1' : '0');
  const r5 = base('2', { name: '校验位错' });
  r5.idNumber = bad(r5.idNumber as string);
  const r6 = base('2', { name: '性别不符', gender: '男' });
  const r7 = base('1', { name: '民族错误', ethnicity: '火星族' });
  const r8 = base('1', { name: '日期错误', startDate: '2010-02-30' });
  const r9 = base('2', { name: '' });
  const r10 = { ...v3, name: '李明重复' };
  const worldB = (): Row => ({ ...base('2'), name: '他校在职', birthDate: '1985-03-15', idNumber: world.idNumbers.get(world.teachers.schoolB!.id)! });
  const r12 = base('1', { name: '外县学校', schoolCode: '3330122001' });
  const v13 = { ...base('1', { name: '代码填写' }), gender: '1', ethnicity: '01', idType: '1', staffCategory: 'full_time_teacher', professionalTitle: 'k12_second' };
  const worldA = (): Row => ({ ...base('2'), name: '本校已有', birthDate: '1985-03-15', idNumber: world.idNumbers.get(world.teachers.schoolA!.id)! });
  const v16 = base('1', { name: '斜杠日期', schoolCode: A2, birthDate: '1988/6/1', startDate: '2015/9/1' });
  let file: Buffer;
  let job: any;
  let before: { teachers: number; employments: number };

  beforeAll(async () => {
    file = await workbook([v3, v4, r5, r6, r7, r8, r9, r10, worldB(), r12, v13, worldA(), null, v16]);
    before = { teachers: await count('teacher'), employments: await count('employment') };
    job = await importFile(tokens.get('c_info')!, world.units.countyA.id, file);
  });

  it('finishes with exact counts', () => {
    expect(job).toMatchObject({ kind: 'teacher_import', status: 'succeeded', progress: 1, processed: 13, total: 13, hasResult: true, errorCode: null });
    expect(job.counts).toEqual({ rows: 13, imported: 4, reEmployed: 0, alreadyImported: 1, invalid: 8, problems: 4 });
  });

  it('returns an error report naming row, column and reason, one line per problem', async () => {
    const { status, wb } = await download(`/api/imports/jobs/${job.id}/errors.xlsx`, tokens.get('c_info'));
    expect(status).toBe(200);
    const ws = wb!.getWorksheet('错误报告')!;
    expect(values(ws.getRow(1))).toEqual([...COLUMNS.map((c) => c.label), '行号', '列', '原因']);
    const lines: unknown[][] = [];
    ws.eachRow((row, n) => { if (n > 1) lines.push(values(row).slice(-3)); });
    expect(lines).toEqual([
      [5, '证件号码', '身份证号校验位错误'],
      [6, '性别', '身份证号与性别不符'],
      [7, '民族', '代码值不在代码表中'],
      [8, '进校日期', '日期无效'],
      [9, '姓名', '必填项不能为空'],
      [10, '证件号码', '同一文件中证件号码重复（与第3行重复）'],
      [11, '证件号码', '该证件号码的教师已在其他单位任职，不能重复注册（请走调动流程）'],
      [12, '学校标识码', '学校标识码不存在或不在本次导入范围内'],
    ]);
    // The original values, as uploaded (the full document number: the uploader's own data).
    const row7 = values(ws.getRow(4));
    expect(row7.slice(0, COLUMNS.length)).toEqual(COLUMNS.map((c) => String(r7[c.key] ?? '')));
  });

  it('writes nothing for an invalid row', async () => {
    for (const r of [r7, r8, r9, r12]) expect(await count('teacher where id_number_hash = ?', [hash(r.idNumber as string)])).toBe(0);
    expect(await count('teacher where id_number_hash = ?', [hash(r5.idNumber as string)])).toBe(0);
    const other = world.teachers.schoolB!;
    expect(await sql(t, 'select school_id from employment where teacher_id = ?', [other.id])).toEqual([{ school_id: world.units.schoolB.id }]);
    expect(await count('teacher') - before.teachers).toBe(4);
    expect(await count('employment') - before.employments).toBe(4);
  });

  it('gives every valid row exactly one teacher, one open employment and its basic record', async () => {
    for (const [r, unit] of [[v3, 'schoolA'], [v4, 'schoolA2'], [v13, 'schoolA'], [v16, 'schoolA2']] as const) {
      const rows = await sql(t, `select t.id, t.teacher_no, t.number_state, t.name, t.gender, t.birth_date::text as birth, t.scope_path, t.stage, t.hire_date::text as hire,
          t.professional_title, t.id_number_masked, t.created_by, (select count(*)::int from employment e where e.teacher_id = t.id and e.end_date is null and e.school_id = ?) as open,
          (select count(*)::int from employment e where e.teacher_id = t.id) as employments,
          (select count(*)::int from archive_record a where a.teacher_id = t.id and a.info_set = 'basic' and a.status = 'effective' and a.origin = 'import') as basic
        from teacher t where t.id_number_hash = ?`, [world.units[unit].id, hash(r.idNumber as string)]);
      expect(rows).toHaveLength(1);
      const row = rows[0]!;
      // Sync off: the import's own duplicate check confirms the number (正式编号).
      expect(row).toMatchObject({ number_state: 'confirmed', name: r.name, scope_path: world.units[unit].path, stage: 'primary_secondary', open: 1, employments: 1, basic: 1,
        created_by: world.accounts.get('c_info')!.id, id_number_masked: maskIdNumber(String(r.idNumber)) });
      expect(isValidTeacherNumber(row.teacher_no)).toBe(true);
    }
    const [r16] = await sql(t, 'select birth_date::text as b, hire_date::text as h, professional_title as p from teacher where id_number_hash = ?', [hash(v16.idNumber as string)]);
    expect(r16).toEqual({ b: '1988-06-01', h: '2015-09-01', p: 'k12_first' });
    const [r13] = await sql(t, 'select gender, ethnicity, staff_category, professional_title from teacher where id_number_hash = ?', [hash(v13.idNumber as string)]);
    expect(r13).toEqual({ gender: '1', ethnicity: '01', staff_category: 'full_time_teacher', professional_title: 'k12_second' });
  });

  it('writes one audit entry for the job, with the file hash and counts', async () => {
    const rows = await sql(t, `select actor_username, outcome, detail from audit_entry where action = 'teacher.import' and target_id = ?`, [job.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_username: 'c_info', outcome: 'success', detail: { importUnitId: world.units.countyA.id, counts: job.counts } });
    expect(rows[0]!.detail.fileSha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('imports nothing twice when the same file is uploaded again', async () => {
    const teachers = await count('teacher');
    const employments = await count('employment');
    const again = await importFile(tokens.get('c_info')!, world.units.countyA.id, file);
    expect(again.counts).toEqual({ rows: 13, imported: 0, reEmployed: 0, alreadyImported: 5, invalid: 8, problems: 0 });
    expect(await count('teacher')).toBe(teachers);
    expect(await count('employment')).toBe(employments);
    expect(await count(`problem_record where status = 'open'`)).toBe(4);
  });

  describe('the problem-data queue', () => {
    const list = async (user: string, vars: Record<string, unknown> = { s: 'open' }) => t.gql(PROBLEMS, vars, tokens.get(user));

    it('lists ID-check and duplicate failures for the school and its authorities, not for another county', async () => {
      for (const user of ['s_info', 'c_info', 'city_info', 's_query']) {
        const page = dataOf(await list(user)).problemRecords;
        expect(page.totalCount).toBe(4);
        expect(page.nodes.map((n: any) => [n.rowNumber, n.kind, n.reasonCode]).sort()).toEqual([
          [10, 'duplicate_in_file', 'IMPORT_DUPLICATE_IN_FILE'], [11, 'duplicate_in_database', 'TEACHER_DUPLICATE_ACTIVE'],
          [5, 'id_check', 'ID_NUMBER_CHECKSUM'], [6, 'id_check', 'ID_NUMBER_GENDER_MISMATCH']]);
      }
      expect(dataOf(await list('c2_info')).problemRecords.totalCount).toBe(0);
      expect(dataOf(await list('c_info', { s: 'open', u: world.units.schoolA2.id })).problemRecords.totalCount).toBe(0);
      expect(errorCode(await list('c_sys'))).toBe('FORBIDDEN');
      expect(errorCode(await list('c2_info', { u: world.units.schoolA.id }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    });

    it('shows the full document number to information admins (audited) and a masked one to query users', async () => {
      const row5 = (user: string) => list(user).then((r) => dataOf(r).problemRecords.nodes.find((n: any) => n.rowNumber === 5));
      const full = await row5('s_info');
      expect(full.idNumber).toBe(r5.idNumber);
      expect(full.raw.idNumber).toBe(maskIdNumber(String(r5.idNumber)));
      expect(full.raw.name).toBe('校验位错');
      expect((await row5('s_query')).idNumber).toBe(full.raw.idNumber);
      expect(await count(`audit_entry where action = 'problem_record.read_sensitive' and actor_username = 's_info'`)).toBeGreaterThan(0);
    });

    it('resolves a record with corrected data by registering the teacher, with the same codes on failure', async () => {
      const rec = dataOf(await list('s_info')).problemRecords.nodes.find((n: any) => n.rowNumber === 5);
      expect(errorCode(await t.gql(RESOLVE, { id: rec.id, d: { idNumber: bad(id('2')) } }, tokens.get('s_info')))).toBe('ID_NUMBER_CHECKSUM');
      const two = await t.gql(RESOLVE, { id: rec.id, d: { ethnicity: '火星族' } }, tokens.get('s_info'));
      expect(two.errors![0]!.extensions).toMatchObject({ code: 'CODE_INVALID', details: { field: 'ethnicity', issues: [
        { key: 'ethnicity', code: 'CODE_INVALID' }, { key: 'idNumber', code: 'ID_NUMBER_CHECKSUM' }] } });
      expect(errorCode(await t.gql(RESOLVE, { id: rec.id, d: { idNumber: id('2') } }, tokens.get('c2_info')))).toBe('NOT_FOUND_OR_NO_ACCESS');
      expect(errorCode(await t.gql(RESOLVE, { id: rec.id, d: { idNumber: id('2') } }, tokens.get('s_query')))).toBe('FORBIDDEN');
      const fixed = id('2');
      const done = dataOf(await t.gql(RESOLVE, { id: rec.id, d: { idNumber: fixed } }, tokens.get('s_info'))).resolveProblemRecord;
      expect(done).toMatchObject({ status: 'resolved', resolvedBy: world.accounts.get('s_info')!.id });
      const [teacher] = await sql(t, `select t.id, t.name, t.scope_path, (select count(*)::int from employment e where e.teacher_id = t.id and e.end_date is null) as open
        from teacher t where t.id_number_hash = ?`, [hash(fixed)]);
      expect(teacher).toMatchObject({ id: done.teacherId, name: '校验位错', scope_path: world.units.schoolA.path, open: 1 });
      expect(errorCode(await t.gql(RESOLVE, { id: rec.id, d: { idNumber: id('2') } }, tokens.get('s_info')))).toBe('PROBLEM_NOT_OPEN');
    });

    it('refuses to register a duplicate when resolving, and dismisses with a note', async () => {
      const nodes = dataOf(await list('s_info')).problemRecords.nodes;
      const dup = nodes.find((n: any) => n.rowNumber === 11);
      expect(errorCode(await t.gql(RESOLVE, { id: dup.id, d: {} }, tokens.get('s_info')))).toBe('TEACHER_DUPLICATE_ACTIVE');
      expect(errorCode(await t.gql(DISMISS, { id: dup.id, n: '  ' }, tokens.get('s_info')))).toBe('PROBLEM_NOTE_REQUIRED');
      const dismissed = dataOf(await t.gql(DISMISS, { id: dup.id, n: '已核实：该教师在甲二县第一中学任职' }, tokens.get('c_info'))).dismissProblemRecord;
      expect(dismissed).toMatchObject({ status: 'dismissed', note: '已核实：该教师在甲二县第一中学任职' });
      expect(dataOf(await list('s_info')).problemRecords.totalCount).toBe(2);
      expect(dataOf(await list('s_info', { s: 'dismissed' })).problemRecords.totalCount).toBe(1);
    });
  });

  it('shows the job and its report to its creator and admins above, to nobody else', async () => {
    expect(dataOf(await t.gql(JOB, { id: job.id }, tokens.get('city_info'))).job.id).toBe(job.id);
    for (const user of ['s_info', 'c2_info', 's_query']) expect(errorCode(await t.gql(JOB, { id: job.id }, tokens.get(user)))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect((await download(`/api/imports/jobs/${job.id}/errors.xlsx`, tokens.get('city_info'))).status).toBe(200);
    for (const user of ['s_info', 'c2_info']) {
      const r = await download(`/api/imports/jobs/${job.id}/errors.xlsx`, tokens.get(user));
      expect([r.status, r.json.errors[0].extensions.code]).toEqual([404, 'NOT_FOUND_OR_NO_ACCESS']);
    }
    expect((await download(`/api/imports/jobs/${job.id}/errors.xlsx`)).status).toBe(401);
    const mine = dataOf(await t.gql(`{ jobs(kind: "teacher_import") { id } }`, {}, tokens.get('c_info'))).jobs;
    expect(mine.map((j: any) => j.id)).toContain(job.id);
    expect(await count(`audit_entry where action = 'teacher.import_error_report' and target_id = ?`, [job.id])).toBeGreaterThanOrEqual(2);
  });
});

describe('a file larger than one batch', () => {
  it('commits batches side by side and still counts, reports and checks duplicates across the whole file', async () => {
    const n = 4_600;
    const docs = Array.from({ length: n }, (_, i) => generateChineseIdCard({ regionCode: '330106', birthDate: `19${70 + Math.floor(i / 400)}-01-0${1 + (i % 9)}`, sequence: ((i % 400) * 2) % 1000, gender: '2' }));
    expect(new Set(docs).size).toBe(n);
    const rows: Row[] = docs.map((doc, i) => ({ schoolCode: i % 2 ? '2330102001' : '2330102002', name: `批量${i}`, gender: '女',
      birthDate: `${doc.slice(6, 10)}-${doc.slice(10, 12)}-${doc.slice(12, 14)}`, idNumber: doc, startDate: '2019-09-01' }));
    rows[2_500] = { ...rows[2_500], name: '' }; // file row 2503, in the second batch
    rows[4_400] = { ...rows[7], name: '重复' }; // file row 4403 repeats row 10's document, two batches apart
    const before = await count('teacher');
    const job = await importFile(tokens.get('c_info')!, world.units.countyA.id, await workbook(rows));
    expect(job).toMatchObject({ status: 'succeeded', processed: n, total: n, progress: 1 });
    expect(job.counts).toEqual({ rows: n, imported: n - 2, reEmployed: 0, alreadyImported: 0, invalid: 2, problems: 1 });
    expect(await count('teacher') - before).toBe(n - 2);
    expect(await count(`teacher t where t.name like '批量%' and (select count(*) from employment e where e.teacher_id = t.id and e.end_date is null) <> 1`)).toBe(0);
    const { wb } = await download(`/api/imports/jobs/${job.id}/errors.xlsx`, tokens.get('c_info'));
    const lines: unknown[][] = [];
    wb!.getWorksheet('错误报告')!.eachRow((row, i) => { if (i > 1) lines.push(values(row).slice(-3)); });
    expect(lines).toEqual([[2_503, '姓名', '必填项不能为空'], [4_403, '证件号码', '同一文件中证件号码重复（与第10行重复）']]);
  });
});

describe('the province-indicator extension point', () => {
  it('takes extra columns, checks them and stores their values on the teacher', async () => {
    const backbone: FieldDef = { key: 'backbone', label: '骨干教师类型', labelEn: 'Backbone teacher', type: 'code', required: true };
    const cols = teacherColumns([backbone]);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师信息');
    ws.addRow(cols.map((c) => c.label));
    const good = id('1', '1991-02-03');
    const bad = id('1', '1991-02-03');
    for (const [doc, level] of [[good, 'city'], [bad, 'galaxy']]) {
      ws.addRow(cols.map((c) => ({ name: '指标教师', gender: '男', birthDate: '1991-02-03', idNumber: doc, startDate: '2018-09-01', backbone: level } as Record<string, string>)[c.key] ?? null));
    }
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const a = world.accounts.get('s_info')!;
    const unit = world.units.schoolA;
    const input: TeacherImportInput = {
      file, fileSha256: 'x'.repeat(64), unit: { id: unit.id, path: unit.path, level: unit.level }, ip: null,
      actor: { accountId: a.id, username: a.username, unitId: unit.id, scopePath: unit.path },
      extraFields: [backbone], codeItems: { backbone: ['city', 'district'] },
    };
    const job = await t.app.jobs.submit({ kind: TEACHER_IMPORT, createdBy: a.id, unitId: unit.id, scopePath: unit.path }, input);
    await t.app.jobs.idle();
    const done = (await sql(t, 'select status, counts from job where id = ?', [job.id]))[0]!;
    expect(done).toMatchObject({ status: 'succeeded', counts: { imported: 1, invalid: 1 } });
    expect(await sql(t, 'select indicators from teacher where id_number_hash = ?', [hash(good)])).toEqual([{ indicators: { backbone: 'city' } }]);
    const report = await download(`/api/imports/jobs/${job.id}/errors.xlsx`, tokens.get('s_info'));
    const ws2 = report.wb!.getWorksheet('错误报告')!;
    expect(values(ws2.getRow(1)).slice(-4)).toEqual(['骨干教师类型', '行号', '列', '原因']);
    expect(values(ws2.getRow(2)).slice(-3)).toEqual([3, '骨干教师类型', '代码值不在代码表中']);
  });
});

describe('upload rules', () => {
  it.each([
    ['a school admin into its county', 's_info', 'countyA', 404, 'NOT_FOUND_OR_NO_ACCESS'],
    ['an admin of another county', 'c2_info', 'schoolA', 404, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a query user into its own school', 's_query', 'schoolA', 403, 'FORBIDDEN'],
    ['a system admin into its own county', 'c_sys', 'countyA', 403, 'FORBIDDEN'],
    ['nobody (no session)', undefined, 'schoolA', 401, 'UNAUTHENTICATED'],
  ] as const)('refuses %s', async (_name, user, unit, status, code) => {
    const r = await upload(user ? tokens.get(user) : undefined, world.units[unit].id, await workbook([]));
    expect([r.status, r.body.errors[0].extensions.code]).toEqual([status, code]);
  });

  it('refuses a file that is not an .xlsx before creating a job', async () => {
    const jobs = await count('job');
    const r = await upload(tokens.get('s_info'), world.units.schoolA.id, Buffer.from('姓名,证件号码\n'), 'text/csv');
    expect([r.status, r.body.errors[0].extensions.code]).toEqual([415, 'IMPORT_FILE_INVALID']);
    const r2 = await upload(tokens.get('s_info'), world.units.schoolA.id, Buffer.from('PK\u0003\u0004 but not a zip'));
    expect(r2.status).toBe(202);
    expect(await waitForJob(r2.body.jobId, tokens.get('s_info')!)).toMatchObject({ status: 'failed', errorCode: 'IMPORT_FILE_INVALID' });
    expect(await count('job')).toBe(jobs + 1);
  });

  it('fails a job whose header is not the template, naming the missing columns', async () => {
    const file = await workbook([{ name: '缺列', gender: '男', idNumber: id('1') }], { keyRow: false, columns: ['name', 'gender', 'idNumber'] });
    const up = await upload(tokens.get('s_info'), world.units.schoolA.id, file);
    const job = await waitForJob(up.body.jobId, tokens.get('s_info')!);
    expect(job).toMatchObject({ status: 'failed', errorCode: 'IMPORT_HEADER_INVALID', error: '导入文件的表头与模板不符（请使用下载的模板）：缺少出生日期、进校日期' });
    const report = await download(`/api/imports/jobs/${job.id}/errors.xlsx`, tokens.get('s_info'));
    expect([report.status, report.json.errors[0].extensions.code]).toEqual([409, 'JOB_FAILED']);
  });

  it('employs a known person again, keeping their number, when they have no open employment', async () => {
    const known = world.teachers.schoolA2!;
    await sql(t, `update employment set end_date = '2024-07-31', end_reason = 'resigned', employment_status = 'resigned' where teacher_id = ?`, [known.id]);
    await sql(t, `update teacher set employment_status = 'resigned' where id = ?`, [known.id]);
    const file = await workbook([{ name: '再次入职', gender: '女', birthDate: '1985-03-15', idNumber: world.idNumbers.get(known.id)!, startDate: '2025-09-01' }],
      { keyRow: false, columns: ['name', 'gender', 'birthDate', 'idNumber', 'startDate'] });
    const job = await importFile(tokens.get('s_info')!, world.units.schoolA.id, file);
    expect(job.counts).toMatchObject({ rows: 1, imported: 1, reEmployed: 1, invalid: 0 });
    const [row] = await sql(t, `select teacher_no, scope_path, employment_status, hire_date::text as hire, version from teacher where id = ?`, [known.id]);
    expect(row).toMatchObject({ teacher_no: known.teacherNo, scope_path: world.units.schoolA.path, employment_status: 'active', hire: '2025-09-01' });
    expect(await sql(t, `select school_id, end_date is null as open from employment where teacher_id = ? order by start_date`, [known.id])).toEqual([
      { school_id: world.units.schoolA2.id, open: false }, { school_id: world.units.schoolA.id, open: true }]);
    expect(await count('teacher where id_number_hash = ?', [hash(world.idNumbers.get(known.id)!)])).toBe(1);
  });

  it('lets a school import its own staff without the school column (labels only, no key row)', async () => {
    const doc = id('1', '1990-01-02');
    const file = await workbook([{ name: '本校教师', gender: '男', birthDate: '1990-01-02', idNumber: doc, startDate: '2020-09-01' }],
      { keyRow: false, columns: ['name', 'gender', 'birthDate', 'idNumber', 'startDate'] });
    const job = await importFile(tokens.get('s_info')!, world.units.schoolA.id, file);
    expect(job.counts).toMatchObject({ rows: 1, imported: 1, invalid: 0 });
    const [row] = await sql(t, 'select scope_path, school_id from teacher where id_number_hash = ?', [hash(doc)]);
    expect(row).toEqual({ scope_path: world.units.schoolA.path, school_id: world.units.schoolA.id });
  });
});

describe('the template', () => {
  it('has the Chinese headers, the hidden key row, text-formatted ID column and code-list dropdowns', async () => {
    const { status, wb } = await download('/api/imports/teachers/template.xlsx?stage=primary_secondary', tokens.get('c_info'));
    expect(status).toBe(200);
    expect(wb!.worksheets.map((w) => w.name)).toEqual(['教师信息', '代码表', '填写说明']);
    const ws = wb!.getWorksheet('教师信息')!;
    expect(values(ws.getRow(1))).toEqual(['学校标识码', '姓名', '性别', '出生日期', '民族', '政治面貌', '最高学历', '证件类型', '证件号码',
      '教职工类别', '编制情况', '岗位类别', '进校日期', '专业技术职务']);
    expect(values(ws.getRow(2))).toEqual(COLUMNS.map((c) => c.key));
    expect(ws.getRow(2).hidden).toBe(true);
    expect(ws.getColumn(9).numFmt).toBe('@');
    expect(wb!.getWorksheet('代码表')!.state).toBe('hidden');
    const dv = (ws as any).dataValidations.model as Record<string, { type: string; formulae: string[] }>;
    const lists = wb!.getWorksheet('代码表')!;
    const listValues = (formula: string): unknown[] => {
      const m = /\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)/.exec(formula)!;
      return Array.from({ length: Number(m[3]) - Number(m[2]) + 1 }, (_, i) => lists.getCell(`${m[1]}${Number(m[2]) + i}`).value);
    };
    for (const [letter, label] of [['C', '性别'], ['E', '民族'], ['F', '政治面貌'], ['G', '最高学历'], ['H', '证件类型'], ['J', '教职工类别'], ['K', '编制情况'], ['L', '岗位类别'], ['N', '专业技术职务']]) {
      const v = dv[`${letter}3`];
      expect(v, label).toMatchObject({ type: 'list' });
      expect(v!.formulae[0]).toContain('代码表');
      expect(dv[`${letter}5002`]).toEqual(v);
    }
    expect(listValues(dv.C3!.formulae[0]!)).toContain('女');
    expect(listValues(dv.H3!.formulae[0]!)[0]).toBe('居民身份证');
    const titles = listValues(dv.N3!.formulae[0]!);
    expect(titles).toContain('一级教师');
    expect(titles).not.toContain('教授');
    expect(dv.A3).toBeUndefined();
    expect(dv.B3).toBeUndefined();
  });

  it('is for information admins only, and refuses unknown stages', async () => {
    expect((await download('/api/imports/teachers/template.xlsx', tokens.get('s_query'))).status).toBe(403);
    expect((await download('/api/imports/teachers/template.xlsx')).status).toBe(401);
    const bad = await download('/api/imports/teachers/template.xlsx?stage=mars', tokens.get('s_info'));
    expect([bad.status, bad.json.errors[0].extensions.code]).toEqual([400, 'CODE_INVALID']);
  });
});
