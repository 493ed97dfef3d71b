import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard, type FieldDef } from '@tmis/shared';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { teacherColumns } from '../imports/teacher-columns.js';

/**
 * Issue 3: "a province indicator added at runtime, then filled by import, filtered and exported"
 * — one gateway, no restart between the steps.
 */
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [['p_info', 'provA', 'info_admin'], ['s_info', 'schoolA', 'info_admin'], ['c_query', 'countyA', 'query_user']] });
  for (const u of ['p_info', 's_info', 'c_query']) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

async function xlsx(res: Response): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  return wb.worksheets[0]!.getSheetValues().filter(Boolean).map((r) => (r as unknown[]).slice(1));
}

describe('a province indicator, end to end', () => {
  it('is defined, offered in the template, filled by import, filtered and exported', async () => {
    const defined = await t.gql(`mutation { defineIndicator(input: { code: "backbone_level", label: "骨干教师类型", type: "code",
      codeItems: [{ code: "city", name: "市级骨干" }, { code: "district", name: "区级骨干" }] }) { id } }`, {}, tok.p_info);
    expect(defined.errors).toBeUndefined();

    // the template has the new column at once
    const template = await fetch(`${t.url}/api/imports/teachers/template.xlsx?stage=primary_secondary`, { headers: { authorization: `Bearer ${tok.s_info}` } });
    expect(template.status).toBe(200);
    const [labels, keys] = await xlsx(template);
    expect(labels).toContain('骨干教师类型');
    expect(keys).toContain('backbone_level');

    // a file with the indicator filled: one valid value, one not in the province's code list
    const extra: FieldDef = { key: 'backbone_level', label: '骨干教师类型', labelEn: 'backbone_level', type: 'code' };
    const cols = teacherColumns([extra]);
    const row = (name: string, seq: number, level: string) => {
      const doc = generateChineseIdCard({ regionCode: '330102', birthDate: '1990-01-01', sequence: seq, gender: '2' });
      const v: Record<string, string> = { name, gender: '女', birthDate: '1990-01-01', idType: '居民身份证', idNumber: doc, staffCategory: '专任教师',
        establishmentStatus: '在编', postCategory: '专业技术岗位', startDate: '2015-09-01', backbone_level: level };
      return cols.map((c) => v[c.key] ?? null);
    };
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('教师信息');
    ws.addRow(cols.map((c) => c.label));
    ws.addRow(cols.map((c) => c.key));
    ws.addRow(row('骨干甲', 700, 'city'));
    ws.addRow(row('骨干乙', 702, 'national'));
    const up = await fetch(`${t.url}/api/imports/teachers?unitId=${w.units.schoolA.id}`, {
      method: 'POST', body: Buffer.from(await wb.xlsx.writeBuffer()), headers: { 'content-type': XLSX, authorization: `Bearer ${tok.s_info}` },
    });
    expect(up.status).toBe(202);
    const jobId = ((await up.json()) as { jobId: string }).jobId;
    let job: { status: string; counts: Record<string, number> } | undefined;
    for (let i = 0; i < 200 && !['succeeded', 'failed'].includes(job?.status ?? ''); i++) {
      await new Promise((r) => setTimeout(r, 50));
      job = (await t.gql(`query($id: ID!) { job(id: $id) { status counts } }`, { id: jobId }, tok.s_info)).data!.job;
    }
    expect(job).toMatchObject({ status: 'succeeded', counts: expect.objectContaining({ imported: 1, invalid: 1 }) });

    // filtered in the teachers list
    const list = await t.gql(`{ teachers(filter: { indicators: [{ code: "backbone_level", value: "city" }] }) { totalCount nodes { id name indicators } } }`, {}, tok.c_query);
    expect(list.data!.teachers.nodes).toEqual([expect.objectContaining({ name: '骨干甲', indicators: { backbone_level: 'city' } })]);

    // exported, as the province's own column with the code's name
    const exp = await t.gql(`mutation { exportTeachers(filter: { indicators: [{ code: "backbone_level", value: "city" }] },
      fields: ["teacherNo", "name", "indicators.backbone_level"], purpose: "骨干教师名单核对") { rowCount downloadUrl } }`, {}, tok.c_query);
    expect(exp.errors).toBeUndefined();
    expect(exp.data!.exportTeachers.rowCount).toBe(1);
    const file = await fetch(`${t.url}${exp.data!.exportTeachers.downloadUrl}`, { headers: { authorization: `Bearer ${tok.c_query}` } });
    const rows = await xlsx(file);
    const header = rows.find((r) => r.includes('骨干教师类型'))!;
    const data = rows.find((r) => r.includes('骨干甲'))!;
    expect(data[header.indexOf('骨干教师类型')]).toBe('市级骨干');
  });
});
