import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { chinaDayPlus, generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';
import { Unit } from '../units/unit.entity.js';

/**
 * History stays readable (issue 13.4): the releasing school and its authorities keep reading a
 * teacher who transferred out, as they left, marked 已调出 — in the list when asked for, and in
 * exports; the receiving school of a rotation without a change of relationship reads the
 * incoming teacher (轮岗来校) for the rotation's period, and the sender sees its teacher 轮岗中.
 * Reading through a visit never allows a change.
 */
const INITIATE = `mutation($i: InitiateTransferInput!) { initiateTransfer(input: $i) { id caseId } }`;
const APPROVE = `mutation($id: ID!) { approveCase(id: $id) { status } }`;
const ROTATE = `mutation($i: InitiateRotationInput!) { initiateRotation(input: $i) { id caseId } }`;
const TEACHER = `query($id: ID!) { teacher(id: $id) { id name presence leftOn schoolId idNumber } }`;
const LIST = `query($f: TeacherFilter) { teachers(filter: $f, first: 200) { totalCount nodes { id presence } } }`;
const ARCHIVE = `query($id: ID!) { teacherArchive(teacherId: $id) { infoSet records { id data } } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id status } }`;
const STATUS = `mutation($t: ID!) { changeEmploymentStatus(teacherId: $t, status: "long_absence", effectiveDate: "${chinaDayPlus(0)}") { id } }`;
const EXPORT = `mutation($f: TeacherFilter) { exportTeachers(filter: $f, fields: ["teacherNo", "name", "presence"], purpose: "调出教师核对") { id rowCount downloadUrl } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
let seq = 0;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [
    ['h_sa', 'schoolA', 'info_admin'], ['h_sa2', 'schoolA2', 'info_admin'], ['h_sb', 'schoolB', 'info_admin'], ['h_ka', 'countyA', 'info_admin'],
    ['h_ka2', 'countyA2', 'info_admin'], ['h_qa', 'countyA', 'query_user'], ['h_qa2', 'countyA2', 'query_user'],
  ] });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

async function newTeacher(unit: UnitKey, name: string): Promise<{ id: string; name: string; idNumber: string }> {
  const em = t.app.orm.em.fork();
  const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1990-05-05', sequence: 500 + 2 * seq++, gender: '2' });
  const teacher = await buildTeacher(em, t.app.runtime, await em.findOneOrFail(Unit, { id: w.units[unit].id }), { name, gender: '2', birthDate: '1990-05-05', idNumber, startDate: '2015-09-01' });
  await em.flush();
  return { id: teacher.id, name, idNumber };
}

const read = async (user: string, q: string, v: Record<string, unknown>) => dataOf(await t.gql(q, v, tok[user]));
const listed = async (user: string, f: Record<string, unknown> | null, id: string) =>
  (await read(user, LIST, { f })).teachers.nodes.find((n: { id: string }) => n.id === id)?.presence ?? null;

describe('a teacher transferred out (schoolA → schoolB, effective today)', () => {
  let teacher: { id: string; name: string; idNumber: string };

  beforeAll(async () => {
    teacher = await newTeacher('schoolA', '调出教师');
    // An authority's entry is effective at once: one before the move by the releasing county …
    await read('h_ka', SAVE, { i: { teacherId: teacher.id, infoSet: 'skill', data: { name: '调出前的证书' } } });
    const { caseId } = (await read('h_sb', INITIATE, { i: { idType: '1', idNumber: teacher.idNumber, name: teacher.name, toUnitId: w.units.schoolB.id, effectiveDate: chinaDayPlus(0) } })).initiateTransfer;
    for (const who of ['h_ka2', 'h_sa', 'h_ka']) await read(who, APPROVE, { id: caseId });
    // … and one after it by the receiving county: the releasing side must not see that one.
    await read('h_ka2', SAVE, { i: { teacherId: teacher.id, infoSet: 'skill', data: { name: '调入后的证书' } } });
  });

  it.each([
    ['the releasing school', 'h_sa', 'TRANSFERRED_OUT'],
    ['its county', 'h_ka', 'TRANSFERRED_OUT'],
    ['its county\'s query user', 'h_qa', 'TRANSFERRED_OUT'],
    ['the receiving school', 'h_sb', 'OWN'],
    ['the receiving county', 'h_ka2', 'OWN'],
  ])('%s reads the teacher as %s', async (_n, user, presence) => {
    const seen = (await read(user, TEACHER, { id: teacher.id })).teacher;
    expect(seen).toMatchObject({ name: '调出教师', presence, leftOn: presence === 'TRANSFERRED_OUT' ? chinaDayPlus(0) : null });
  });

  it('a school that never had the teacher still gets "not found or no access"', async () => {
    expect(errorCode(await t.gql(TEACHER, { id: teacher.id }, tok.h_sa2))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('the field rules are those of the releasing side: the query user sees the masked number, the admin the full one', async () => {
    expect((await read('h_qa', TEACHER, { id: teacher.id })).teacher.idNumber).not.toBe(teacher.idNumber);
    expect((await read('h_sa', TEACHER, { id: teacher.id })).teacher.idNumber).toBe(teacher.idNumber);
  });

  it('the releasing side reads the archive as it stood when the teacher left', async () => {
    const names = async (user: string) => (await read(user, ARCHIVE, { id: teacher.id })).teacherArchive
      .flatMap((s: { records: { data: { name?: string } }[] }) => s.records.map((r) => r.data.name)).filter(Boolean);
    expect(await names('h_sa')).toContain('调出前的证书');
    expect(await names('h_sa')).not.toContain('调入后的证书');
    expect(await names('h_sb')).toEqual(expect.arrayContaining(['调出前的证书', '调入后的证书']));
  });

  it('is left out of the default list, and listed as 已调出 when the filter asks', async () => {
    expect(await listed('h_sa', null, teacher.id)).toBeNull();
    expect(await listed('h_sa', { presence: ['TRANSFERRED_OUT'] }, teacher.id)).toBe('TRANSFERRED_OUT');
    expect(await listed('h_ka', { presence: ['OWN', 'TRANSFERRED_OUT'] }, teacher.id)).toBe('TRANSFERRED_OUT');
    expect(await listed('h_sb', null, teacher.id)).toBe('OWN');
    expect(await listed('h_sa2', { presence: ['TRANSFERRED_OUT'] }, teacher.id)).toBeNull();
  });

  it('an export with the same filter holds the former teacher', async () => {
    const done = (await read('h_sa', EXPORT, { f: { presence: ['TRANSFERRED_OUT'] } })).exportTeachers;
    expect(done.rowCount).toBe(1);
    const res = await fetch(`${t.url}${done.downloadUrl}`, { headers: { authorization: `Bearer ${tok.h_sa}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const row = (n: number) => (wb.getWorksheet('教师信息')!.getRow(n).values as unknown[]).slice(1).map(String);
    expect(row(1)).toEqual(['教师个人标识码', '姓名', '与本单位关系']);
    expect(row(2).slice(1)).toEqual(['调出教师', '已调出']);
    expect((await read('h_sa2', EXPORT, { f: { presence: ['TRANSFERRED_OUT'] } })).exportTeachers.rowCount).toBe(0);
  });

  it('reading is all: the releasing school can neither enter records nor change the status', async () => {
    expect(errorCode(await t.gql(SAVE, { i: { teacherId: teacher.id, infoSet: 'skill', data: { name: '越权录入' } } }, tok.h_sa))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(STATUS, { t: teacher.id }, tok.h_sa))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });
});

describe('a rotation without a change of personnel relationship (schoolA → schoolA2)', () => {
  let current: { id: string };
  let later: { id: string };

  beforeAll(async () => {
    current = await newTeacher('schoolA', '轮岗教师');
    later = await newTeacher('schoolA', '下月轮岗教师');
    for (const [teacher, start] of [[current, chinaDayPlus(0)], [later, chinaDayPlus(30)]] as const) {
      const { caseId } = (await read('h_sa', ROTATE, { i: { teacherId: teacher.id, receivingSchoolId: w.units.schoolA2.id, startDate: start, endDate: chinaDayPlus(365), personnelChange: false } })).initiateRotation;
      expect((await read('h_ka', APPROVE, { id: caseId })).approveCase.status).toBe('approved');
    }
  });

  it('the receiving school reads the incoming teacher during the period and lists them by default', async () => {
    expect((await read('h_sa2', TEACHER, { id: current.id })).teacher).toMatchObject({ presence: 'ROTATING_IN', leftOn: null });
    expect(await listed('h_sa2', null, current.id)).toBe('ROTATING_IN');
    expect(await listed('h_sa2', { presence: ['OWN'] }, current.id)).toBeNull();
  });

  it('not before the period starts', async () => {
    expect(errorCode(await t.gql(TEACHER, { id: later.id }, tok.h_sa2))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(await listed('h_sa2', null, later.id)).toBeNull();
  });

  it('the sending school sees its teacher 轮岗中 and can filter for them', async () => {
    expect((await read('h_sa', TEACHER, { id: current.id })).teacher.presence).toBe('ROTATING_OUT');
    expect(await listed('h_sa', null, current.id)).toBe('ROTATING_OUT');
    expect(await listed('h_sa', { presence: ['ROTATING_OUT'] }, current.id)).toBe('ROTATING_OUT');
    expect(await listed('h_sa', { presence: ['ROTATING_OUT'] }, later.id)).toBeNull();
  });

  it('the host reads but does not change', async () => {
    expect(errorCode(await t.gql(STATUS, { t: current.id }, tok.h_sa2))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(SAVE, { i: { teacherId: current.id, infoSet: 'skill', data: { name: '越权录入' } } }, tok.h_sa2))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });
});
