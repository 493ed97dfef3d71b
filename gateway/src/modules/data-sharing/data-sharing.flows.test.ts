import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { Role } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/**
 * 信息共享 (issue 7, seed 000 art. 31): a department's application filed by the county's query
 * user, reviewed by the county's information admin in the approval engine, used with its
 * credential (GraphQL and .xlsx), every use listed, refused with SHARING_EXPIRED after expiry.
 */
const APPLY = `mutation($i: ApplyDataSharingInput!) { applyDataSharing(input: $i) { id status caseId fields scopeUnitId } }`;
const ISSUE = `mutation($id: ID!) { issueDataSharingCredential(id: $id) { credential application { status credentialIssuedAt } } }`;
const SHARED = `query($c: String!) { sharedTeachers(credential: $c) { departmentName purpose totalCount columns { key header } rows } }`;
const APP = `query($id: ID!) { dataSharingApplication(id: $id) { status expired uses { totalCount nodes { channel outcome code rowCount fields } } } }`;

const ACCOUNTS: [string, UnitKey, Role][] = [
  ['c_query', 'countyA', 'query_user'],
  ['c_info', 'countyA', 'info_admin'],
  ['s_query', 'schoolA', 'query_user'],
  ['c2_info', 'countyA2', 'info_admin'],
  ['city_info', 'cityA', 'info_admin'],
];

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
const hour = 3_600_000;
let appId = '';
let credential = '';

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: ACCOUNTS });
  for (const [u] of ACCOUNTS) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

const input = (over: Record<string, unknown> = {}) => ({
  departmentName: '甲一区人力资源和社会保障局', departmentCode: '11330102MB0000000X', contactName: '王联络', contactPhone: '0571-88880000',
  purpose: '核对教师职称与人事档案', fields: ['teacherNo', 'name', 'school', 'professionalTitle'], scopeUnitId: world.units.schoolA.id,
  startsAt: new Date(Date.now() - hour).toISOString(), expiresAt: new Date(Date.now() + 30 * 24 * hour).toISOString(), ...over,
});
const count = async (q: string, p: unknown[] = []): Promise<number> => (await sql<{ n: number }>(t, q, p))[0]!.n;
const xlsx = (c?: string): Promise<Response> => fetch(`${t.url}/api/data-sharing/teachers.xlsx`, { headers: c ? { 'x-tmis-sharing-credential': c } : {} });

describe('applying', () => {
  it('the shareable fields never include the document number', async () => {
    const keys = dataOf(await t.gql(`{ shareableFields { key } }`, {}, tokens.get('c_query'))).shareableFields.map((f: { key: string }) => f.key);
    expect(keys).toContain('name');
    expect(keys).not.toContain('idNumber');
  });

  it.each([
    ['the document number', 'c_query', { fields: ['name', 'idNumber'] }, 'SHARING_FIELD_NOT_SHAREABLE'],
    ['assessments', 'c_query', { fields: ['assessments'] }, 'SHARING_FIELD_NOT_SHAREABLE'],
    ['no fields', 'c_query', { fields: [] }, 'VALIDATION_FAILED'],
    ['an end before the start', 'c_query', { expiresAt: new Date(Date.now() - 2 * hour).toISOString() }, 'SHARING_PERIOD_INVALID'],
    ['more than a year', 'c_query', { expiresAt: new Date(Date.now() + 400 * 24 * hour).toISOString() }, 'SHARING_PERIOD_INVALID'],
    ['a scope outside the county', 'c_query', { scopeUnitId: 'schoolB' }, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a school query user', 's_query', {}, 'FORBIDDEN'],
    ['the reviewing information admin', 'c_info', {}, 'FORBIDDEN'],
  ] as [string, string, Record<string, unknown>, string][])('refused: %s', async (_n, who, over, code) => {
    const before = await count('select count(*)::int as n from data_sharing_application');
    const o = typeof over.scopeUnitId === 'string' ? { ...over, scopeUnitId: world.units[over.scopeUnitId as UnitKey].id } : over;
    expect(errorCode(await t.gql(APPLY, { i: input(o) }, tokens.get(who)))).toBe(code);
    expect(await count('select count(*)::int as n from data_sharing_application')).toBe(before);
  });

  it('the county query user files the application; it opens a case for the county information admin', async () => {
    const a = dataOf(await t.gql(APPLY, { i: input() }, tokens.get('c_query'))).applyDataSharing;
    expect(a).toMatchObject({ status: 'pending', fields: ['teacherNo', 'name', 'school', 'professionalTitle'], scopeUnitId: world.units.schoolA.id });
    appId = a.id;
    const inbox = dataOf(await t.gql(`{ approvalInbox { items { approvalCase { id type subjectId } } } }`, {}, tokens.get('c_info'))).approvalInbox.items;
    expect(inbox.map((i: { approvalCase: unknown }) => i.approvalCase)).toContainEqual({ id: a.caseId, type: 'data_sharing', subjectId: a.id });
    expect(await count(`select count(*)::int as n from audit_entry where action = 'data_sharing.apply' and target_id = ?`, [appId])).toBe(1);
    // Before approval there is no credential.
    expect(errorCode(await t.gql(ISSUE, { id: appId }, tokens.get('c_query')))).toBe('SHARING_NOT_APPROVED');
  });

  it('seen by the county and the city above, not by a sibling county', async () => {
    for (const who of ['c_info', 'city_info']) expect(dataOf(await t.gql(APP, { id: appId }, tokens.get(who))).dataSharingApplication.status).toBe('pending');
    expect(errorCode(await t.gql(APP, { id: appId }, tokens.get('c2_info')))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(dataOf(await t.gql(`{ dataSharingApplications { totalCount } }`, {}, tokens.get('c2_info'))).dataSharingApplications.totalCount).toBe(0);
  });
});

describe('approved, used, expired', () => {
  it('the county information admin approves; the filer receives the credential once', async () => {
    const [{ case_id: caseId }] = await sql<{ case_id: string }>(t, 'select case_id from data_sharing_application where id = ?', [appId]);
    expect(errorCode(await t.gql(`mutation($id: ID!) { approveCase(id: $id) { status } }`, { id: caseId }, tokens.get('city_info')))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(dataOf(await t.gql(`mutation($id: ID!) { approveCase(id: $id) { status } }`, { id: caseId }, tokens.get('c_info'))).approveCase.status).toBe('approved');
    expect(dataOf(await t.gql(APP, { id: appId }, tokens.get('c_query'))).dataSharingApplication.status).toBe('approved');
    expect(errorCode(await t.gql(ISSUE, { id: appId }, tokens.get('c_info')))).toBe('FORBIDDEN');
    const issued = dataOf(await t.gql(ISSUE, { id: appId }, tokens.get('c_query'))).issueDataSharingCredential;
    expect(issued.credential).toMatch(/^tmis_ds_[A-Za-z0-9_-]{43}$/);
    expect(issued.application.credentialIssuedAt).toBeTruthy();
    credential = issued.credential;
    // Only a hash is stored.
    expect(await count(`select count(*)::int as n from data_sharing_application where position(convert_to(?, 'UTF8') in credential_hash) > 0`, [credential])).toBe(0);
  });

  it('without a session, the credential reads exactly the approved fields of the approved school', async () => {
    const r = dataOf(await t.gql(SHARED, { c: credential })).sharedTeachers;
    const expected = await sql<{ teacher_no: string; name: string }>(t, `select teacher_no, name from teacher where scope_path like ? and employment_status in ('active', 'long_absence') order by teacher_no`, [`${world.units.schoolA.path}%`]);
    expect(r.totalCount).toBe(expected.length);
    expect(r.columns.map((c: { key: string }) => c.key)).toEqual(['teacherNo', 'name', 'school', 'professionalTitle']);
    expect(r.rows).toEqual(expected.map((e) => ({ teacherNo: e.teacher_no, name: e.name, school: world.units.schoolA.name, professionalTitle: '一级教师' })));
    expect(r.departmentName).toBe('甲一区人力资源和社会保障局');
  });

  it('the .xlsx route serves the same rows and records a DataExport', async () => {
    const res = await xlsx(credential);
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('教师信息')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['教师个人标识码', '姓名', '所在学校', '专业技术职务']);
    expect(ws.rowCount).toBe(1 + (await count(`select count(*)::int as n from teacher where scope_path like ?`, [`${world.units.schoolA.path}%`])));
    const [rec] = await sql<{ exporter_username: string; purpose: string; filters: Record<string, unknown> }>(t, `select exporter_username, purpose, filters from data_export where kind = 'data_sharing'`);
    expect(rec).toMatchObject({ exporter_username: 'c_query', purpose: '核对教师职称与人事档案', filters: { applicationId: appId } });
  });

  it.each([['a wrong credential', 'tmis_ds_x'], ['an empty one', '']])('%s is refused', async (_n, c) => {
    expect(errorCode(await t.gql(SHARED, { c }))).toBe('SHARING_CREDENTIAL_INVALID');
  });

  it('after the period ends every use is refused with SHARING_EXPIRED, and logged', async () => {
    // The clock: the period is moved into the past, as if a month had gone by.
    await sql(t, `update data_sharing_application set starts_at = now() - interval '31 days', expires_at = now() - interval '1 minute' where id = ?`, [appId]);
    const r = await t.gql(SHARED, { c: credential });
    expect(errorCode(r)).toBe('SHARING_EXPIRED');
    expect(r.data).toBeNull();
    const res = await xlsx(credential);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe('SHARING_EXPIRED');
    expect(errorCode(await t.gql(ISSUE, { id: appId }, tokens.get('c_query')))).toBe('SHARING_EXPIRED');
  });

  it('every use is listed for the authority: two served, two refused', async () => {
    const a = dataOf(await t.gql(APP, { id: appId }, tokens.get('c_info'))).dataSharingApplication;
    expect(a.expired).toBe(true);
    const n = await count(`select count(*)::int as n from teacher where scope_path like ?`, [`${world.units.schoolA.path}%`]);
    const fields = ['teacherNo', 'name', 'school', 'professionalTitle'];
    expect(a.uses.totalCount).toBe(4);
    expect(a.uses.nodes).toEqual([
      { channel: 'xlsx', outcome: 'refused', code: 'SHARING_EXPIRED', rowCount: 0, fields: [] },
      { channel: 'graphql', outcome: 'refused', code: 'SHARING_EXPIRED', rowCount: 0, fields: [] },
      { channel: 'xlsx', outcome: 'success', code: null, rowCount: n, fields },
      { channel: 'graphql', outcome: 'success', code: null, rowCount: n, fields },
    ]);
    expect(await count(`select count(*)::int as n from audit_entry where action = 'data_sharing.use' and target_id = ? and outcome = 'denied'`, [appId])).toBe(2);
  });
});

describe('returned and revoked', () => {
  it('a returned application shows as returned and never yields a credential', async () => {
    const a = dataOf(await t.gql(APPLY, { i: input({ purpose: '统计教师人数用于编制核定' }) }, tokens.get('c_query'))).applyDataSharing;
    dataOf(await t.gql(`mutation($id: ID!) { returnCase(id: $id, reason: "用途不明确") { status } }`, { id: a.caseId }, tokens.get('c_info')));
    expect(dataOf(await t.gql(APP, { id: a.id }, tokens.get('c_query'))).dataSharingApplication.status).toBe('returned');
    expect(errorCode(await t.gql(ISSUE, { id: a.id }, tokens.get('c_query')))).toBe('SHARING_NOT_APPROVED');
  });

  it('the authority ends an approved sharing early: the credential is refused with SHARING_REVOKED', async () => {
    const a = dataOf(await t.gql(APPLY, { i: input({ purpose: '社保缴费基数核对' }) }, tokens.get('c_query'))).applyDataSharing;
    dataOf(await t.gql(`mutation($id: ID!) { approveCase(id: $id) { status } }`, { id: a.caseId }, tokens.get('c_info')));
    const c = dataOf(await t.gql(ISSUE, { id: a.id }, tokens.get('c_query'))).issueDataSharingCredential.credential;
    expect(dataOf(await t.gql(SHARED, { c })).sharedTeachers.totalCount).toBeGreaterThan(0);
    expect(errorCode(await t.gql(`mutation($id: ID!) { revokeDataSharing(id: $id, reason: "核对已完成") { status } }`, { id: a.id }, tokens.get('c_query')))).toBe('FORBIDDEN');
    expect(dataOf(await t.gql(`mutation($id: ID!) { revokeDataSharing(id: $id, reason: "核对已完成") { status } }`, { id: a.id }, tokens.get('c_info'))).revokeDataSharing.status).toBe('revoked');
    expect(errorCode(await t.gql(SHARED, { c }))).toBe('SHARING_REVOKED');
  });
});

describe('shared statistics (counts instead of rows)', () => {
  it('group only by approved fields, always with small cells suppressed; every use logged', async () => {
    const a = dataOf(await t.gql(APPLY, { i: input({ purpose: '统计各校职称结构用于编制核定', fields: ['school', 'professionalTitle'], scopeUnitId: world.units.countyA.id }) }, tokens.get('c_query'))).applyDataSharing;
    dataOf(await t.gql(`mutation($id: ID!) { approveCase(id: $id) { status } }`, { id: a.caseId }, tokens.get('c_info')));
    const c = dataOf(await t.gql(ISSUE, { id: a.id }, tokens.get('c_query'))).issueDataSharingCredential.credential;
    const STATS = `query($c: String!, $d: [StatisticsDimension!]!) { sharedStatistics(credential: $c, dimensions: $d) { total totalSuppressed cells { count suppressed keys { label } } suppression { applied } } }`;
    const r = dataOf(await t.gql(STATS, { c, d: ['SCHOOL', 'PROFESSIONAL_TITLE'] })).sharedStatistics;
    // One teacher per school in the world: every cell is below the threshold, and so is the total.
    expect(r.suppression.applied).toBe(true);
    expect(r.cells.length).toBeGreaterThan(0);
    expect(r.cells.every((x: { count: number | null; suppressed: boolean }) => x.count === null && x.suppressed)).toBe(true);
    expect(r).toMatchObject({ total: null, totalSuppressed: true });
    // Gender was not approved: refused, and the refusal is logged too.
    expect(errorCode(await t.gql(STATS, { c, d: ['GENDER'] }))).toBe('SHARING_FIELD_NOT_SHAREABLE');
    const uses = dataOf(await t.gql(`query($id: ID!) { dataSharingApplication(id: $id) { uses { nodes { outcome code rowCount } } } }`, { id: a.id }, tokens.get('c_info'))).dataSharingApplication.uses.nodes;
    expect(uses).toEqual([{ outcome: 'refused', code: 'SHARING_FIELD_NOT_SHAREABLE', rowCount: 0 }, { outcome: 'success', code: null, rowCount: r.cells.length }]);
  });
});
