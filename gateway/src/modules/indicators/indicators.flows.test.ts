import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

const DEFINE = `mutation($i: IndicatorInput!) { defineIndicator(input: $i) { id code type status version codeItems { code name } } }`;
const UPDATE = `mutation($id: ID!, $i: IndicatorUpdateInput!) { updateIndicator(id: $id, input: $i) { status version } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id status } }`;
const APPROVE = `mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { ok code status } }`;
const LIST = `query($f: TeacherFilter) { teachers(filter: $f, first: 100) { totalCount nodes { id indicators } } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
let backboneId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [
    ['p_info', 'provA', 'info_admin'], ['c_info', 'countyA', 'info_admin'], ['s_info', 'schoolA', 'info_admin'], ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }],
    ['c_query', 'countyA', 'query_user'],
  ] });
  for (const u of ['p_info', 'c_info', 's_info', 't_a', 'c_query']) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('province indicators, defined at run time', () => {
  it('the province information admin adds indicators without any restart', async () => {
    const backbone = await t.gql(DEFINE, { i: { code: 'backbone_level', label: '骨干教师类型', type: 'code', codeItems: [{ code: 'city', name: '市级骨干' }, { code: 'district', name: '区级骨干' }] } }, tok.p_info);
    expect(backbone.errors).toBeUndefined();
    backboneId = backbone.data!.defineIndicator.id;
    const ce = await t.gql(DEFINE, { i: { code: 'ce_number', label: '继续教育编号', type: 'text', teacherEditable: true } }, tok.p_info);
    expect(ce.data!.defineIndicator.status).toBe('active');
    const kg = await t.gql(DEFINE, { i: { code: 'kg_cert', label: '保育员证书', type: 'boolean', schoolTypes: ['111'] } }, tok.p_info);
    expect(kg.errors).toBeUndefined();
    const list = await t.gql(`{ indicators { code } }`, {}, tok.c_query);
    expect(list.data!.indicators.map((i: { code: string }) => i.code)).toEqual(['backbone_level', 'ce_number', 'kg_cert']);
  });

  it.each([
    ['a county admin', 'c_info', { code: 'x_county', label: '县级指标', type: 'text' }, 'FORBIDDEN'],
    ['a core indicator name', 'p_info', { code: 'ethnicity', label: '民族', type: 'text' }, 'INDICATOR_CORE'],
    ['an existing code', 'p_info', { code: 'ce_number', label: '重复', type: 'text' }, 'INDICATOR_CODE_TAKEN'],
    ['a code list without items', 'p_info', { code: 'empty_list', label: '空代码表', type: 'code' }, 'VALIDATION_FAILED'],
    ['a bad school type', 'p_info', { code: 'bad_type', label: '错误', type: 'text', schoolTypes: ['999'] }, 'SCHOOL_TYPE_INVALID'],
    ['a malformed code', 'p_info', { code: 'Bad-Code', label: '错误', type: 'text' }, 'VALIDATION_FAILED'],
  ])('refuses %s', async (_n, user, input, code) => {
    expect(errorCode(await t.gql(DEFINE, { i: input }, tok[user]))).toBe(code);
  });

  it('values go through the review chain and become filterable', async () => {
    const teacherId = w.teachers.schoolA!.id;
    // the teacher may fill the teacher-editable indicator only
    const locked = await t.gql(SAVE, { i: { teacherId, infoSet: 'indicators', data: { backbone_level: 'city' } } }, tok.t_a);
    expect(errorCode(locked)).toBe('INFO_SET_SCHOOL_ONLY');
    const own = await t.gql(SAVE, { i: { teacherId, infoSet: 'indicators', data: { ce_number: 'JX2026-0001' }, submit: true } }, tok.t_a);
    expect(own.data!.saveArchiveRecord.status).toBe('submitted');
    const id = own.data!.saveArchiveRecord.id;
    await t.gql(APPROVE, { ids: [id] }, tok.s_info);
    expect((await t.gql(APPROVE, { ids: [id] }, tok.c_info)).data!.approveArchiveRecords[0].status).toBe('effective');
    // the school sets the school-only one through a change request of that record
    const change = await t.gql(`mutation($id: ID!, $d: JSON) { requestArchiveChange(recordId: $id, reason: "补录骨干教师类型", data: $d) { id } }`,
      { id, d: { ce_number: 'JX2026-0001', backbone_level: 'city' } }, tok.s_info);
    await t.gql(APPROVE, { ids: [change.data!.requestArchiveChange.id] }, tok.c_info);
    const filtered = await t.gql(LIST, { f: { indicators: [{ code: 'backbone_level', value: 'city' }] } }, tok.c_query);
    expect(filtered.data!.teachers.nodes).toEqual([{ id: teacherId, indicators: { ce_number: 'JX2026-0001', backbone_level: 'city' } }]);
    const none = await t.gql(LIST, { f: { indicators: [{ code: 'backbone_level', value: 'district' }] } }, tok.c_query);
    expect(none.data!.teachers.totalCount).toBe(0);
  });

  it.each([
    ['an unknown code value', { backbone_level: 'national' }, 'CODE_INVALID'],
    ['an indicator of kindergartens only', { kg_cert: true }, 'FIELD_UNKNOWN'],
  ])('validates values: %s', async (_n, data, code) => {
    const r = await t.gql(SAVE, { i: { teacherId: w.teachers.schoolA2!.id, infoSet: 'indicators', data } }, tok.c_info);
    expect(errorCode(r)).toBe('RECORD_INVALID');
    expect(r.errors![0]!.extensions!.details!.errors[0].code).toBe(code);
  });

  it('retiring keeps given values but hides the indicator from forms; code items can be added, not removed', async () => {
    const removed = await t.gql(UPDATE, { id: backboneId, i: { version: 1, codeItems: [{ code: 'city', name: '市级骨干' }] } }, tok.p_info);
    expect(errorCode(removed)).toBe('VALIDATION_FAILED');
    const added = await t.gql(UPDATE, { id: backboneId, i: { version: 1, codeItems: [{ code: 'city', name: '市级骨干' }, { code: 'district', name: '区级骨干' }, { code: 'school', name: '校级骨干' }] } }, tok.p_info);
    expect(added.data!.updateIndicator.version).toBe(2);
    expect(errorCode(await t.gql(UPDATE, { id: backboneId, i: { version: 1, status: 'retired' } }, tok.p_info))).toBe('CONFLICT');
    const retired = await t.gql(UPDATE, { id: backboneId, i: { version: 2, status: 'retired' } }, tok.p_info);
    expect(retired.data!.updateIndicator.status).toBe('retired');
    expect((await t.gql(`{ indicators { code } }`, {}, tok.c_query)).data!.indicators.map((i: { code: string }) => i.code)).not.toContain('backbone_level');
    const still = await t.gql(LIST, { f: { indicators: [{ code: 'backbone_level', value: 'city' }] } }, tok.c_query);
    expect(still.data!.teachers.totalCount).toBe(1);
  });
});
