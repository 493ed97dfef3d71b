import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';
import { Unit } from '../units/unit.entity.js';
import type { Teacher } from '../teachers/teacher.entity.js';

const INITIATE = `mutation($i: InitiateRotationInput!) { initiateRotation(input: $i) { id status personnelChange sendingSchoolName receivingSchoolName caseId } }`;
const ROTATION = `query($id: ID!) { rotation(id: $id) { id status closeReason archiveRecordId transferId approvalCase { type steps { stepKey actorId } } } }`;
const APPROVE = `mutation($id: ID!) { approveCase(id: $id) { status currentStep currentStepName } }`;
const RETURN = `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { status } }`;
const TEACHER = `query($id: ID!) { teacher(id: $id) { schoolId employments { schoolId endDate endReason startReason } } }`;
const ROTATION_SET = `query($t: ID!) { teacherArchive(teacherId: $t, sets: ["rotation"]) { infoSet records { status data } } }`;
const COUNTS = `query($y: Int!, $u: ID) { rotationCounts(year: $y, unitId: $u) { unitName sent received withPersonnelChange } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const ACCOUNTS: [string, UnitKey, 'info_admin' | 'query_user'][] = [
  ['sA', 'schoolA', 'info_admin'], ['sA2', 'schoolA2', 'info_admin'], ['sB', 'schoolB', 'info_admin'],
  ['kA', 'countyA', 'info_admin'], ['kA2', 'countyA2', 'info_admin'], ['cityA', 'cityA', 'info_admin'], ['cityA_q', 'cityA', 'query_user'],
  ['sZ', 'schoolZ', 'info_admin'],
];
const user = (k: string): string => `r_${k.toLowerCase()}`;
const accountId = (k: string): string => w.accounts.get(user(k))!.id;
let seq = 0;

const idNumbers = new Map<string, string>();

async function newTeacher(unit: UnitKey, name: string): Promise<Teacher> {
  const em = t.app.orm.em.fork();
  const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1988-03-03', sequence: 700 + 2 * seq++, gender: '2' });
  const teacher = await buildTeacher(em, t.app.runtime, await em.findOneOrFail(Unit, { id: w.units[unit].id }), { name, gender: '2', birthDate: '1988-03-03', idNumber, startDate: '2012-09-01' });
  await em.flush();
  idNumbers.set(teacher.id, idNumber);
  return teacher;
}

const initiate = (who: string, teacherId: string, to: UnitKey, over: Record<string, unknown> = {}) =>
  t.gql(INITIATE, { i: { teacherId, receivingSchoolId: w.units[to].id, startDate: '2026-09-01', endDate: '2027-08-31', personnelChange: false, ...over } }, tok[who]);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: ACCOUNTS.map(([k, u, r]) => [user(k), u, r] as [string, UnitKey, 'info_admin' | 'query_user']) });
  for (const [k] of ACCOUNTS) tok[k] = await loginAs(t, user(k), w.certDir);
});
afterAll(async () => t?.close());

describe('exchange rotation without a change of personnel relationship', () => {
  let teacher: Teacher;
  let id: string;
  let caseId: string;

  it('the sending school initiates; only its authority approves; the employment stays; the rotation set records it', async () => {
    teacher = await newTeacher('schoolA', '交流教师');
    const r = await initiate('sA', teacher.id, 'schoolB', { reason: '城乡交流' });
    expect(r.data!.initiateRotation).toMatchObject({ status: 'in_progress', personnelChange: false, sendingSchoolName: w.units.schoolA.name, receivingSchoolName: w.units.schoolB.name });
    ({ id, caseId } = r.data!.initiateRotation);
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.sB))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.kA2))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.sZ))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA)).data!.approveCase.status).toBe('approved');

    const rot = (await t.gql(ROTATION, { id }, tok.sB)).data!.rotation;
    expect(rot).toMatchObject({ status: 'approved', transferId: null, approvalCase: { type: 'rotation', steps: [{ stepKey: 'sendingAuthority', actorId: accountId('kA') }] } });
    expect(rot.archiveRecordId).toBeTruthy();
    const employments = (await t.gql(TEACHER, { id: teacher.id }, tok.sA)).data!.teacher;
    expect(employments).toMatchObject({ schoolId: w.units.schoolA.id, employments: [{ schoolId: w.units.schoolA.id, endDate: null }] });
    const set = (await t.gql(ROTATION_SET, { t: teacher.id }, tok.sA)).data!.teacherArchive;
    expect(set).toEqual([{ infoSet: 'rotation', records: [{ status: 'effective', data: { startDate: '2026-09-01', endDate: '2027-08-31', sendingSchool: w.units.schoolA.name, receivingSchool: w.units.schoolB.name, personnelChange: false } }] }]);
  });

  it('an overlapping second rotation is refused; a later one is accepted', async () => {
    expect(errorCode(await initiate('sA', teacher.id, 'schoolA2', { startDate: '2027-03-01', endDate: '2028-02-28' }))).toBe('ROTATION_OVERLAP');
    const later = await initiate('sA', teacher.id, 'schoolA2', { startDate: '2027-09-01', endDate: '2028-08-31' });
    expect(later.data!.initiateRotation.status).toBe('in_progress');
    expect((await t.gql(RETURN, { id: later.data!.initiateRotation.caseId, r: '接收学校编制已满' }, tok.kA)).data!.returnCase.status).toBe('returned');
    expect((await t.gql(ROTATION, { id: later.data!.initiateRotation.id }, tok.sA)).data!.rotation).toMatchObject({ status: 'returned', closeReason: '接收学校编制已满' });
  });
});

describe('exchange rotation with a change of personnel relationship', () => {
  it('sending school → its authority → receiving school → receiving authority, then the archive moves as in a transfer', async () => {
    const teacher = await newTeacher('schoolA2', '转关系教师');
    const r = await initiate('sA2', teacher.id, 'schoolB', { personnelChange: true, startDate: '2026-12-01', endDate: '2029-11-30' });
    const { id, caseId } = r.data!.initiateRotation;
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.sB))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA)).data!.approveCase.currentStepName).toBe('接收学校审批');
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.kA2))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect((await t.gql(APPROVE, { id: caseId }, tok.sB)).data!.approveCase.currentStepName).toBe('接收学校主管部门审批');
    // Until the last approval the sending side keeps the archive.
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sA2)).data!.teacher.schoolId).toBe(w.units.schoolA2.id);
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA2)).data!.approveCase.status).toBe('approved');

    const rot = (await t.gql(ROTATION, { id }, tok.sB)).data!.rotation;
    expect(rot.status).toBe('approved');
    expect(rot.approvalCase.steps.map((s: { stepKey: string }) => s.stepKey)).toEqual(['sendingAuthority', 'receivingSchool', 'receivingAuthority']);
    const moved = (await t.gql(TEACHER, { id: teacher.id }, tok.sB)).data!.teacher;
    expect(moved.employments).toEqual([
      { schoolId: w.units.schoolB.id, endDate: null, endReason: null, startReason: 'rotation' },
      { schoolId: w.units.schoolA2.id, endDate: '2026-11-30', endReason: 'rotated_out', startReason: null },
    ]);
    // The sending school keeps reading the teacher as they left, marked 轮岗中 (issue 13.4).
    expect((await t.gql(`query($id: ID!) { teacher(id: $id) { presence } }`, { id: teacher.id }, tok.sA2)).data!.teacher.presence).toBe('ROTATING_OUT');
    const transfer = (await t.gql(`query($id: ID!) { transfer(id: $id) { kind status toUnitName } }`, { id: rot.transferId }, tok.sB)).data!.transfer;
    expect(transfer).toEqual({ kind: 'rotation', status: 'completed', toUnitName: w.units.schoolB.name });
    expect((await t.gql(ROTATION_SET, { t: teacher.id }, tok.sB)).data!.teacherArchive[0].records[0].data.personnelChange).toBe(true);
  });
});

describe('refusals', () => {
  let teacher: Teacher;
  beforeAll(async () => { teacher = await newTeacher('schoolA', '拒绝交流教师'); });

  it.each([
    ['a school that is not the sending school', 'sB', {}, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a county (rotations start at the sending school)', 'kA', {}, 'FORBIDDEN'],
    ['a query user', 'cityA_q', {}, 'FORBIDDEN'],
    ['a kindergarten as receiving school (compulsory education only)', 'sA', { to: 'schoolC' }, 'ROTATION_NOT_APPLICABLE'],
    ['the same school', 'sA', { to: 'schoolA' }, 'TRANSFER_SAME_SCHOOL'],
    ['an end before the start', 'sA', { endDate: '2026-08-01' }, 'ROTATION_PERIOD_INVALID'],
    ['a period longer than six years', 'sA', { endDate: '2033-09-01' }, 'ROTATION_PERIOD_INVALID'],
    ['an unknown receiving school', 'sA', { receivingSchoolId: '00000000-0000-7000-8000-000000000000' }, 'NOT_FOUND_OR_NO_ACCESS'],
  ] as [string, string, Record<string, unknown>, string][])('refuses %s', async (_n, who, over, code) => {
    const { to = 'schoolB', ...rest } = over as { to?: UnitKey };
    expect(errorCode(await initiate(who, teacher.id, to, rest))).toBe(code);
    expect(await sql(t, `select count(*)::int as n from rotation where teacher_id = ?`, [teacher.id])).toEqual([{ n: 0 }]);
  });

  it('a transfer in progress blocks a rotation', async () => {
    const other = await newTeacher('schoolA', '调动中教师');
    const filed = await t.gql(`mutation($i: InitiateTransferInput!) { initiateTransfer(input: $i) { status } }`,
      { i: { idType: '1', idNumber: idNumbers.get(other.id), name: other.name, toUnitId: w.units.schoolB.id, effectiveDate: '2026-12-01' } }, tok.sB);
    expect(filed.data!.initiateTransfer.status).toBe('in_progress');
    expect(errorCode(await initiate('sA', other.id, 'schoolB'))).toBe('TRANSFER_IN_PROGRESS');
  });
});

describe('counts per year and unit', () => {
  it('a city sees rotations of 2026 per county: sent and received, with personnel changes', async () => {
    const rows = (await t.gql(COUNTS, { y: 2026 }, tok.cityA_q)).data!.rotationCounts;
    expect(rows).toEqual([
      { unitName: w.units.countyA.name, sent: 2, received: 0, withPersonnelChange: 1 },
      { unitName: w.units.countyA2.name, sent: 0, received: 2, withPersonnelChange: 1 },
    ]);
    expect((await t.gql(COUNTS, { y: 2027 }, tok.cityA_q)).data!.rotationCounts.every((r: { sent: number }) => r.sent === 0)).toBe(true);
    const school = (await t.gql(COUNTS, { y: 2026 }, tok.sB)).data!.rotationCounts;
    expect(school).toEqual([{ unitName: w.units.schoolB.name, sent: 0, received: 2, withPersonnelChange: 1 }]);
    expect(errorCode(await t.gql(COUNTS, { y: 2026, u: w.units.countyA.id }, tok.sZ))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });
});
