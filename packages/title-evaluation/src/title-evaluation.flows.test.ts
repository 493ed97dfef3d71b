import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
// The gateway's own test harness (real HTTP, real PostgreSQL, real accounts), by relative path.
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../../gateway/src/testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../../gateway/src/testing/world.js';
import { loginAs } from '../../../gateway/src/testing/auth-helpers.js';
import { buildEffectiveRecord, buildTeacher } from '../../../gateway/src/demo/builders.js';
import titleEvaluation from './index.js';
import { TITLE_NOMINATIONS_CAP } from './nomination.service.js';
import { TITLE_QUOTAS_CAP } from './quota.service.js';

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const teacher: Record<string, string> = {};
const YEAR = new Date().getUTCFullYear();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

const ACCOUNTS: [string, UnitKey, 'info_admin' | 'query_user'][] = [
  ['te_prov', 'provA', 'info_admin'], ['te_city', 'cityA', 'info_admin'], ['te_county', 'countyA', 'info_admin'], ['te_county2', 'countyA2', 'info_admin'],
  ['te_school', 'schoolA', 'info_admin'], ['te_school2', 'schoolA2', 'info_admin'], ['te_school_b', 'schoolB', 'info_admin'], ['te_school_c', 'schoolC', 'info_admin'],
  ['te_county_query', 'countyA', 'query_user'],
];

/** A teacher with a title appointment since `since` and the given assessments (year → result). */
async function addTeacher(key: string, unit: UnitKey, since: string, assessments: Record<number, string>, title = 'k12_first'): Promise<void> {
  const em = t.app.orm.em.fork();
  const n = Object.keys(teacher).length;
  const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1982-05-20', sequence: 500 + 2 * n, gender: '1' });
  const x = await buildTeacher(em, t.app.runtime, w.units[unit], { name: `职称${key}`, gender: '1', birthDate: '1982-05-20', idNumber, professionalTitle: title, startDate: '2008-09-01' });
  buildEffectiveRecord(em, x, 'title_appointment', { startDate: since, title, appointingUnit: w.units[unit].name });
  for (const [year, result] of Object.entries(assessments)) buildEffectiveRecord(em, x, 'assessment', { year: Number(year), result });
  await em.flush();
  teacher[key] = x.id;
}

const good = { [YEAR - 1]: 'excellent', [YEAR - 2]: 'qualified', [YEAR - 3]: 'qualified' };

const NOMINATE = `mutation($r: ID!, $t: ID!, $title: String) { nominateForTitle(roundId: $r, teacherId: $t, targetTitle: $title) { id status targetTitle currentTitle caseId conditions { key met } approvalCase { id version currentStepName } } }`;
const QUOTA_PAGE = `query($r: ID!, $p: ID, $f: Int!, $o: Int!, $s: String, $d: Boolean) { titleQuotaPage(roundId: $r, parentUnitId: $p, first: $f, offset: $o, sort: $s, desc: $d) { totalCount nodes { unitCode quota headcount } } }`;
const QUOTAS = `query($r: ID!, $p: ID) { titleQuotas(roundId: $r, parentUnitId: $p) { unitCode unitName quota used allocatedDown available headcount exactQuota floor remainder remainderRank fromRemainder } }`;

let roundId: string;

beforeAll(async () => {
  t = await createTestApp({}, { modules: [titleEvaluation] });
  w = await buildWorld(t.app, { accounts: ACCOUNTS });
  // schoolA: 5 active (world teacher + 4), schoolA2: 2, schoolB: 4 — the headcounts the quotas follow.
  await addTeacher('e1', 'schoolA', '2015-09-01', good);
  await addTeacher('e2', 'schoolA', '2016-09-01', good);
  await addTeacher('e3', 'schoolA', '2014-09-01', { ...good, [YEAR - 3]: 'excellent' });
  await addTeacher('young', 'schoolA', `${YEAR - 2}-09-01`, { ...good, [YEAR - 2]: 'basically_qualified' });
  await addTeacher('a2', 'schoolA2', '2012-09-01', good);
  for (const k of ['b1', 'b2', 'b3']) await addTeacher(k, 'schoolB', '2013-09-01', good);
  for (const [u] of ACCOUNTS) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('职称评聘 through GraphQL with real accounts', () => {
  it('the province opens a round; the quotas follow the headcount by largest remainder and sum to the total', async () => {
    expect(errorCode(await t.gql(`mutation($i: OpenTitleRoundInput!) { openTitleRound(input: $i) { id } }`,
      { i: { year: YEAR, titles: ['k12_senior'], nominationStart: day(-1), nominationEnd: day(30), totalQuota: 12 } }, tok.te_city))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(`mutation($i: OpenTitleRoundInput!) { openTitleRound(input: $i) { id } }`,
      { i: { year: YEAR, titles: ['k12_first_class'], nominationStart: day(-1), nominationEnd: day(30), totalQuota: 12 } }, tok.te_prov))).toBe('TITLE_ROUND_INVALID');

    const r = dataOf(await t.gql(`mutation($i: OpenTitleRoundInput!) { openTitleRound(input: $i) { id year status titles totalQuota minYearsInTitle assessmentYears } }`,
      { i: { year: YEAR, titles: ['k12_senior', 'k12_first'], nominationStart: day(-1), nominationEnd: day(30), totalQuota: 12 } }, tok.te_prov)).openTitleRound;
    expect(r).toMatchObject({ year: YEAR, status: 'open', totalQuota: 12, minYearsInTitle: 5, assessmentYears: 3 });
    roundId = r.id;
    expect(errorCode(await t.gql(`mutation($i: OpenTitleRoundInput!) { openTitleRound(input: $i) { id } }`,
      { i: { year: YEAR, titles: ['k12_senior'], nominationStart: day(-1), nominationEnd: day(30), totalQuota: 3 } }, tok.te_prov))).toBe('TITLE_ROUND_DUPLICATE');

    const alloc = dataOf(await t.gql(`query($r: ID!, $u: ID!) { titleQuotaAllocation(roundId: $r, unitId: $u) { own { quota } totalHeadcount leftover method rows { unitName headcount exactQuota floor remainder remainderRank fromRemainder quota } } }`,
      { r: roundId, u: w.units.provA.id }, tok.te_prov)).titleQuotaAllocation;
    // Active headcounts: 甲一市 5+2+4=11, 甲二市 1, 甲省大学 3 (with its departments), 甲省实验中学 1 → 16.
    expect(alloc.totalHeadcount).toBe(16);
    expect(alloc.rows.reduce((s: number, x: { quota: number }) => s + x.quota, 0)).toBe(12);
    expect(alloc.method).toContain('最大余额法');
    const byName = Object.fromEntries(alloc.rows.map((x: { unitName: string }) => [x.unitName, x]));
    expect(byName['甲一市教育局']).toMatchObject({ headcount: 11, exactQuota: 8.25, floor: 8, remainder: 0.25, fromRemainder: 0, quota: 8 });
    expect(byName['甲省大学']).toMatchObject({ headcount: 3, exactQuota: 2.25, floor: 2, quota: 2 });
    // 0.75 each: the two seats left over go to the two largest remainders (tie → unit code).
    expect(byName['甲二市教育局']).toMatchObject({ headcount: 1, exactQuota: 0.75, floor: 0, remainderRank: 1, fromRemainder: 1, quota: 1 });
    expect(byName['甲省实验中学']).toMatchObject({ headcount: 1, remainderRank: 2, fromRemainder: 1, quota: 1 });
    expect(alloc.leftover).toBe(2);
  });

  it('the city and the county pass their quota down the same way (not more than they have)', async () => {
    expect(errorCode(await t.gql(`mutation($r: ID!, $u: ID!) { allocateTitleQuota(roundId: $r, unitId: $u, total: 9) { quota } }`, { r: roundId, u: w.units.cityA.id }, tok.te_city))).toBe('TITLE_QUOTA_TOO_LARGE');
    // A county cannot split its city's quota, nor see another county's.
    expect(errorCode(await t.gql(`mutation($r: ID!, $u: ID!) { allocateTitleQuota(roundId: $r, unitId: $u, total: 2) { quota } }`, { r: roundId, u: w.units.cityA.id }, tok.te_county))).toBe('NOT_FOUND_OR_NO_ACCESS');
    const city = dataOf(await t.gql(`mutation($r: ID!, $u: ID!) { allocateTitleQuota(roundId: $r, unitId: $u, total: 4) { quota allocatedDown available } }`, { r: roundId, u: w.units.cityA.id }, tok.te_city)).allocateTitleQuota;
    expect(city).toEqual({ quota: 8, allocatedDown: 4, available: 4 });
    const counties = dataOf(await t.gql(QUOTAS, { r: roundId, p: w.units.cityA.id }, tok.te_city)).titleQuotas;
    // 甲一区 7 people, 甲二县 4: 2.545… and 1.454… → 2+1, the seat left goes to the larger remainder.
    expect(counties.map((q: { unitCode: string; quota: number }) => [q.unitCode, q.quota]).sort()).toEqual([['330100', 8], ['330102', 3], ['330122', 1]]);
    expect(errorCode(await t.gql(`mutation($r: ID!, $u: ID!) { allocateTitleQuota(roundId: $r, unitId: $u, total: 1) { quota } }`, { r: roundId, u: w.units.countyA.id }, tok.te_county2))).toBe('NOT_FOUND_OR_NO_ACCESS');
    dataOf(await t.gql(`mutation($r: ID!, $u: ID!) { allocateTitleQuota(roundId: $r, unitId: $u, total: 3) { quota } }`, { r: roundId, u: w.units.countyA.id }, tok.te_county));
    const schools = dataOf(await t.gql(QUOTAS, { r: roundId, p: w.units.countyA.id }, tok.te_county)).titleQuotas;
    expect(schools.map((q: { unitCode: string; quota: number; headcount: number }) => [q.unitCode, q.headcount, q.quota]).sort())
      .toEqual([['2330102001', 5, 2], ['2330102002', 2, 1], ['330102', 7, 3]]);
    // The school sees its own row only.
    const mine = dataOf(await t.gql(QUOTAS, { r: roundId }, tok.te_school)).titleQuotas;
    expect(mine.map((q: { unitName: string }) => q.unitName)).toEqual(['甲一区第一小学']);
  });

  it('titleQuotaPage pages the quota rows in scope with the total, sorted on the server; a unit sees only its subtree', async () => {
    type Row = { unitCode: string; quota: number; headcount: number };
    const page = (who: string, v: Record<string, unknown>) => t.gql(QUOTA_PAGE, { r: roundId, p: null, f: 20, o: 0, s: null, d: null, ...v }, tok[who]);
    // The city's subtree: its own row, its two counties, the two schools 甲一区 passed its quota to.
    const inCity = (await sql<{ unit_code: string }>(t, `select unit_code from title_evaluation_quota where round_id = ? and unit_path like ? order by unit_path`, [roundId, `${w.units.cityA.path}%`])).map((r) => r.unit_code);
    expect(inCity).toHaveLength(5);
    const seen: string[] = [];
    for (let o = 0; o < 5; o += 2) {
      const p = dataOf(await page('te_city', { f: 2, o })).titleQuotaPage;
      expect(p.totalCount).toBe(5);
      seen.push(...p.nodes.map((q: Row) => q.unitCode));
    }
    // Each row once, in the unit tree's order (the default).
    expect(seen).toEqual(inCity);
    // A unit's split: the rows it gave the units directly below it, without its own row.
    const split = dataOf(await page('te_county', { p: w.units.countyA.id, s: 'headcount', d: true })).titleQuotaPage;
    expect(split.totalCount).toBe(2);
    expect(split.nodes.map((q: Row) => [q.unitCode, q.headcount, q.quota])).toEqual([['2330102001', 5, 2], ['2330102002', 2, 1]]);
    expect(dataOf(await page('te_county', { p: w.units.countyA.id, s: 'unitCode', d: true, f: 1, o: 1 })).titleQuotaPage.nodes.map((q: Row) => q.unitCode)).toEqual(['2330102001']);
    const alloc = dataOf(await t.gql(`query($r: ID!, $u: ID!) { titleQuotaAllocation(roundId: $r, unitId: $u) { rowCount totalHeadcount } }`, { r: roundId, u: w.units.countyA.id }, tok.te_county)).titleQuotaAllocation;
    expect(alloc).toEqual({ rowCount: 2, totalHeadcount: 7 });
    // Scope: the county sees its subtree (its row and its schools), the other county only its own row, a school its own.
    expect(dataOf(await page('te_county', {})).titleQuotaPage.totalCount).toBe(3);
    expect(dataOf(await page('te_county_query', {})).titleQuotaPage.totalCount).toBe(3);
    expect(dataOf(await page('te_county2', {})).titleQuotaPage.nodes.map((q: Row) => q.unitCode)).toEqual(['330122']);
    expect(dataOf(await page('te_school', {})).titleQuotaPage.nodes.map((q: Row) => q.unitCode)).toEqual(['2330102001']);
    expect(errorCode(await page('te_county2', { p: w.units.countyA.id }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await page('te_city', { s: 'unitPath; drop table x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await page('te_city', { f: 201 }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await page('te_city', { o: -1 }))).toBe('VALIDATION_FAILED');
  });

  it('the old lists are deprecated and refuse more rows than their cap (LIST_TOO_LARGE) instead of cutting them', async () => {
    const fields = dataOf(await t.gql(`{ __type(name: "Query") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`, {}, tok.te_city)).__type.fields as { name: string; isDeprecated: boolean; deprecationReason: string | null }[];
    const field = (n: string) => fields.find((f) => f.name === n);
    expect(field('titleQuotas')).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('titleQuotaPage') });
    expect(field('titleNominations')).toMatchObject({ isDeprecated: true, deprecationReason: expect.stringContaining('titleNominationPage') });
    expect(field('titleQuotaPage')?.isDeprecated).toBe(false);
    expect(TITLE_QUOTAS_CAP.cap).toBe(2000);
    expect(TITLE_NOMINATIONS_CAP.cap).toBe(500);
    // The caps lowered for the test (2,000 quota rows need 2,000 units): 5 rows in the city's view, 1 in the school's.
    TITLE_QUOTAS_CAP.cap = 4;
    try {
      const over = await t.gql(QUOTAS, { r: roundId }, tok.te_city);
      expect(errorCode(over)).toBe('LIST_TOO_LARGE');
      expect(over.errors![0]!.message).toBe('结果超过该列表的上限，请改用分页查询或缩小查询范围');
      expect(over.errors![0]!.extensions!.details).toEqual({ max: 4, paged: 'titleQuotaPage' });
      TITLE_QUOTAS_CAP.cap = 5;
      expect(dataOf(await t.gql(QUOTAS, { r: roundId }, tok.te_city)).titleQuotas).toHaveLength(5);
      expect(dataOf(await t.gql(QUOTAS, { r: roundId }, tok.te_school)).titleQuotas).toHaveLength(1);
    } finally {
      TITLE_QUOTAS_CAP.cap = 2000;
    }
  });

  it('eligibility is computed from the archive, condition by condition, with reasons', async () => {
    const ok = dataOf(await t.gql(`query($r: ID!, $t: ID!) { titleEligibility(roundId: $r, teacherId: $t) { eligible currentTitle targetTitle conditions { key met reason } } }`,
      { r: roundId, t: teacher.e1 }, tok.te_school)).titleEligibility;
    expect(ok).toMatchObject({ eligible: true, currentTitle: 'k12_first', targetTitle: 'k12_senior' });
    expect(ok.conditions.map((c: { key: string }) => c.key)).toEqual(['employment', 'current_title', 'years_in_title', 'assessments']);
    const no = dataOf(await t.gql(`query($r: ID!, $t: ID!) { titleEligibility(roundId: $r, teacherId: $t) { eligible conditions { key met reason } } }`,
      { r: roundId, t: teacher.young }, tok.te_school)).titleEligibility;
    expect(no.eligible).toBe(false);
    const byKey = Object.fromEntries(no.conditions.map((c: { key: string }) => [c.key, c]));
    expect(byKey.current_title.met).toBe(true);
    expect(byKey.years_in_title).toMatchObject({ met: false });
    expect(byKey.years_in_title.reason).toContain(`自${YEAR - 2}-09-01起任现职`);
    expect(byKey.assessments).toMatchObject({ met: false });
    expect(byKey.assessments.reason).toContain('基本合格');
    // Applying for a title two steps up is not allowed.
    const jump = dataOf(await t.gql(`query($r: ID!, $t: ID!) { titleEligibility(roundId: $r, teacherId: $t, targetTitle: "k12_senior_full") { eligible conditions { key met reason } } }`,
      { r: roundId, t: teacher.e1 }, tok.te_school)).titleEligibility;
    expect(jump.conditions.find((c: { key: string }) => c.key === 'current_title')).toMatchObject({ met: false });
    // The world's own teacher has a title but no appointment record.
    const bare = dataOf(await t.gql(`query($r: ID!, $t: ID!) { titleEligibility(roundId: $r, teacherId: $t) { eligible conditions { key met reason } } }`,
      { r: roundId, t: w.teachers.schoolA!.id }, tok.te_school)).titleEligibility;
    expect(bare.conditions.find((c: { key: string }) => c.key === 'years_in_title').reason).toContain('没有现任职称的聘任记录');
    // Query users may not read the assessments behind it.
    expect(errorCode(await t.gql(`query($r: ID!, $t: ID!) { titleEligibility(roundId: $r, teacherId: $t) { eligible } }`, { r: roundId, t: teacher.e1 }, tok.te_county_query))).toBe('FORBIDDEN');
  });

  it('a school nominates eligible teachers within its quota; ineligible ones and one too many are refused with stable codes', async () => {
    const refused = await t.gql(NOMINATE, { r: roundId, t: teacher.young }, tok.te_school);
    expect(errorCode(refused)).toBe('TITLE_NOT_ELIGIBLE');
    expect((refused.errors![0]!.extensions!.details as { conditions: { key: string }[] }).conditions.map((c) => c.key)).toEqual(['years_in_title', 'assessments']);
    expect(refused.errors![0]!.message).toBe('该教师不符合申报条件');

    const n1 = dataOf(await t.gql(NOMINATE, { r: roundId, t: teacher.e1 }, tok.te_school)).nominateForTitle;
    expect(n1).toMatchObject({ status: 'in_review', currentTitle: 'k12_first', targetTitle: 'k12_senior', approvalCase: { currentStepName: '主管部门审核' } });
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.e1 }, tok.te_school))).toBe('TITLE_ALREADY_NOMINATED');
    dataOf(await t.gql(NOMINATE, { r: roundId, t: teacher.e2 }, tok.te_school));
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.e3 }, tok.te_school))).toBe('TITLE_QUOTA_EXCEEDED');
    const mine = dataOf(await t.gql(QUOTAS, { r: roundId }, tok.te_school)).titleQuotas;
    expect(mine[0]).toMatchObject({ quota: 2, used: 2, available: 0 });
    // Once its quota is drawn on, the county can no longer split it again.
    expect(errorCode(await t.gql(`mutation($r: ID!, $u: ID!) { allocateTitleQuota(roundId: $r, unitId: $u, total: 3) { quota } }`, { r: roundId, u: w.units.countyA.id }, tok.te_county))).toBe('TITLE_QUOTA_IN_USE');
  });

  it('simultaneous nominations cannot exceed a quota (甲二县: 1 place, 3 schools requests at once)', async () => {
    const results = await Promise.all(['b1', 'b2', 'b3'].map((k) => t.gql(NOMINATE, { r: roundId, t: teacher[k] }, tok.te_school_b)));
    expect(results.filter((r) => !r.errors).length).toBe(1);
    expect(results.filter((r) => r.errors).map(errorCode)).toEqual(['TITLE_QUOTA_EXCEEDED', 'TITLE_QUOTA_EXCEEDED']);
    const [row] = await sql<{ used: number; quota: number }>(t, `select used, quota from title_evaluation_quota where round_id = ? and unit_id = ?`, [roundId, w.units.countyA2.id]);
    expect(row).toEqual({ used: 1, quota: 1 });
    // 甲二县 kept its quota: its school draws on the county's, and is told so.
    const mine = `query($r: ID!) { titleQuotaForMe(roundId: $r) { unitName quota used available } }`;
    expect(dataOf(await t.gql(mine, { r: roundId }, tok.te_school_b)).titleQuotaForMe).toEqual({ unitName: '甲二县教育局', quota: 1, used: 1, available: 0 });
    expect(dataOf(await t.gql(mine, { r: roundId }, tok.te_school)).titleQuotaForMe).toMatchObject({ unitName: '甲一区第一小学', quota: 2 });
  });

  it('out-of-scope users are refused and see nothing of other units', async () => {
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.a2 }, tok.te_school_c))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.e3 }, tok.te_school2))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.e3 }, tok.te_county_query))).toBe('FORBIDDEN');
    // Authorities review; they do not nominate.
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.e3 }, tok.te_county))).toBe('FORBIDDEN');
    const list = (u: string) => t.gql(`query($r: ID!) { titleNominations(roundId: $r) { teacherName schoolName } }`, { r: roundId }, tok[u]).then((r) => dataOf(r).titleNominations as { schoolName: string }[]);
    expect((await list('te_school_c')).length).toBe(0);
    expect((await list('te_county2')).map((n) => n.schoolName)).toEqual(['甲二县第一中学']);
    expect((await list('te_county_query')).map((n) => n.schoolName)).toEqual(['甲一区第一小学', '甲一区第一小学']);
    expect((await list('te_prov')).length).toBe(3);
    const packed = JSON.stringify(dataOf(await t.gql(`{ myAbilities }`, {}, tok.te_school)).myAbilities);
    expect(packed).toContain('TitleNomination');
  });

  it('the approval chain runs county → city → province; the final approval writes the title into the archive', async () => {
    const [n] = dataOf(await t.gql(`query($r: ID!, $s: String) { titleNominations(roundId: $r, status: $s) { id teacherId caseId } }`, { r: roundId, s: 'in_review' }, tok.te_school)).titleNominations
      .filter((x: { teacherId: string }) => x.teacherId === teacher.e1);
    const approve = (u: string) => t.gql(`mutation($id: ID!) { approveCase(id: $id) { status currentStepName } }`, { id: n.caseId }, tok[u]);
    // Out of turn: the city and the province wait for the county.
    expect(errorCode(await approve('te_city'))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await approve('te_prov'))).toBe('WORKFLOW_NOT_YOUR_STEP');
    // The inbox of the county shows it.
    const inbox = dataOf(await t.gql(`{ approvalInbox { counts { type name count } } }`, {}, tok.te_county)).approvalInbox;
    expect(inbox.counts).toContainEqual({ type: 'title_evaluation', name: '职称评审推荐', count: 2 });
    expect(dataOf(await approve('te_county')).approveCase).toEqual({ status: 'in_progress', currentStepName: '市级审核' });
    expect(dataOf(await approve('te_city')).approveCase).toEqual({ status: 'in_progress', currentStepName: '省级评审' });
    const before = dataOf(await t.gql(`query($id: ID!) { teacher(id: $id) { professionalTitle } }`, { id: teacher.e1 }, tok.te_school)).teacher;
    expect(before.professionalTitle).toBe('k12_first');
    expect(dataOf(await approve('te_prov')).approveCase).toEqual({ status: 'approved', currentStepName: null });

    const after = dataOf(await t.gql(`query($id: ID!) { teacher(id: $id) { professionalTitle } teacherArchive(teacherId: $id, sets: ["title_appointment"]) { infoSet records { data status origin approvedBy enteredBy } } }`,
      { id: teacher.e1 }, tok.te_school));
    expect(after.teacher.professionalTitle).toBe('k12_senior');
    const records = after.teacherArchive.find((s: { infoSet: string }) => s.infoSet === 'title_appointment').records;
    const appointed = records.find((r: { data: { title: string } }) => r.data.title === 'k12_senior');
    expect(appointed).toMatchObject({ status: 'effective', origin: 'system', data: { title: 'k12_senior', appointingUnit: '甲一区第一小学' } });
    expect(appointed.approvedBy).toBe(w.accounts.get('te_prov')!.id);
    expect(appointed.enteredBy).toBe(w.accounts.get('te_school')!.id);
    // The previous appointment is ended the day before: one current title in the history.
    const previous = records.find((r: { data: { title: string } }) => r.data.title === 'k12_first');
    const dayBefore = new Date(Date.parse(`${appointed.data.startDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(previous).toMatchObject({ status: 'effective', data: { title: 'k12_first', endDate: dayBefore } });
    expect(records.filter((r: { data: { endDate?: string } }) => !r.data.endDate)).toHaveLength(1);
    const done = dataOf(await t.gql(`query($r: ID!) { titleNominations(roundId: $r, status: "approved") { teacherId status archiveRecordId approvalCase { steps { stepKey action } } } }`, { r: roundId }, tok.te_school)).titleNominations;
    expect(done).toHaveLength(1);
    expect(done[0].approvalCase.steps.map((s: { stepKey: string }) => s.stepKey)).toEqual(['authority', 'city', 'province']);
    // The approval is in the audit chain with the appointment.
    const audit = await sql<{ action: string }>(t, `select action from audit_entry where action like 'title_evaluation.%' order by seq`);
    expect(audit.map((a) => a.action)).toContain('title_evaluation.appoint');
  });

  it('a return (with reason) ends the nomination and frees the place; a withdrawal too', async () => {
    const [n] = dataOf(await t.gql(`query($r: ID!) { titleNominations(roundId: $r, status: "in_review") { id teacherId caseId } }`, { r: roundId }, tok.te_school)).titleNominations;
    expect(n.teacherId).toBe(teacher.e2);
    expect(errorCode(await t.gql(`mutation($id: ID!) { returnCase(id: $id, reason: " ") { status } }`, { id: n.caseId }, tok.te_county))).toBe('WORKFLOW_REASON_REQUIRED');
    dataOf(await t.gql(`mutation($id: ID!) { returnCase(id: $id, reason: "近三年考核材料不全") { status } }`, { id: n.caseId }, tok.te_county));
    const returned = dataOf(await t.gql(`query($r: ID!) { titleNominations(roundId: $r, status: "returned") { teacherId closeReason } }`, { r: roundId }, tok.te_school)).titleNominations;
    // Paged (issue 16.2): one at a time, each page with the round's total in scope.
    const whole = dataOf(await t.gql(`query($r: ID!) { titleNominations(roundId: $r) { id } }`, { r: roundId }, tok.te_school)).titleNominations.map((n: { id: string }) => n.id);
    const paged: string[] = [];
    for (let o = 0; o <= whole.length; o++) {
      const page = dataOf(await t.gql(`query($r: ID!, $o: Int!) { titleNominationPage(roundId: $r, first: 1, offset: $o) { totalCount nodes { id } } }`, { r: roundId, o }, tok.te_school)).titleNominationPage;
      expect(page.totalCount).toBe(whole.length);
      paged.push(...page.nodes.map((n: { id: string }) => n.id));
    }
    expect(paged).toEqual(whole);
    // The old list answers the whole list up to its cap (500; lowered here) and refuses more, never a cut.
    TITLE_NOMINATIONS_CAP.cap = whole.length - 1;
    try {
      const over = await t.gql(`query($r: ID!) { titleNominations(roundId: $r) { id } }`, { r: roundId }, tok.te_school);
      expect(errorCode(over)).toBe('LIST_TOO_LARGE');
      expect(over.errors![0]!.extensions!.details).toEqual({ max: whole.length - 1, paged: 'titleNominationPage' });
      TITLE_NOMINATIONS_CAP.cap = whole.length;
      expect(dataOf(await t.gql(`query($r: ID!) { titleNominations(roundId: $r) { id } }`, { r: roundId }, tok.te_school)).titleNominations).toHaveLength(whole.length);
    } finally {
      TITLE_NOMINATIONS_CAP.cap = 500;
    }
    expect(returned).toEqual([{ teacherId: teacher.e2, closeReason: '近三年考核材料不全' }]);
    expect(dataOf(await t.gql(QUOTAS, { r: roundId }, tok.te_school)).titleQuotas[0]).toMatchObject({ used: 1, available: 1 });

    // The freed place goes to another teacher, who is then withdrawn by the school.
    const n3 = dataOf(await t.gql(NOMINATE, { r: roundId, t: teacher.e3 }, tok.te_school)).nominateForTitle;
    expect(errorCode(await t.gql(`mutation($id: ID!) { withdrawTitleNomination(id: $id) { status } }`, { id: n3.id }, tok.te_school_c))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(dataOf(await t.gql(`mutation($id: ID!) { withdrawTitleNomination(id: $id) { status } }`, { id: n3.id }, tok.te_school)).withdrawTitleNomination.status).toBe('withdrawn');
    expect(errorCode(await t.gql(`mutation($id: ID!) { withdrawTitleNomination(id: $id) { status } }`, { id: n3.id }, tok.te_school))).toBe('TITLE_NOMINATION_NOT_PENDING');
    expect(dataOf(await t.gql(QUOTAS, { r: roundId }, tok.te_school)).titleQuotas[0]).toMatchObject({ used: 1, available: 1 });
  });

  it('after the round is closed no nomination is accepted', async () => {
    expect(errorCode(await t.gql(`mutation($id: ID!) { closeTitleRound(id: $id) { status } }`, { id: roundId }, tok.te_city))).toBe('FORBIDDEN');
    expect(dataOf(await t.gql(`mutation($id: ID!) { closeTitleRound(id: $id) { status } }`, { id: roundId }, tok.te_prov)).closeTitleRound.status).toBe('closed');
    expect(errorCode(await t.gql(NOMINATE, { r: roundId, t: teacher.e2 }, tok.te_school))).toBe('TITLE_ROUND_NOT_OPEN');
  });
});
