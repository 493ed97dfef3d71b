import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { generateChineseIdCard, type Role } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';

/**
 * Saved report queries (issue 7): saved by one analyst, run by another in scope with the
 * runner's own rules, invisible outside the saving unit's subtree, exported through the audited export.
 */
const SAVE = `mutation($i: SaveQueryInput!) { saveQuery(input: $i) { id name visibility mine ownerUsername } }`;
const LIST = `{ savedQueries { totalCount nodes { id name mine } } }`;
const RUN = `query($id: ID!, $v: JSON) { runSavedQuery(id: $id, variables: $v) { savedQuery { name mine } data errors { code path } } }`;
const EXPORT = `mutation($id: ID!, $p: String!, $v: JSON) { exportSavedQuery(id: $id, purpose: $p, variables: $v) { id rowCount columns rowsPath downloadUrl } }`;
const TEACHERS_QUERY = `query($f: TeacherFilter) { teachers(filter: $f, first: 200) { totalCount nodes { teacherNo name idNumber school { name } } } }`;

const ACCOUNTS: [string, UnitKey, Role][] = [
  ['c_info', 'countyA', 'info_admin'],
  ['c_query', 'countyA', 'query_user'],
  ['s_query', 'schoolA', 'query_user'],
  ['c2_query', 'countyA2', 'query_user'],
  ['city_query', 'cityA', 'query_user'],
  ['c_train', 'countyA', 'training_admin'],
  ['a_teacher', 'schoolA', 'teacher'],
];

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();
let sharedId = '';
let privateId = '';

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: ACCOUNTS.map(([u, unit, role]) => [u, unit, role, role === 'teacher' ? { teacherOf: unit } : undefined]) });
  const em = t.app.orm.em.fork();
  for (const [k, unit] of (['schoolA', 'schoolA', 'schoolA2'] as UnitKey[]).entries()) {
    const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1990-05-05', sequence: 700 + 2 * k, gender: '1' });
    await buildTeacher(em, t.app.runtime, world.units[unit], { name: `分析教师${k}`, gender: '1', birthDate: '1990-05-05', idNumber, professionalTitle: 'k12_second', startDate: '2015-09-01' });
  }
  await em.flush();
  for (const [u] of ACCOUNTS) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

const count = async (q: string, params: unknown[] = []): Promise<number> => (await sql<{ n: number }>(t, q, params))[0]!.n;
const teachersUnder = (unit: UnitKey): Promise<number> => count('select count(*)::int as n from teacher where scope_path like ?', [`${world.units[unit].path}%`]);
const save = (who: string, input: Record<string, unknown>) => t.gql(SAVE, { i: { visibility: 'UNIT', ...input } }, tokens.get(who));

describe('saving: only valid queries, validated against the schema', () => {
  it.each([
    ['a mutation', 'mutation { logout }', {}, 'SAVED_QUERY_NOT_A_QUERY'],
    ['a subscription', 'subscription { x }', {}, 'SAVED_QUERY_NOT_A_QUERY'],
    ['a syntax error', '{ teachers(first: 1) { totalCount }', {}, 'SAVED_QUERY_INVALID'],
    ['an unknown field', '{ teachers(first: 1) { salary } }', {}, 'SAVED_QUERY_INVALID'],
    ['two operations', 'query A { me { username } } query B { me { username } }', {}, 'SAVED_QUERY_INVALID'],
    ['a saved query running saved queries', '{ savedQueries { totalCount } }', {}, 'SAVED_QUERY_FIELD_NOT_ALLOWED'],
    ['introspection', '{ __schema { types { name } } }', {}, 'SAVED_QUERY_FIELD_NOT_ALLOWED'],
    ['variables of the wrong type', 'query($n: Int!) { teachers(first: $n) { totalCount } }', { n: 'many' }, 'SAVED_QUERY_VARIABLES_INVALID'],
    ['a missing required variable', 'query($n: Int!) { teachers(first: $n) { totalCount } }', {}, 'SAVED_QUERY_VARIABLES_INVALID'],
    ['too deep', `{ ${'me { unit { parent { parent { parent { parent { parent { parent { parent { parent { parent { parent { name } } } } } } } } } } } }'} }`, {}, 'SAVED_QUERY_INVALID'],
  ])('%s is refused', async (_n, query, variables, code) => {
    const before = await count('select count(*)::int as n from saved_query');
    const r = await save('c_info', { name: `坏查询${_n}`, query, variables });
    expect(errorCode(r)).toBe(code);
    expect(await count('select count(*)::int as n from saved_query')).toBe(before);
  });

  it.each([['a teacher', 'a_teacher'], ['a training admin', 'c_train']])('%s may not save queries', async (_n, who) => {
    expect(errorCode(await save(who, { name: '教师查询', query: '{ me { username } }' }))).toBe('FORBIDDEN');
  });

  it('the county information admin saves a shared and a private query; the name is unique per owner', async () => {
    const shared = dataOf(await save('c_info', { name: '在岗教师名单', description: '按学校列出', query: TEACHERS_QUERY, variables: { f: { employmentStatus: 'active' } } })).saveQuery;
    expect(shared).toMatchObject({ name: '在岗教师名单', visibility: 'UNIT', mine: true, ownerUsername: 'c_info' });
    sharedId = shared.id;
    privateId = dataOf(await save('c_info', { name: '个人草稿', query: '{ teachers(first: 1) { totalCount } }', visibility: 'PRIVATE' })).saveQuery.id;
    expect(errorCode(await save('c_info', { name: '在岗教师名单', query: '{ me { username } }' }))).toBe('SAVED_QUERY_NAME_TAKEN');
    const audited = await count(`select count(*)::int as n from audit_entry where action = 'saved_query.create' and target_id = ?`, [sharedId]);
    expect(audited).toBe(1);
  });
});

describe('visibility: the saving unit and the units below', () => {
  it.each([
    ['the owner', 'c_info', true, true],
    ['a query user of the same county', 'c_query', true, false],
    ['a query user of a school below', 's_query', true, false],
    ['a query user of a sibling county', 'c2_query', false, false],
    ['a query user of the city above', 'city_query', false, false],
  ])('%s', async (_n, who, seesShared, seesPrivate) => {
    const ids = dataOf(await t.gql(LIST, {}, tokens.get(who))).savedQueries.nodes.map((n: { id: string }) => n.id);
    expect(ids.includes(sharedId)).toBe(seesShared);
    expect(ids.includes(privateId)).toBe(seesPrivate);
    const run = await t.gql(RUN, { id: sharedId }, tokens.get(who));
    if (seesShared) expect(run.errors).toBeUndefined();
    else expect(errorCode(run)).toBe('NOT_FOUND_OR_NO_ACCESS');
    if (!seesPrivate) expect(errorCode(await t.gql(RUN, { id: privateId }, tokens.get(who)))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });
});

describe('running: the runner\'s own scope and field rules apply', () => {
  it('the owner gets the whole county with ID numbers in full', async () => {
    const r = dataOf(await t.gql(RUN, { id: sharedId }, tokens.get('c_info'))).runSavedQuery;
    expect(r.errors).toEqual([]);
    expect(r.data.teachers.totalCount).toBe(await teachersUnder('countyA'));
    expect(r.data.teachers.nodes.every((n: { idNumber: string }) => !n.idNumber.includes('*'))).toBe(true);
  });

  it('a school query user running the same query gets only the school, ID numbers masked', async () => {
    const r = dataOf(await t.gql(RUN, { id: sharedId }, tokens.get('s_query'))).runSavedQuery;
    expect(r.savedQuery).toEqual({ name: '在岗教师名单', mine: false });
    expect(r.data.teachers.totalCount).toBe(await teachersUnder('schoolA'));
    expect(r.data.teachers.totalCount).toBeLessThan(await teachersUnder('countyA'));
    expect(r.data.teachers.nodes.every((n: { idNumber: string; school: { name: string } }) => n.idNumber.includes('*') && n.school.name === world.units.schoolA.name)).toBe(true);
  });

  it('variables given at run time override the saved ones (and are checked)', async () => {
    const r = dataOf(await t.gql(RUN, { id: sharedId, v: { f: { unitId: world.units.schoolA2.id } } }, tokens.get('c_query'))).runSavedQuery;
    expect(r.data.teachers.totalCount).toBe(await teachersUnder('schoolA2'));
    expect(errorCode(await t.gql(RUN, { id: sharedId, v: { f: { ageBand: 'ANCIENT' } } }, tokens.get('c_query')))).toBe('SAVED_QUERY_VARIABLES_INVALID');
  });

  it('a unit outside the runner\'s scope in the variables is refused as in a direct query', async () => {
    const r = dataOf(await t.gql(RUN, { id: sharedId, v: { f: { unitId: world.units.schoolA2.id } } }, tokens.get('s_query'))).runSavedQuery;
    expect(r.data).toBeNull();
    expect(r.errors[0].code).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('only the owner changes or deletes a query', async () => {
    expect(errorCode(await save('c_query', { id: sharedId, name: '改名', query: TEACHERS_QUERY }))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(`mutation($id: ID!) { deleteSavedQuery(id: $id) }`, { id: sharedId }, tokens.get('c_query')))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(dataOf(await t.gql(`mutation($id: ID!) { deleteSavedQuery(id: $id) }`, { id: privateId }, tokens.get('c_info'))).deleteSavedQuery).toBe(true);
    expect(errorCode(await t.gql(RUN, { id: privateId }, tokens.get('c_info')))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });
});

describe('export through the audited export', () => {
  it('a school query user exports the shared query: a DataExport record, an audit event, the .xlsx of their own rows', async () => {
    const before = await count(`select count(*)::int as n from data_export where kind = 'saved_query'`);
    const r = dataOf(await t.gql(EXPORT, { id: sharedId, p: '学校师资名单核对' }, tokens.get('s_query'))).exportSavedQuery;
    const expected = await teachersUnder('schoolA');
    expect(r).toMatchObject({ rowCount: expected, rowsPath: 'teachers.nodes', columns: ['teacherNo', 'name', 'idNumber', 'school.name'] });
    expect(await count(`select count(*)::int as n from data_export where kind = 'saved_query'`)).toBe(before + 1);
    const [rec] = await sql<{ exporter_username: string; purpose: string; row_count: number; filters: Record<string, unknown> }>(t, 'select exporter_username, purpose, row_count, filters from data_export where id = ?', [r.id]);
    expect(rec).toMatchObject({ exporter_username: 's_query', purpose: '学校师资名单核对', row_count: expected });
    expect(rec!.filters).toMatchObject({ savedQueryId: sharedId, name: '在岗教师名单', owner: 'c_info', rowsPath: 'teachers.nodes' });
    expect(await count(`select count(*)::int as n from audit_entry where action = 'data_export.create' and target_id = ? and actor_username = 's_query'`, [r.id])).toBe(1);
    expect(await count(`select count(*)::int as n from audit_entry where action = 'saved_query.run' and target_id = ? and actor_username = 's_query'`, [sharedId])).toBeGreaterThan(0);

    const res = await fetch(`${t.url}${r.downloadUrl}`, { headers: { authorization: `Bearer ${tokens.get('s_query')}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.getWorksheet('在岗教师名单')!;
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['teacherNo', 'name', 'idNumber', 'school.name']);
    expect(ws.rowCount).toBe(expected + 1);
    expect(String(ws.getRow(2).getCell(3).value)).toContain('*');
    // Listed for the exporter, and for the county information admin above (exports of the subtree).
    const mine = dataOf(await t.gql(`{ dataExports { nodes { id kind } } }`, {}, tokens.get('s_query'))).dataExports.nodes;
    expect(mine).toContainEqual({ id: r.id, kind: 'saved_query' });
    const above = dataOf(await t.gql(`{ dataExports(first: 200) { nodes { id } } }`, {}, tokens.get('c_info'))).dataExports.nodes;
    expect(above.map((n: { id: string }) => n.id)).toContain(r.id);
    // Only the exporter downloads the file.
    expect((await fetch(`${t.url}${r.downloadUrl}`, { headers: { authorization: `Bearer ${tokens.get('c_info')}` } })).status).toBe(404);
  });

  it.each([
    ['without a purpose', 's_query', '', 'EXPORT_PURPOSE_REQUIRED'],
    ['out of scope', 'c2_query', '核对教师名单', 'NOT_FOUND_OR_NO_ACCESS'],
  ])('%s nothing is recorded', async (_n, who, p, code) => {
    const before = await count(`select count(*)::int as n from data_export`);
    expect(errorCode(await t.gql(EXPORT, { id: sharedId, p }, tokens.get(who)))).toBe(code);
    expect(await count(`select count(*)::int as n from data_export`)).toBe(before);
  });
});
