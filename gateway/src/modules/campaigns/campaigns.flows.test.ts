import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

const CURRENT = `{ updateCampaign { id kind year deadline opensOn } }`;
const PROGRESS = `query($c: ID!, $u: ID) { campaignProgress(campaignId: $c, unitId: $u) {
  total { unitCode teachers entered submitted approved returned pending overdue completion }
  units { unitCode teachers entered submitted approved returned pending overdue completion }
  lagging { unitCode } } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
let campaignId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [['c_info', 'countyA', 'info_admin'], ['s_info', 'schoolA', 'info_admin'], ['s2_info', 'schoolA2', 'info_admin'],
    ['c2_query', 'countyA2', 'query_user'], ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }], ['p_info', 'provA', 'info_admin']] });
  for (const u of ['c_info', 's_info', 's2_info', 'c2_query', 't_a', 'p_info']) tok[u] = await loginAs(t, u, w.certDir);
  // The world's records were made "now"; move them before every window so only this test's activity counts.
  await t.app.orm.em.fork().getConnection().execute(`update archive_record set entered_at = '2025-01-02', approved_at = '2025-01-02', valid_from = '2025-01-02'`);
  campaignId = (await t.gql(CURRENT, {}, tok.c_info)).data!.updateCampaign.id;
  const edu = { startDate: '2003-09-01', institution: '大学', educationLevel: '21' };
  // schoolA: entered → submitted → school → authority; schoolA2: entered, submitted, returned.
  const a = (await t.gql(SAVE, { i: { teacherId: w.teachers.schoolA!.id, infoSet: 'education', data: edu, submit: true } }, tok.t_a)).data!.saveArchiveRecord.id;
  await t.gql(`mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { ok } }`, { ids: [a] }, tok.s_info);
  await t.gql(`mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { ok } }`, { ids: [a] }, tok.c_info);
  const b = (await t.gql(SAVE, { i: { teacherId: w.teachers.schoolA2!.id, infoSet: 'education', data: edu, submit: true } }, tok.s2_info)).data!.saveArchiveRecord.id;
  await t.gql(`mutation($ids: [ID!]!) { returnArchiveRecords(ids: $ids, reason: "学历信息不全") { ok } }`, { ids: [b] }, tok.s2_info);
});
afterAll(async () => t?.close());

describe('update campaigns', () => {
  it('the current campaign follows the national deadlines', async () => {
    const c = (await t.gql(CURRENT, {}, tok.c_info)).data!.updateCampaign;
    const today = new Date().toISOString().slice(0, 10);
    expect(c.opensOn <= today && today <= c.deadline).toBe(true);
    expect(c.deadline.endsWith('-03-31') || c.deadline.endsWith('-09-30')).toBe(true);
  });

  it('progress per unit below, with totals and lagging units', async () => {
    const r = await t.gql(PROGRESS, { c: campaignId }, tok.c_info);
    expect(r.errors).toBeUndefined();
    const p = r.data!.campaignProgress;
    expect(p.units).toEqual([
      { unitCode: '2330102001', teachers: 1, entered: 1, submitted: 1, approved: 1, returned: 0, pending: 0, overdue: 0, completion: 1 },
      { unitCode: '2330102002', teachers: 1, entered: 1, submitted: 1, approved: 0, returned: 1, pending: 0, overdue: 0, completion: 0 },
    ]);
    expect(p.total).toMatchObject({ unitCode: '330102', teachers: 2, entered: 2, approved: 1, returned: 1, completion: 0.5 });
    expect(p.lagging.map((u: { unitCode: string }) => u.unitCode)).toEqual(['2330102002']);
  });

  it('after the deadline, teachers without an approved update are overdue', async () => {
    const past = (await t.gql(`{ updateCampaign(kind: "half_year", year: 2026) { id deadline } }`, {}, tok.c_info)).data!.updateCampaign;
    const p = (await t.gql(PROGRESS, { c: past.id }, tok.c_info)).data!.campaignProgress;
    expect(p.total).toMatchObject({ teachers: 2, approved: 0, overdue: 2 });
    expect(p.lagging.map((u: { unitCode: string }) => u.unitCode)).toEqual(['2330102001', '2330102002']);
  });

  it.each([
    ['another county', 'c2_query', 'countyA', 'NOT_FOUND_OR_NO_ACCESS'],
    ['a teacher', 't_a', 'schoolA', 'FORBIDDEN'],
  ] as const)('is refused to %s', async (_n, user, unit, code) => {
    expect(errorCode(await t.gql(PROGRESS, { c: campaignId, u: w.units[unit].id }, tok[user]))).toBe(code);
  });

  it('the province may set an earlier deadline, never a later one', async () => {
    const late = await t.gql(`mutation($c: ID!) { setCampaignDeadline(campaignId: $c, deadline: "2099-01-01") { deadline } }`, { c: campaignId }, tok.p_info);
    expect(errorCode(late)).toBe('VALIDATION_FAILED');
    expect(errorCode(await t.gql(`mutation($c: ID!) { setCampaignDeadline(campaignId: $c, deadline: "2027-03-15") { deadline } }`, { c: campaignId }, tok.c_info))).toBe('FORBIDDEN');
  });

  it('exports the monthly progress report as Excel', async () => {
    // A transfer applied for this month: both schools show the transfer module in use.
    const teacher = w.teachers.schoolA!;
    const applied = await t.gql(`mutation($i: InitiateTransferInput!) { initiateTransfer(input: $i) { status } }`, { i: {
      idType: '1', idNumber: w.idNumbers.get(teacher.id), name: teacher.name, toUnitId: w.units.schoolA2.id, effectiveDate: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10),
    } }, tok.s2_info);
    expect(applied.data!.initiateTransfer.status).toBe('in_progress');
    const month = new Date().toISOString().slice(0, 7);
    const res = await fetch(`${t.url}/api/campaigns/${campaignId}/monthly-report.xlsx?month=${month}`, { headers: { authorization: `Bearer ${tok.c_info}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const rows = wb.getWorksheet('月报')!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
    expect(rows[0]![0]).toBe('全国教师管理信息系统工作月报表');
    const school2 = rows.find((r) => r[1] === '2330102002')!;
    // name, code, teachers, entered this month, reviews this month, approved, completion, returned, pending, overdue, modules in use
    expect(school2.slice(1, 14)).toEqual(['2330102002', 1, 1, 0, 0, 0, 1, 0, 0, '是', '否', '否', '否']);
    // Business modules in use: 调动, 交流轮岗, 培训学分, 定期注册.
    expect(rows.find((r) => r[0] === '单位名称')!.slice(14, 18)).toEqual(['调动模块是否使用', '交流轮岗模块是否使用', '培训学分模块是否使用', '定期注册模块是否使用']);
    expect(school2.slice(14, 18)).toEqual(['是', '否', '否', '否']);
    expect(rows.find((r) => r[1] === '2330102001')!.slice(14, 18)).toEqual(['是', '否', '否', '否']);
    const school1 = rows.find((r) => r[1] === '2330102001')!;
    expect(school1.slice(2, 6)).toEqual([1, 1, 2, 1]);
    const denied = await fetch(`${t.url}/api/campaigns/${campaignId}/monthly-report.xlsx?unitId=${w.units.countyA.id}`, { headers: { authorization: `Bearer ${tok.c2_query}` } });
    expect(denied.status).toBe(404);
  });
});
