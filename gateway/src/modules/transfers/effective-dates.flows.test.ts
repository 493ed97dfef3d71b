import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chinaDayPlus, chinaDayStart, generateChineseIdCard } from '@tmis/shared';
import { createTestApp, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';
import { Unit } from '../units/unit.entity.js';
import type { Teacher } from '../teachers/teacher.entity.js';
import { dayBefore } from './move-archive.js';
import { EFFECTIVE_DATES_TASK } from './effective-dates.js';

/**
 * Effective dates (issue 13 point 1): an approved move with a later date waits for it; the
 * hourly effective-dates task, driven here by a simulated clock (a tick queued for a chosen
 * time), makes it on the day, once; the initiating side's authority may cancel it before.
 */
const INITIATE = `mutation($i: InitiateTransferInput!) { initiateTransfer(input: $i) { id caseId } }`;
const APPROVE = `mutation($id: ID!) { approveCase(id: $id) { status } }`;
const TRANSFER = `query($id: ID!) { transfer(id: $id) { status effectiveDate closeReason completedAt approvalCase { status steps { stepKey action comment } } } }`;
const CANCEL = `mutation($id: ID!, $r: String!) { cancelTransfer(id: $id, reason: $r) { status closeReason } }`;
const TEACHER = `query($id: ID!) { teacher(id: $id) { schoolId employments { schoolId startDate endDate endReason startReason } } }`;
const NOTES = `{ notifications { kind message } }`;
const ROTATE = `mutation($i: InitiateRotationInput!) { initiateRotation(input: $i) { id caseId } }`;
const ROTATION = `query($id: ID!) { rotation(id: $id) { status approvedAt archiveRecordId transferId closeReason } }`;
const CANCEL_ROTATION = `mutation($id: ID!, $r: String!) { cancelRotation(id: $id, reason: $r) { status closeReason } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const ACCOUNTS: [string, UnitKey, 'info_admin'][] = [
  ['sA', 'schoolA', 'info_admin'], ['sB', 'schoolB', 'info_admin'], ['kA', 'countyA', 'info_admin'], ['kA2', 'countyA2', 'info_admin'], ['cityA', 'cityA', 'info_admin'],
];
const user = (k: string): string => `e_${k.toLowerCase()}`;
let seq = 0;

async function newTeacher(unit: UnitKey, name: string): Promise<{ teacher: Teacher; idNumber: string }> {
  const em = t.app.orm.em.fork();
  const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1989-04-04', sequence: 300 + 2 * seq++, gender: '1' });
  const teacher = await buildTeacher(em, t.app.runtime, await em.findOneOrFail(Unit, { id: w.units[unit].id }), { name, gender: '1', birthDate: '1989-04-04', idNumber, startDate: '2014-09-01' });
  await em.flush();
  return { teacher, idNumber };
}

/** schoolA (countyA) → schoolB (countyA2): receiving authority kA2, releasing school sA, releasing authority kA. */
async function approvedTransfer(teacher: { id: string; name: string }, idNumber: string, effectiveDate: string): Promise<{ id: string; caseId: string }> {
  const r = await t.gql(INITIATE, { i: { idType: '1', idNumber, name: teacher.name, toUnitId: w.units.schoolB.id, effectiveDate } }, tok.sB);
  const { id, caseId } = r.data!.initiateTransfer;
  for (const who of ['kA2', 'sA']) expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok[who]))).toBeUndefined();
  expect((await t.gql(APPROVE, { id: caseId }, tok.kA)).data!.approveCase.status).toBe('approved');
  return { id, caseId };
}

/** The simulated clock: the effective-dates task runs as if its tick at `day` 00:05 Beijing time had come. */
async function clockReaches(day: string): Promise<void> {
  await t.app.jobs.runScheduled(EFFECTIVE_DATES_TASK, new Date(chinaDayStart(day).getTime() + 5 * 60_000));
  await t.app.jobs.idle();
}

const moveAudits = (teacherId: string) => sql(t, `select count(*)::int as n from audit_entry where action = 'teacher.transfer' and target_id = ?`, [teacherId]);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [...ACCOUNTS.map(([k, u, r]) => [user(k), u, r] as typeof ACCOUNTS[number]), [user('tA'), 'schoolA', 'teacher', { teacherOf: 'schoolA' }]] });
  for (const [k] of ACCOUNTS) tok[k] = await loginAs(t, user(k), w.certDir);
  tok.tA = await loginAs(t, user('tA'));
});
afterAll(async () => t?.close());

describe('a transfer approved today with an effective date next month', () => {
  const effective = chinaDayPlus(31);
  let transfer: { id: string; caseId: string };
  const teacher = () => w.teachers.schoolA!;

  it('is scheduled: the teacher stays at the releasing school, both sides see it coming', async () => {
    transfer = await approvedTransfer(teacher(), w.idNumbers.get(teacher().id)!, effective);
    const seen = (await t.gql(TRANSFER, { id: transfer.id }, tok.sB)).data!.transfer;
    expect(seen).toMatchObject({ status: 'scheduled', effectiveDate: effective, completedAt: null, approvalCase: { status: 'approved' } });
    expect((await t.gql(TEACHER, { id: teacher().id }, tok.sA)).data!.teacher).toMatchObject({ schoolId: w.units.schoolA.id, employments: [{ schoolId: w.units.schoolA.id, endDate: null }] });
    expect(errorCode(await t.gql(TEACHER, { id: teacher().id }, tok.sB))).toBe('NOT_FOUND_OR_NO_ACCESS');
    const coming = { kind: 'move_scheduled', message: `${teacher().name}的调动已批准，将于${effective}生效` };
    expect((await t.gql(NOTES, {}, tok.sA)).data!.notifications).toContainEqual(coming);
    expect((await t.gql(NOTES, {}, tok.sB)).data!.notifications).toContainEqual(coming);
    expect(await moveAudits(teacher().id)).toEqual([{ n: 0 }]);
  });

  it('is still the teacher\'s one open move: another application is refused', async () => {
    const r = await t.gql(INITIATE, { i: { idType: '1', idNumber: w.idNumbers.get(teacher().id)!, name: teacher().name, toUnitId: w.units.schoolB.id, effectiveDate: chinaDayPlus(60) } }, tok.sB);
    expect(errorCode(r)).toBe('TRANSFER_IN_PROGRESS');
  });

  it('does not move the day before the date', async () => {
    await clockReaches(dayBefore(effective));
    expect((await t.gql(TRANSFER, { id: transfer.id }, tok.sB)).data!.transfer.status).toBe('scheduled');
    expect((await t.gql(TEACHER, { id: teacher().id }, tok.sA)).data!.teacher.schoolId).toBe(w.units.schoolA.id);
  });

  it('moves on the date, as an approval that day would have, and tells both schools and the teacher', async () => {
    await clockReaches(effective);
    const done = (await t.gql(TRANSFER, { id: transfer.id }, tok.sB)).data!.transfer;
    expect(done.status).toBe('completed');
    expect(done.completedAt).toBeTruthy();
    const moved = (await t.gql(TEACHER, { id: teacher().id }, tok.sB)).data!.teacher;
    expect(moved.schoolId).toBe(w.units.schoolB.id);
    expect(moved.employments).toEqual([
      { schoolId: w.units.schoolB.id, startDate: effective, endDate: null, endReason: null, startReason: 'transfer' },
      { schoolId: w.units.schoolA.id, startDate: '2010-09-01', endDate: dayBefore(effective), endReason: 'transferred_out', startReason: null },
    ]);
    expect(errorCode(await t.gql(TEACHER, { id: teacher().id }, tok.sA))).toBe('NOT_FOUND_OR_NO_ACCESS');
    // The teacher's account follows, and the teacher is told.
    expect((await t.gql(`{ me { unitId } }`, {}, tok.tA)).data!.me.unitId).toBe(w.units.schoolB.id);
    const done1 = { kind: 'move_completed', message: `${teacher().name}的调动已于${effective}生效` };
    expect((await t.gql(NOTES, {}, tok.tA)).data!.notifications).toContainEqual(done1);
    expect((await t.gql(NOTES, {}, tok.sA)).data!.notifications).toContainEqual(done1);
    // The new employment names the final approver, the audit entry the task that ran it.
    const [emp] = await sql<{ created_by: string | null }>(t, `select created_by from employment where teacher_id = ? and end_date is null`, [teacher().id]);
    expect(emp!.created_by).toBe(w.accounts.get(user('kA'))!.id);
    expect(await sql(t, `select actor_username from audit_entry where action = 'teacher.transfer' and target_id = ?`, [teacher().id])).toEqual([{ actor_username: 'system:effective_dates' }]);
  });

  it('moves once: later ticks, and the same tick again, change nothing', async () => {
    await clockReaches(effective);
    await clockReaches(chinaDayPlus(40));
    expect(await moveAudits(teacher().id)).toEqual([{ n: 1 }]);
    expect(await sql(t, `select count(*)::int as n from employment where teacher_id = ?`, [teacher().id])).toEqual([{ n: 2 }]);
  });
});

describe('a date that has come moves at once', () => {
  it('today: the final approval moves the archive', async () => {
    const { teacher, idNumber } = await newTeacher('schoolA', '当日教师');
    const { id } = await approvedTransfer(teacher, idNumber, chinaDayPlus(0));
    expect((await t.gql(TRANSFER, { id }, tok.sB)).data!.transfer.status).toBe('completed');
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sB)).data!.teacher.schoolId).toBe(w.units.schoolB.id);
  });
});

describe('cancelling an approved transfer before its date', () => {
  it('only the receiving school\'s authority may, with a reason; the teacher stays and the day passes without a move', async () => {
    const { teacher, idNumber } = await newTeacher('schoolA', '撤销教师');
    const effective = chinaDayPlus(20);
    const { id } = await approvedTransfer(teacher, idNumber, effective);
    expect(errorCode(await t.gql(CANCEL, { id, r: '编制调整' }, tok.sB))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(CANCEL, { id, r: '编制调整' }, tok.kA))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(CANCEL, { id, r: '编制调整' }, tok.cityA))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(CANCEL, { id, r: '  ' }, tok.kA2))).toBe('WORKFLOW_REASON_REQUIRED');
    expect((await t.gql(CANCEL, { id, r: '编制调整，暂缓调入' }, tok.kA2)).data!.cancelTransfer).toEqual({ status: 'cancelled', closeReason: '编制调整，暂缓调入' });
    const seen = (await t.gql(TRANSFER, { id }, tok.sA)).data!.transfer;
    expect(seen.approvalCase.status).toBe('cancelled');
    expect(seen.approvalCase.steps.at(-1)).toEqual({ stepKey: 'receivingAuthority', action: 'cancel', comment: '编制调整，暂缓调入' });
    expect((await t.gql(NOTES, {}, tok.sA)).data!.notifications).toContainEqual({ kind: 'move_cancelled', message: `撤销教师的调动已撤销，不再生效，原因：编制调整，暂缓调入` });
    expect((await t.gql(NOTES, {}, tok.sB)).data!.notifications).toContainEqual({ kind: 'case_cancelled', message: '教师调动已被撤销，原因：编制调整，暂缓调入' });
    // Once cancelled (or moved) there is nothing left to cancel.
    expect(errorCode(await t.gql(CANCEL, { id, r: '再次撤销' }, tok.kA2))).toBe('TRANSFER_NOT_SCHEDULED');
    await clockReaches(effective);
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sA)).data!.teacher.schoolId).toBe(w.units.schoolA.id);
    expect(await moveAudits(teacher.id)).toEqual([{ n: 0 }]);
    // The teacher is free for a new application.
    const again = await t.gql(INITIATE, { i: { idType: '1', idNumber, name: teacher.name, toUnitId: w.units.schoolB.id, effectiveDate: chinaDayPlus(30) } }, tok.sB);
    expect(errorCode(again)).toBeUndefined();
  });

  it('a completed transfer cannot be cancelled', async () => {
    const { teacher, idNumber } = await newTeacher('schoolA', '已调教师');
    const { id } = await approvedTransfer(teacher, idNumber, chinaDayPlus(-3));
    expect(errorCode(await t.gql(CANCEL, { id, r: '撤销' }, tok.kA2))).toBe('TRANSFER_NOT_SCHEDULED');
  });
});

describe('a scheduled move gone stale', () => {
  it('a teacher who resigned before the date is not moved; the move is cancelled with the reason', async () => {
    const { teacher, idNumber } = await newTeacher('schoolA', '离职教师');
    const effective = chinaDayPlus(10);
    const { id } = await approvedTransfer(teacher, idNumber, effective);
    // The resignation itself is recorded in SQL: who may record it is the status-change tests' concern.
    await sql(t, `update employment set end_date = ?, end_reason = 'resigned' where teacher_id = ? and end_date is null`, [chinaDayPlus(2), teacher.id]);
    await sql(t, `update teacher set employment_status = 'resigned' where id = ?`, [teacher.id]);
    await clockReaches(effective);
    const seen = (await t.gql(TRANSFER, { id }, tok.sA)).data!.transfer;
    expect(seen).toMatchObject({ status: 'cancelled', approvalCase: { status: 'cancelled' } });
    expect(seen.closeReason).toContain('未能生效');
    expect(await moveAudits(teacher.id)).toEqual([{ n: 0 }]);
  });
});

describe('a rotation with a change of personnel relationship starting next month', () => {
  const start = chinaDayPlus(45);
  const rotate = async (name: string) => {
    const { teacher } = await newTeacher('schoolA', name);
    const r = await t.gql(ROTATE, { i: { teacherId: teacher.id, receivingSchoolId: w.units.schoolB.id, startDate: start, endDate: chinaDayPlus(45 + 364), personnelChange: true } }, tok.sA);
    const { id, caseId } = r.data!.initiateRotation;
    for (const who of ['kA', 'sB']) expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok[who]))).toBeUndefined();
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA2)).data!.approveCase.status).toBe('approved');
    return { teacher, id };
  };

  it('is scheduled, moves on its start date and then records the rotation', async () => {
    const { teacher, id } = await rotate('轮岗教师');
    const before = (await t.gql(ROTATION, { id }, tok.sA)).data!.rotation;
    expect(before).toMatchObject({ status: 'scheduled', archiveRecordId: null });
    expect(before.approvedAt).toBeTruthy();
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sA)).data!.teacher.schoolId).toBe(w.units.schoolA.id);
    await clockReaches(start);
    const after = (await t.gql(ROTATION, { id }, tok.sB)).data!.rotation;
    expect(after.status).toBe('approved');
    expect(after.archiveRecordId).toBeTruthy();
    expect((await t.gql(TRANSFER, { id: after.transferId }, tok.sB)).data!.transfer.status).toBe('completed');
    const moved = (await t.gql(TEACHER, { id: teacher.id }, tok.sB)).data!.teacher;
    expect(moved.employments[0]).toEqual({ schoolId: w.units.schoolB.id, startDate: start, endDate: null, endReason: null, startReason: 'rotation' });
    // The rotation record names the final approver (the receiving authority), not the task.
    const [rec] = await sql<{ approved_by: string | null }>(t, `select approved_by from archive_record where id = ?`, [after.archiveRecordId]);
    expect(rec!.approved_by).toBe(w.accounts.get(user('kA2'))!.id);
  });

  it('the sending school\'s authority may cancel it before its start date', async () => {
    const { teacher, id } = await rotate('撤销轮岗教师');
    expect(errorCode(await t.gql(CANCEL_ROTATION, { id, r: '派出学校缺编' }, tok.kA2))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(CANCEL_ROTATION, { id, r: '派出学校缺编' }, tok.sA))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect((await t.gql(CANCEL_ROTATION, { id, r: '派出学校缺编' }, tok.kA)).data!.cancelRotation).toEqual({ status: 'cancelled', closeReason: '派出学校缺编' });
    await clockReaches(start);
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sA)).data!.teacher.schoolId).toBe(w.units.schoolA.id);
    expect((await t.gql(ROTATION, { id }, tok.sA)).data!.rotation.archiveRecordId).toBeNull();
  });
});
