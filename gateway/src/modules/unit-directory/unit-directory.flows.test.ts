import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { APPLY, directoryWorkbook, download, dryRun, IMPORT, PLAN, settled, uploadDirectory, type SchoolLine } from './testing.js';

/**
 * Issue 12, point 2: the province loads its unit directory (单位名录) from the statistics school
 * list through real HTTP and GraphQL — dry run first (counts, per-row list, error report), then
 * the apply; re-import updates and closes, never deletes; only the province's admins may run it.
 */
let t: TestApp;
let world: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, {
    accounts: [['p_sys', 'provA', 'system_admin'], ['p_info', 'provA', 'info_admin'], ['c_info', 'cityA', 'info_admin'], ['b_sys', 'provB', 'system_admin']],
  });
  for (const u of ['p_sys', 'p_info', 'c_info', 'b_sys']) tok[u] = await loginAs(t, u, world.certDir);
});
afterAll(async () => t?.close());

const unit = async (code: string) => (await sql<{ name: string; status: string; closed_on: string | null; parent: string | null; level: string; school_type: string | null; stage: string | null; address: string | null }>(t, `
  select u.name, u.status, u.closed_on::text, p.code as parent, u.level, u.school_type, u.stage, u.address from unit u left join unit p on p.id = u.parent_id where u.code = ?`, [code]))[0];
const unitCount = async (): Promise<number> => (await sql<{ n: number }>(t, 'select count(*)::int as n from unit'))[0]!.n;

/** The world's own schools as the statistics list has them, plus the new ones. */
const listed: SchoolLine[] = [
  { schoolCode: '2330102001', name: '甲一区第一小学', schoolType: '211', divisionCode: '330102', sponsorType: '教育行政部门', urbanRuralType: '111', address: '甲一区学院路1号' },
  { schoolCode: '2330102002', name: '甲一区实验小学', schoolType: '小学', divisionCode: '330102001', urbanRuralType: '112' },
  { schoolCode: '3330122001', name: '甲二县第一中学', schoolType: '342', divisionCode: '330122' },
  { schoolCode: '4330000001', name: '甲省大学', schoolType: '411', divisionCode: '330102', authority: '省级' },
  { schoolCode: '3330000001', name: '甲省实验中学', schoolType: '342', divisionCode: '330102', authority: '330000' },
  // A new county of a known city, named by the row; a new city and county from the 行政区划 sheet; a city-run school.
  { schoolCode: '2330105001', name: '甲五区第一小学', schoolType: '211', divisionCode: '330105', divisionName: '甲五区' },
  { schoolCode: '3330302001', name: '甲三市第一中学', schoolType: '342', divisionCode: '330302' },
  { schoolCode: '3330300001', name: '甲三市直属中学', schoolType: '342', divisionCode: '330302', authority: '市级' },
];
const divisions = [{ code: '330300', name: '甲三市' }, { code: '330302', name: '甲三区', authorityName: '甲三区教育体育局' }];

describe('the template and who may use the import', () => {
  it('the province admins download the template; a city admin and another province do not get it', async () => {
    const ok = await download(t, '/api/unit-directory/template.xlsx', tok.p_info);
    expect(ok.status).toBe(200);
    expect(ok.wb!.worksheets.map((w) => w.name)).toEqual(['学校名录', '行政区划', '代码表', '填写说明']);
    expect((ok.wb!.getWorksheet('学校名录')!.getRow(1).values as unknown[]).slice(1)).toEqual(
      ['学校标识码', '学校名称', '学校类型代码', '所在地区划代码', '举办者类型', '城乡类型', '地址', '主管教育行政部门', '区划名称']);
    expect((await download(t, '/api/unit-directory/template.xlsx', tok.c_info)).json.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await download(t, '/api/unit-directory/template.xlsx')).status).toBe(401);
  });

  it('a city information admin may not upload; nothing is kept', async () => {
    const up = await uploadDirectory(t, tok.c_info, await directoryWorkbook(listed, divisions));
    expect(up.status).toBe(403);
    expect((await sql<{ n: number }>(t, 'select count(*)::int as n from unit_directory_import'))[0]!.n).toBe(0);
  });
});

describe('dry run, apply, re-import', () => {
  let first: any;

  it('a file with bad rows: exact counts, per-row reasons, an error report, and no apply', async () => {
    const before = await unitCount();
    const bad: SchoolLine[] = [...listed,
      { schoolCode: '233010200', name: '短码小学', schoolType: '211', divisionCode: '330102' },
      { schoolCode: '2330102009', name: '无类型小学', schoolType: '999', divisionCode: '330102' },
      { schoolCode: '2330102001', name: '重复小学', schoolType: '211', divisionCode: '330102' },
      { schoolCode: '2330102008', name: '外省区划小学', schoolType: '211', divisionCode: '110108' },
      { schoolCode: '2330102007', name: '错主管小学', schoolType: '211', divisionCode: '330102', authority: '330122' },
      { schoolCode: '2330106001', name: '无名区小学', schoolType: '211', divisionCode: '330106' },
    ];
    const imp = await dryRun(t, tok.p_sys, await directoryWorkbook(bad, divisions));
    expect(imp.status).toBe('ready');
    expect(imp.summary).toMatchObject({ rows: 14, invalid: 6 });
    const invalid = dataOf(await t.gql(PLAN, { id: imp.id, a: 'invalid' }, tok.p_sys)).unitDirectoryPlan;
    expect(invalid.nodes.map((r: any) => [r.rowNumber, r.issues.map((i: any) => i.column).join()])).toEqual([
      [10, '学校标识码'], [11, '学校类型代码'], [12, '学校标识码'], [13, '所在地区划代码'], [14, '主管教育行政部门'], [15, '所在地区划代码'],
    ]);
    expect(invalid.nodes[2].issues[0].reason).toBe('同一文件中学校标识码重复（与第2行重复）');
    const report = await download(t, `/api/unit-directory/${imp.id}/errors.xlsx`, tok.p_info);
    const ws = report.wb!.getWorksheet('错误报告')!;
    expect(ws.rowCount).toBe(7);
    expect((ws.getRow(7).values as unknown[]).slice(-3)).toEqual([15, '所在地区划代码', expect.stringContaining('区划名称')]);
    expect(errorCode(await t.gql(APPLY, { id: imp.id }, tok.p_sys))).toBe('UNIT_DIRECTORY_HAS_ERRORS');
    expect(await unitCount()).toBe(before);
  });

  it('the corrected file: the dry run shows creates, updates, unchanged and closes, and changes nothing', async () => {
    const before = await unitCount();
    first = await dryRun(t, tok.p_sys, await directoryWorkbook(listed, divisions));
    expect(first.summary).toEqual({ rows: 8, create: 3, update: 2, unchanged: 3, close: 1, invalid: 0, divisionsCreate: 3, divisionsUpdate: 0 });
    expect(first.dryRunJob).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ create: 3, close: 1 }) });
    const rows = dataOf(await t.gql(PLAN, { id: first.id, first: 100 }, tok.p_info)).unitDirectoryPlan.nodes;
    const by = (code: string) => rows.find((r: any) => r.code === code);
    expect(by('330300')).toMatchObject({ kind: 'city', action: 'create', name: '甲三市教育局', parentCode: '330000' });
    expect(by('330302')).toMatchObject({ kind: 'county', action: 'create', name: '甲三区教育体育局', parentCode: '330300' });
    expect(by('330105')).toMatchObject({ kind: 'county', action: 'create', name: '甲五区教育局', parentCode: '330100', rowNumber: null });
    expect(by('3330300001')).toMatchObject({ action: 'create', parentCode: '330300' });
    expect(by('2330102002').changes).toEqual([{ field: 'name', from: '甲一区第二小学', to: '甲一区实验小学' }, { field: 'urbanRuralType', from: null, to: '112' }]);
    expect(by('1330202001')).toMatchObject({ action: 'close', activeTeachers: 1, rowNumber: null });
    expect(by('4330000001')).toMatchObject({ action: 'unchanged', parentCode: '330000' });
    const search = dataOf(await t.gql(PLAN, { id: first.id, s: '甲三市' }, tok.p_sys)).unitDirectoryPlan;
    expect(search.nodes.map((r: any) => r.code).sort()).toEqual(['330300', '3330300001', '3330302001']);
    expect(await unitCount()).toBe(before);
  });

  it('another province cannot see the import; a city admin may not use the import at all', async () => {
    expect(errorCode(await t.gql(IMPORT, { id: first.id }, tok.b_sys))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(APPLY, { id: first.id }, tok.b_sys))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(PLAN, { id: first.id }, tok.c_info))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(APPLY, { id: first.id }, tok.c_info))).toBe('FORBIDDEN');
  });

  it('the apply writes the plan in one job: new units under their parents, updates, the close; audited; once only', async () => {
    const before = await unitCount();
    const started = dataOf(await t.gql(APPLY, { id: first.id }, tok.p_info)).applyUnitDirectory;
    expect(started.status).toBe('applying');
    const done = await settled(t, tok.p_sys, first.id, 'applyJob');
    expect(done).toMatchObject({ status: 'applied', applyJob: { status: 'succeeded', processed: 9 } });
    expect(await unitCount()).toBe(before + 6);
    expect(await unit('330302')).toMatchObject({ name: '甲三区教育体育局', parent: '330300', level: 'county' });
    expect(await unit('3330300001')).toMatchObject({ parent: '330300', level: 'school', school_type: '342', stage: 'primary_secondary' });
    expect(await unit('2330102002')).toMatchObject({ name: '甲一区实验小学', status: 'active' });
    expect(await unit('2330102001')).toMatchObject({ address: '甲一区学院路1号' });
    const closed = await unit('1330202001');
    expect(closed).toMatchObject({ status: 'closed', parent: '330202' });
    expect(closed!.closed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The closed school's teacher stays readable.
    const teacher = await t.gql(`query($id: ID!) { teacher(id: $id) { name school { code status closedOn } } }`, { id: world.teachers.schoolC!.id }, tok.p_info);
    expect(dataOf(teacher).teacher).toMatchObject({ name: '教师schoolC', school: { code: '1330202001', status: 'closed' } });
    const audit = await sql<{ actor_username: string; detail: any }>(t, `select actor_username, detail from audit_entry where action = 'unit_directory.apply' and outcome = 'success'`);
    expect(audit).toEqual([{ actor_username: 'p_info', detail: expect.objectContaining({ counts: expect.objectContaining({ create: 3, close: 1, divisionsCreated: 3 }) }) }]);
    expect(errorCode(await t.gql(APPLY, { id: first.id }, tok.p_sys))).toBe('UNIT_DIRECTORY_NOT_READY');
  });

  it('the same file again changes nothing; listing the closed school again reopens it', async () => {
    const again = await dryRun(t, tok.p_sys, await directoryWorkbook(listed, divisions));
    expect(again.summary).toMatchObject({ create: 0, update: 0, unchanged: 8, close: 0, invalid: 0, divisionsCreate: 0 });
    const back = await dryRun(t, tok.p_sys, await directoryWorkbook([...listed, { schoolCode: '1330202001', name: '甲三区幼儿园', schoolType: '111', divisionCode: '330202' }]));
    const row = dataOf(await t.gql(PLAN, { id: back.id, a: 'update' }, tok.p_sys)).unitDirectoryPlan.nodes[0];
    expect(row).toMatchObject({ code: '1330202001', changes: [{ field: 'status', from: 'closed', to: 'active' }] });
    dataOf(await t.gql(APPLY, { id: back.id }, tok.p_sys));
    await settled(t, tok.p_sys, back.id, 'applyJob');
    expect(await unit('1330202001')).toMatchObject({ status: 'active', closed_on: null });
  });

  it('a dry run overtaken by another change is refused at apply (stale), and the units stay as they were', async () => {
    const imp = await dryRun(t, tok.p_sys, await directoryWorkbook(listed.slice(0, 5)));
    expect(imp.summary).toMatchObject({ close: 4 });
    await sql(t, `update unit set name = '甲二县第一中学（改）' where code = '3330122001'`);
    dataOf(await t.gql(APPLY, { id: imp.id }, tok.p_sys));
    const done = await settled(t, tok.p_sys, imp.id, 'applyJob');
    expect(done).toMatchObject({ status: 'ready', applyJob: { status: 'failed', errorCode: 'UNIT_DIRECTORY_STALE' } });
    expect(await unit('3330302001')).toMatchObject({ status: 'active' });
  });

  it('a file that is not the school list is refused as a whole', async () => {
    const up = await uploadDirectory(t, tok.p_sys, Buffer.from('not a workbook at all'));
    expect(up.body.errors[0].extensions.code).toBe('IMPORT_FILE_INVALID');
    const wrongSheet = await dryRun(t, tok.p_sys, await directoryWorkbook(listed, [{ code: '110100', name: '外省市' }]));
    expect(wrongSheet).toMatchObject({ status: 'check_failed', dryRunJob: { status: 'failed', errorCode: 'UNIT_DIRECTORY_DIVISIONS_INVALID' } });
    const noCodes = await dryRun(t, tok.p_sys, await directoryWorkbook(listed, [], { columns: ['name', 'schoolType', 'divisionCode', 'address'] }));
    expect(noCodes.dryRunJob).toMatchObject({ status: 'failed', errorCode: 'IMPORT_HEADER_INVALID', error: expect.stringContaining('学校标识码') });
  });
});
