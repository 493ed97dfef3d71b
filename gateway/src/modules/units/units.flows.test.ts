import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

const CREATE = `mutation($i: CreateUnitInput!) { createUnit(input: $i) { id code level stage path supervisingAuthority { code } } }`;

let t: TestApp;
let world: World;
let countySys: string;
let schoolSys: string;

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: [['c_sys', 'countyA', 'system_admin'], ['s_sys', 'schoolA', 'system_admin'], ['c_query', 'countyA', 'query_user'], ['p_query', 'provA', 'query_user'], ['p_sys', 'provA', 'system_admin']] });
  countySys = await loginAs(t, 'c_sys');
  schoolSys = await loginAs(t, 's_sys');
});
afterAll(async () => t?.close());

describe('units', () => {
  it('a county creates a school under itself; stage and supervising authority follow', async () => {
    const r = await t.gql(CREATE, { i: { parentId: world.units.countyA.id, code: '2330102099', name: '甲一区第九小学', level: 'school', schoolType: '211', urbanRuralType: '111' } }, countySys);
    expect(r.errors).toBeUndefined();
    expect(r.data!.createUnit).toMatchObject({ code: '2330102099', level: 'school', stage: 'primary_secondary', supervisingAuthority: { code: '330102' } });
    expect(r.data!.createUnit.path.startsWith(world.units.countyA.path)).toBe(true);
  });

  it.each([
    ['school code of another province', { code: '2110102099', level: 'school', schoolType: '211' }, 'SCHOOL_CODE_PROVINCE'],
    ['school code of 9 digits', { code: '233010209', level: 'school', schoolType: '211' }, 'SCHOOL_CODE_FORMAT'],
    ['unknown school type', { code: '2330102098', level: 'school', schoolType: '999' }, 'SCHOOL_TYPE_INVALID'],
    ['a city under a county', { code: '330300', level: 'city' }, 'UNIT_LEVEL_INVALID'],
    ['an existing code', { code: '2330102001', level: 'school', schoolType: '211' }, 'UNIT_CODE_TAKEN'],
  ])('refuses %s', async (_n, input, code) => {
    const r = await t.gql(CREATE, { i: { parentId: world.units.countyA.id, name: '测试单位', ...input } }, countySys);
    expect(errorCode(r)).toBe(code);
  });

  it('a county code must sit under its city; the province admin maintains units anywhere below', async () => {
    const pSys = await loginAs(t, 'p_sys');
    const wrong = await t.gql(CREATE, { i: { parentId: world.units.cityA.id, code: '330203', name: '错县', level: 'county' } }, pSys);
    expect(errorCode(wrong)).toBe('UNIT_CODE_PARENT');
    const right = await t.gql(CREATE, { i: { parentId: world.units.cityA.id, code: '330109', name: '甲新区', level: 'county' } }, pSys);
    expect(right.errors).toBeUndefined();
    const query = await t.gql(CREATE, { i: { parentId: world.units.cityA.id, code: '330110', name: '甲又区', level: 'county' } }, await loginAs(t, 'p_query'));
    expect(errorCode(query)).toBe('FORBIDDEN'); // a query user may not create units at all
  });

  it('a school system admin may not create a unit beside itself or in another county', async () => {
    const sibling = await t.gql(CREATE, { i: { parentId: world.units.countyA.id, code: '2330102097', name: 'x', level: 'school', schoolType: '211' } }, schoolSys);
    expect(errorCode(sibling)).toBe('NOT_FOUND_OR_NO_ACCESS');
    const dept = await t.gql(CREATE, { i: { parentId: world.units.schoolA.id, code: '2330102001-01', name: '教务处', level: 'department' } }, schoolSys);
    expect(dept.errors).toBeUndefined();
    expect(dept.data!.createUnit.supervisingAuthority.code).toBe('330102');
  });

  it('lists one level of the tree and searches by name or code, inside the scope only', async () => {
    const q = `query($p: ID, $s: String) { units(parentId: $p, search: $s) { totalCount nodes { code name } } }`;
    const children = await t.gql(q, { p: world.units.cityA.id }, await loginAs(t, 'p_query'));
    expect(children.data!.units.nodes.map((n: { code: string }) => n.code)).toEqual(expect.arrayContaining(['330102', '330122']));
    expect(children.data!.units.nodes.every((n: { code: string }) => n.code.startsWith('3301'))).toBe(true);
    const search = await t.gql(q, { s: '第一' }, await loginAs(t, 'c_query'));
    expect(search.data!.units.nodes.map((n: { name: string }) => n.name)).toEqual(['甲一区第一小学']);
    const outside = await t.gql(q, { s: '乙一区' }, await loginAs(t, 'c_query'));
    expect(outside.data!.units.totalCount).toBe(0);
  });

  it('serves versioned code lists to forms', async () => {
    const r = await t.gql(`{ codeLists(ids: ["gender", "schoolType"]) { id version standard items { code name parent } } }`, {}, await loginAs(t, 'c_query'));
    const [gender, schoolType] = r.data!.codeLists;
    expect(gender.items.map((i: { code: string }) => i.code)).toEqual(['0', '1', '2', '5', '6', '9']);
    expect(gender.standard).toContain('2261');
    expect(schoolType.items.find((i: { code: string }) => i.code === '111')).toMatchObject({ name: '幼儿园', parent: 'kindergarten' });
    const bad = await t.gql(`{ codeLists(ids: ["nope"]) { id } }`, {}, await loginAs(t, 'c_query'));
    expect(errorCode(bad)).toBe('VALIDATION_FAILED');
  });
});
