import ExcelJS from 'exceljs';
import { chinaDayPlus, updateRequiredSets } from '@tmis/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { UPDATED_NOTE } from './monthly-report.js';

const CURRENT = `{ updateCampaign { id kind year deadline opensOn countyDeadline effectiveDeadline } }`;
const FIGURES = 'unitCode teachers entered submitted approved updated returned pending overdue completion deadline';
const PROGRESS = `query($c: ID!, $u: ID) { campaignProgress(campaignId: $c, unitId: $u) {
  total { ${FIGURES} } units { ${FIGURES} } lagging { unitCode } } }`;
const TEACHERS = `query($c: ID!, $u: ID, $p: Boolean) { campaignTeachers(campaignId: $c, unitId: $u, pendingOnly: $p) {
  totalCount nodes { teacherId name requiredSets missingSets updated } } }`;
const CONFIRM = `mutation($c: ID!, $t: [ID!]!, $s: [String!]) { confirmArchiveUnchanged(campaignId: $c, teacherIds: $t, infoSets: $s) { teacherId ok code message infoSets } }`;
const COUNTY_DEADLINE = `mutation($c: ID!, $d: String) { setCountyCampaignDeadline(campaignId: $c, deadline: $d) { deadline countyDeadline effectiveDeadline } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
let campaignId: string;
const teacherA = (): string => w.teachers.schoolA!.id;
const teacherA2 = (): string => w.teachers.schoolA2!.id;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [['c_info', 'countyA', 'info_admin'], ['s_info', 'schoolA', 'info_admin'], ['s2_info', 'schoolA2', 'info_admin'],
    ['sb_info', 'schoolB', 'info_admin'], ['city_info', 'cityA', 'info_admin'], ['c2_query', 'countyA2', 'query_user'], ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }],
    ['p_info', 'provA', 'info_admin']] });
  for (const u of ['c_info', 's_info', 's2_info', 'sb_info', 'city_info', 'c2_query', 't_a', 'p_info']) tok[u] = await loginAs(t, u, w.certDir);
  // The world's records were made "now"; move them before every window so only this test's activity counts.
  await sql(t, `update archive_record set entered_at = '2025-01-02', approved_at = '2025-01-02', valid_from = '2025-01-02'`);
  campaignId = dataOf(await t.gql(CURRENT, {}, tok.c_info)).updateCampaign.id;
  const edu = { startDate: '2003-09-01', institution: '大学', educationLevel: '21' };
  // schoolA: entered → submitted → school → authority; schoolA2: entered, submitted, returned.
  const a = (await t.gql(SAVE, { i: { teacherId: teacherA(), infoSet: 'education', data: edu, submit: true } }, tok.t_a)).data!.saveArchiveRecord.id;
  await t.gql(`mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { ok } }`, { ids: [a] }, tok.s_info);
  await t.gql(`mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { ok } }`, { ids: [a] }, tok.c_info);
  const b = (await t.gql(SAVE, { i: { teacherId: teacherA2(), infoSet: 'education', data: edu, submit: true } }, tok.s2_info)).data!.saveArchiveRecord.id;
  await t.gql(`mutation($ids: [ID!]!) { returnArchiveRecords(ids: $ids, reason: "学历信息不全") { ok } }`, { ids: [b] }, tok.s2_info);
});
afterAll(async () => t?.close());

const progress = async (user: string, unit?: string, c = campaignId) => dataOf(await t.gql(PROGRESS, { c, u: unit ? w.units[unit as 'countyA'].id : null }, tok[user])).campaignProgress;
const unitCodes = (us: { unitCode: string }[]): string[] => us.map((u) => u.unitCode);

describe('update campaigns', () => {
  it('the current campaign follows the national deadlines', async () => {
    const c = dataOf(await t.gql(CURRENT, {}, tok.c_info)).updateCampaign;
    const today = new Date().toISOString().slice(0, 10);
    expect(c.opensOn <= today && today <= c.deadline).toBe(true);
    expect(c.deadline.endsWith('-03-31') || c.deadline.endsWith('-09-30')).toBe(true);
    expect(c).toMatchObject({ countyDeadline: null, effectiveDeadline: c.deadline });
  });

  it.each([
    ['another county', 'c2_query', 'countyA', 'NOT_FOUND_OR_NO_ACCESS'],
    ['a teacher', 't_a', 'schoolA', 'FORBIDDEN'],
  ] as const)('progress is refused to %s', async (_n, user, unit, code) => {
    expect(errorCode(await t.gql(PROGRESS, { c: campaignId, u: w.units[unit].id }, tok[user]))).toBe(code);
  });

  it('the province may set an earlier deadline, never a later one', async () => {
    const late = await t.gql(`mutation($c: ID!) { setCampaignDeadline(campaignId: $c, deadline: "2099-01-01") { deadline } }`, { c: campaignId }, tok.p_info);
    expect(errorCode(late)).toBe('VALIDATION_FAILED');
    expect(errorCode(await t.gql(`mutation($c: ID!) { setCampaignDeadline(campaignId: $c, deadline: "2027-03-15") { deadline } }`, { c: campaignId }, tok.c_info))).toBe('FORBIDDEN');
  });

  it.each([
    ['over', { kind: 'half_year', year: 2026 }],
    ['not yet open', { kind: 'annual', year: 2099 }],
  ])('a confirmation in a campaign that is %s is refused', async (_n, which) => {
    const c = dataOf(await t.gql(`query($k: String, $y: Int) { updateCampaign(kind: $k, year: $y) { id opensOn deadline } }`, { k: which.kind, y: which.year }, tok.s_info)).updateCampaign;
    const r = await t.gql(CONFIRM, { c: c.id, t: [teacherA()] }, tok.s_info);
    expect(errorCode(r)).toBe('CAMPAIGN_OUTSIDE_WINDOW');
    expect(r.errors![0]!.message).toBe(`当前不在本期信息更新工作的时间范围内（${c.opensOn}至${c.deadline}），不能确认信息无变化`);
    expect((await sql(t, `select count(*)::int as n from campaign_confirmation`))[0]!.n).toBe(0);
  });
});

/**
 * From here the current campaign's window runs from 30 days ago to 60 days ahead (the clock is
 * the one thing the API cannot set), so a county deadline can lie in the past.
 */
describe('a teacher is updated only when every required set is entered or confirmed unchanged', () => {
  const opensOn = chinaDayPlus(-30);
  const deadline = chinaDayPlus(60);
  beforeAll(async () => {
    await sql(t, `update update_campaign set opens_on = ?, deadline = ? where id = ?`, [opensOn, deadline, campaignId]);
  });

  it('one record entered is not enough: the county stays at 0 %', async () => {
    const p = await progress('c_info');
    expect(p.units).toEqual([
      { unitCode: '2330102001', teachers: 1, entered: 1, submitted: 1, approved: 1, updated: 0, returned: 0, pending: 0, overdue: 0, completion: 0, deadline },
      { unitCode: '2330102002', teachers: 1, entered: 1, submitted: 1, approved: 0, updated: 0, returned: 1, pending: 0, overdue: 0, completion: 0, deadline },
    ]);
    expect(p.total).toMatchObject({ unitCode: '330102', teachers: 2, entered: 2, approved: 1, updated: 0, completion: 0 });
    // The school's list: what each teacher still lacks (primary school: six sets, 学习经历 entered).
    const list = dataOf(await t.gql(TEACHERS, { c: campaignId }, tok.s_info)).campaignTeachers;
    expect(list.totalCount).toBe(1);
    expect(list.nodes[0]).toMatchObject({ teacherId: teacherA(), updated: false, requiredSets: updateRequiredSets('primary_secondary'),
      missingSets: ['basic', 'work_history', 'post_appointment', 'teaching', 'domestic_training'] });
  });

  it('confirmation answers per teacher: a teacher of another school, a set not required, a set that does not exist', async () => {
    const r = dataOf(await t.gql(CONFIRM, { c: campaignId, t: [teacherA(), teacherA2()], s: ['basic', 'work_history'] }, tok.s_info)).confirmArchiveUnchanged;
    expect(r).toEqual([
      { teacherId: teacherA(), ok: true, code: null, message: null, infoSets: ['basic', 'work_history'] },
      { teacherId: teacherA2(), ok: false, code: 'NOT_FOUND_OR_NO_ACCESS', message: '记录不存在或无权访问', infoSets: [] },
    ]);
    const notRequired = dataOf(await t.gql(CONFIRM, { c: campaignId, t: [teacherA()], s: ['achievement'] }, tok.s_info)).confirmArchiveUnchanged;
    expect(notRequired[0]).toMatchObject({ ok: false, code: 'CAMPAIGN_SET_NOT_REQUIRED', message: '该信息子集不是本学段教师信息更新的必填子集，无需确认' });
    expect(errorCode(await t.gql(CONFIRM, { c: campaignId, t: [teacherA()], s: ['no_such_set'] }, tok.s_info))).toBe('INFO_SET_UNKNOWN');
    // Confirming is the school's desk: not the county's, not the teacher's.
    expect(errorCode(await t.gql(CONFIRM, { c: campaignId, t: [teacherA()] }, tok.c_info))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(CONFIRM, { c: campaignId, t: [teacherA()] }, tok.t_a))).toBe('FORBIDDEN');
    const audit = await sql(t, `select target_id, detail from audit_entry where action = 'campaign.confirmed_unchanged'`);
    expect(audit).toEqual([{ target_id: teacherA(), detail: { campaignId, infoSets: ['basic', 'work_history'] } }]);
  });

  it('with every set but one entered or confirmed, every teacher is still not updated', async () => {
    expect(dataOf(await t.gql(CONFIRM, { c: campaignId, t: [teacherA()], s: ['post_appointment', 'teaching'] }, tok.s_info)).confirmArchiveUnchanged[0].ok).toBe(true);
    const a2 = dataOf(await t.gql(CONFIRM, { c: campaignId, t: [teacherA2()], s: ['basic', 'work_history', 'post_appointment', 'teaching'] }, tok.s2_info));
    expect(a2.confirmArchiveUnchanged[0].ok).toBe(true);
    const p = await progress('c_info');
    expect(p.total).toMatchObject({ teachers: 2, updated: 0, completion: 0 });
    const list = dataOf(await t.gql(TEACHERS, { c: campaignId }, tok.s_info)).campaignTeachers;
    expect(list.nodes[0].missingSets).toEqual(['domestic_training']);
  });

  it('the last set entered by the teacher completes the teacher, not the county', async () => {
    const training = { startDate: chinaDayPlus(-5), project: '校本研修', hours: 8 };
    dataOf(await t.gql(SAVE, { i: { teacherId: teacherA(), infoSet: 'domestic_training', data: training, submit: true } }, tok.t_a));
    const p = await progress('c_info');
    expect(p.units.map((u: { updated: number; completion: number }) => [u.updated, u.completion])).toEqual([[1, 1], [0, 0]]);
    expect(p.total).toMatchObject({ updated: 1, completion: 0.5 });
    expect(dataOf(await t.gql(TEACHERS, { c: campaignId }, tok.s_info)).campaignTeachers.totalCount).toBe(0);
    // schoolB (the other county) confirms its teacher's sets in one go: the city sees one county done.
    const b = dataOf(await t.gql(CONFIRM, { c: campaignId, t: [w.teachers.schoolB!.id] }, tok.sb_info)).confirmArchiveUnchanged;
    expect(b[0]).toMatchObject({ ok: true, infoSets: updateRequiredSets('primary_secondary') });
    const city = await progress('city_info');
    expect(city.units.map((u: { unitCode: string; completion: number }) => [u.unitCode, u.completion])).toEqual([['330102', 0.5], ['330122', 1]]);
    // A third of the window gone, half done: nobody lags yet.
    expect(city.lagging).toEqual([]);
  });

  it('a county may set an earlier deadline inside the province\'s, never a later one', async () => {
    const later = await t.gql(COUNTY_DEADLINE, { c: campaignId, d: chinaDayPlus(61) }, tok.c_info);
    expect(errorCode(later)).toBe('CAMPAIGN_DEADLINE_OUT_OF_RANGE');
    expect(later.errors![0]!.message).toBe(`县（区）截止日期须晚于本期开始日期${opensOn}，且不晚于全省截止日期${deadline}`);
    expect(errorCode(await t.gql(COUNTY_DEADLINE, { c: campaignId, d: opensOn }, tok.c_info))).toBe('CAMPAIGN_DEADLINE_OUT_OF_RANGE');
    for (const user of ['s_info', 'city_info', 'p_info', 'c2_query']) {
      expect(errorCode(await t.gql(COUNTY_DEADLINE, { c: campaignId, d: chinaDayPlus(-1) }, tok[user])), user).toBe('FORBIDDEN');
    }
    const set = dataOf(await t.gql(COUNTY_DEADLINE, { c: campaignId, d: chinaDayPlus(-1) }, tok.c_info)).setCountyCampaignDeadline;
    expect(set).toEqual({ deadline, countyDeadline: chinaDayPlus(-1), effectiveDeadline: chinaDayPlus(-1) });
    // Its schools see it; the other county and the city keep the province's.
    expect(dataOf(await t.gql(CURRENT, {}, tok.s2_info)).updateCampaign).toMatchObject({ deadline, countyDeadline: chinaDayPlus(-1), effectiveDeadline: chinaDayPlus(-1) });
    expect(dataOf(await t.gql(CURRENT, {}, tok.sb_info)).updateCampaign).toMatchObject({ countyDeadline: null, effectiveDeadline: deadline });
    expect(dataOf(await t.gql(CURRENT, {}, tok.city_info)).updateCampaign).toMatchObject({ countyDeadline: null, effectiveDeadline: deadline });
    const audit = await sql(t, `select detail from audit_entry where action = 'campaign.county_deadline'`);
    expect(audit).toEqual([{ detail: { unitId: w.units.countyA.id, deadline: chinaDayPlus(-1) } }]);
  });

  it('lagging units and overdue teachers follow the county\'s deadline', async () => {
    const city = await progress('city_info');
    expect(city.units.map((u: { unitCode: string; overdue: number; deadline: string }) => [u.unitCode, u.overdue, u.deadline]))
      .toEqual([['330102', 1, chinaDayPlus(-1)], ['330122', 0, deadline]]);
    expect(unitCodes(city.lagging)).toEqual(['330102']);
    const county = await progress('c_info');
    expect(county.units.map((u: { unitCode: string; overdue: number }) => [u.unitCode, u.overdue])).toEqual([['2330102001', 0], ['2330102002', 1]]);
    expect(unitCodes(county.lagging)).toEqual(['2330102002']);
    expect(county.total).toMatchObject({ overdue: 1, deadline: chinaDayPlus(-1) });
    // The province sees the county's overdue teacher in the city's figures.
    const province = await progress('p_info');
    expect(province.units.find((u: { unitCode: string }) => u.unitCode === '330100')).toMatchObject({ overdue: 1, deadline });
  });

  it('the county reaches 100 % only when every required set of every teacher is entered or confirmed', async () => {
    // Confirmation is still open after the county's own deadline: the province's window decides.
    const r = dataOf(await t.gql(CONFIRM, { c: campaignId, t: [teacherA2()] }, tok.s2_info)).confirmArchiveUnchanged;
    expect(r[0]).toMatchObject({ ok: true, infoSets: updateRequiredSets('primary_secondary') });
    const p = await progress('c_info');
    expect(p.total).toMatchObject({ teachers: 2, updated: 2, overdue: 0, completion: 1 });
    expect(p.lagging).toEqual([]);
    expect(unitCodes((await progress('city_info')).lagging)).toEqual([]);
    // Confirming again keeps the first confirmation.
    const before = await sql(t, `select count(*)::int as n from campaign_confirmation`);
    dataOf(await t.gql(CONFIRM, { c: campaignId, t: [teacherA2()], s: ['basic'] }, tok.s2_info));
    expect(await sql(t, `select count(*)::int as n from campaign_confirmation`)).toEqual(before);
  });

  it('confirmations of one campaign do not count in another; after its deadline the teachers not updated are overdue', async () => {
    const past = dataOf(await t.gql(`{ updateCampaign(kind: "half_year", year: 2026) { id deadline } }`, {}, tok.c_info)).updateCampaign;
    const p = await progress('c_info', undefined, past.id);
    expect(p.total).toMatchObject({ teachers: 2, approved: 0, updated: 0, overdue: 2, completion: 0 });
    expect(unitCodes(p.lagging)).toEqual(['2330102001', '2330102002']);
  });

  it('exports the monthly progress report as Excel, with the same definition', async () => {
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
    expect(rows[1]).toContain(`截止日期：${chinaDayPlus(-1)}`);
    const header = rows.find((r) => r[0] === '单位名称')!;
    expect(header.slice(5, 8)).toEqual(['本期已审核生效教师数', '本期已完成更新教师数', '完成率']);
    // schoolA2: nothing approved, yet updated — its sets were entered or confirmed unchanged.
    const school2 = rows.find((r) => r[1] === '2330102002')!;
    // code, teachers, entered this month, reviews this month, approved, updated, completion, returned, pending, overdue, modules in use
    expect(school2.slice(1, 15)).toEqual(['2330102002', 1, 1, 0, 0, 1, 1, 1, 0, 0, '是', '否', '否', '否']);
    // Business modules in use: 调动, 交流轮岗, 培训学分, 定期注册.
    expect(header.slice(15, 19)).toEqual(['调动模块是否使用', '交流轮岗模块是否使用', '培训学分模块是否使用', '定期注册模块是否使用']);
    expect(school2.slice(15, 19)).toEqual(['是', '否', '否', '否']);
    const school1 = rows.find((r) => r[1] === '2330102001')!;
    expect(school1.slice(2, 8)).toEqual([1, 1, 2, 1, 1, 1]);
    expect(school1.slice(15, 19)).toEqual(['是', '否', '否', '否']);
    expect(rows.find((r) => r[1] === '330102')!.slice(2, 11)).toEqual([2, 2, 2, 1, 2, 1, 1, 1, 0]);
    expect(rows.at(-1)![0]).toBe(UPDATED_NOTE);
    const denied = await fetch(`${t.url}/api/campaigns/${campaignId}/monthly-report.xlsx?unitId=${w.units.countyA.id}`, { headers: { authorization: `Bearer ${tok.c2_query}` } });
    expect(denied.status).toBe(404);
  });
});
