import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildEffectiveRecord, buildTeacher } from '../../demo/builders.js';
import type { Teacher } from '../teachers/teacher.entity.js';
import { Unit } from '../units/unit.entity.js';

const INITIATE = `mutation($i: InitiateTransferInput!) { initiateTransfer(input: $i) { id status kind teacherId teacherName fromSchoolName toUnitName caseId } }`;
const TRANSFER = `query($id: ID!) { transfer(id: $id) { id status closeReason completedAt approvalCase { status currentStep currentStepName version steps { stepKey action actorId actorName actorUnitName comment } } } }`;
const APPROVE = `mutation($id: ID!, $v: Int) { approveCase(id: $id, version: $v) { status currentStep currentStepName version } }`;
const RETURN = `mutation($id: ID!, $r: String!) { returnCase(id: $id, reason: $r) { status } }`;
const WITHDRAW = `mutation($id: ID!) { withdrawCase(id: $id) { status } }`;
const INBOX = `{ approvalInbox { items { daysPending approvalCase { id type currentStepName } } counts { type count } } }`;
const TEACHER = `query($id: ID!) { teacher(id: $id) { id unitId schoolId employments { schoolId startDate endDate endReason startReason } } }`;
const ARCHIVE = `query($t: ID!) { teacherArchive(teacherId: $t) { infoSet } }`;
const PRESENCE = `query($id: ID!) { teacher(id: $id) { presence leftOn } }`;
const NOTES = `{ notifications { kind message caseId } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const ACCOUNTS: [string, UnitKey, 'info_admin' | 'query_user' | 'teacher'][] = [
  ['sA', 'schoolA', 'info_admin'], ['sA2', 'schoolA2', 'info_admin'], ['sB', 'schoolB', 'info_admin'], ['sC', 'schoolC', 'info_admin'],
  ['kA', 'countyA', 'info_admin'], ['kA2', 'countyA2', 'info_admin'], ['kA3', 'countyA3', 'info_admin'], ['cityA', 'cityA', 'info_admin'],
  ['kA_query', 'countyA', 'query_user'], ['sZ', 'schoolZ', 'info_admin'], ['kB', 'countyB', 'info_admin'],
];
let seq = 0;
/** Usernames are lower case and at least 4 characters. */
const user = (k: string): string => `x_${k.toLowerCase()}`;
const accountId = (k: string): string => w.accounts.get(user(k))!.id;

/** A fresh teacher of `unit` (with restricted-set records), and the document number the receiving school types in. */
async function newTeacher(unit: UnitKey, name: string): Promise<{ teacher: Teacher; idNumber: string }> {
  const em = t.app.orm.em.fork();
  const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1990-05-20', sequence: 500 + 2 * seq++, gender: '1' });
  const school = await em.findOneOrFail(Unit, { id: w.units[unit].id });
  const teacher = await buildTeacher(em, t.app.runtime, school, { name, gender: '1', birthDate: '1990-05-20', idNumber, startDate: '2015-09-01' });
  buildEffectiveRecord(em, teacher, 'assessment', { year: 2025, result: 'excellent' });
  await em.flush();
  return { teacher, idNumber };
}

const initiate = (who: string, idNumber: string, name: string, to: UnitKey, extra: Record<string, unknown> = {}) =>
  t.gql(INITIATE, { i: { idType: '1', idNumber, name, toUnitId: w.units[to].id, effectiveDate: '2026-12-01', ...extra } }, tok[who]);

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [...ACCOUNTS.map(([k, u, r]) => [user(k), u, r] as typeof ACCOUNTS[number]), [user('tA'), 'schoolA', 'teacher', { teacherOf: 'schoolA' }]] });
  for (const [k] of ACCOUNTS) tok[k] = await loginAs(t, user(k), w.certDir);
  tok.tA = await loginAs(t, user('tA'));
});
afterAll(async () => t?.close());

describe('onboarding (入职)', () => {
  it('registers a new teacher and opens the archive; the same person elsewhere is refused and pointed to the transfer flow', async () => {
    const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1995-01-02', sequence: 900, gender: '2' });
    const input = { unitId: w.units.schoolA2.id, name: '新教师', gender: '2', birthDate: '1995-01-02', idType: '1', idNumber, startDate: '2026-09-01' };
    const r = await t.gql(`mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id teacherNo employmentStatus } }`, { i: input }, tok.sA2);
    expect(r.data!.registerTeacher.employmentStatus).toBe('active');
    const archive = await t.gql(ARCHIVE, { t: r.data!.registerTeacher.id }, tok.sA2);
    expect(archive.data!.teacherArchive.map((x: { infoSet: string }) => x.infoSet)).toContain('basic');

    const again = await t.gql(`mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id } }`, { i: { ...input, unitId: w.units.schoolB.id } }, tok.sB);
    expect(errorCode(again)).toBe('TEACHER_DUPLICATE_ACTIVE');
    expect(again.errors![0]!.extensions!.details).toEqual({ flow: 'transfer', mutation: 'initiateTransfer' });
    // …and the pointed-to flow accepts the same person.
    const tr = await initiate('sB', idNumber, '新教师', 'schoolB');
    expect(tr.data!.initiateTransfer).toMatchObject({ status: 'in_progress', teacherName: '新教师', fromSchoolName: w.units.schoolA2.name });
    await t.gql(WITHDRAW, { id: tr.data!.initiateTransfer.caseId }, tok.sB);
  });
});

describe('transfer (调动) across two counties of one city', () => {
  let transferId: string;
  let caseId: string;
  const teacher = () => w.teachers.schoolA!;

  it('the receiving school initiates; the case waits for its own authority', async () => {
    const r = await initiate('sB', w.idNumbers.get(teacher().id)!, teacher().name, 'schoolB', { reason: '夫妻团聚' });
    expect(r.data!.initiateTransfer).toMatchObject({ status: 'in_progress', kind: 'transfer', fromSchoolName: w.units.schoolA.name, toUnitName: w.units.schoolB.name });
    ({ id: transferId, caseId } = r.data!.initiateTransfer);
    const inbox = await t.gql(INBOX, {}, tok.kA2);
    expect(inbox.data!.approvalInbox.items.map((i: { approvalCase: { id: string } }) => i.approvalCase.id)).toContain(caseId);
    expect(inbox.data!.approvalInbox.counts).toContainEqual({ type: 'transfer', count: 1 });
    const notes = await t.gql(NOTES, {}, tok.kA2);
    expect(notes.data!.notifications).toContainEqual({ kind: 'step_waiting', message: '待办：教师调动（调入学校主管部门审批）', caseId });
  });

  it.each([
    ['the releasing school, before its turn', 'sA', 'WORKFLOW_NOT_YOUR_STEP'],
    ['the releasing authority, before its turn', 'kA', 'WORKFLOW_NOT_YOUR_STEP'],
    ['the initiating school itself', 'sB', 'WORKFLOW_NOT_YOUR_STEP'],
    ['a query user of a party county', 'kA_query', 'WORKFLOW_NOT_YOUR_STEP'],
    ['the city above (sees it, does not act)', 'cityA', 'WORKFLOW_NOT_YOUR_STEP'],
    ['another province', 'kB', 'NOT_FOUND_OR_NO_ACCESS'],
    ['an unrelated school', 'sC', 'NOT_FOUND_OR_NO_ACCESS'],
  ])('refuses %s', async (_n, who, code) => {
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok[who]))).toBe(code);
  });

  it('is approved by the receiving authority, the releasing school and the releasing authority, in this order', async () => {
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA2)).data!.approveCase).toMatchObject({ status: 'in_progress', currentStep: 1, currentStepName: '调出学校审批' });
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.kA))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect((await t.gql(APPROVE, { id: caseId }, tok.sA)).data!.approveCase).toMatchObject({ status: 'in_progress', currentStep: 2, currentStepName: '调出学校主管部门审批' });
    // Until the last approval the archive stays where it is.
    expect(errorCode(await t.gql(TEACHER, { id: teacher().id }, tok.sB))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA)).data!.approveCase.status).toBe('approved');

    const done = (await t.gql(TRANSFER, { id: transferId }, tok.sB)).data!.transfer;
    expect(done.status).toBe('completed');
    expect(done.approvalCase.steps.map((s: { stepKey: string; actorId: string }) => [s.stepKey, s.actorId])).toEqual([
      ['receivingAuthority', accountId('kA2')], ['releasingSchool', accountId('sA')], ['releasingAuthority', accountId('kA')],
    ]);
    // The case file names each official and unit, as the paper form carries signatures.
    expect(done.approvalCase.steps.map((s: { actorName: string; actorUnitName: string }) => [s.actorName, s.actorUnitName])).toEqual([
      [w.accounts.get(user('kA2'))!.realName, w.units.countyA2.name], [w.accounts.get(user('sA'))!.realName, w.units.schoolA.name], [w.accounts.get(user('kA'))!.realName, w.units.countyA.name],
    ]);
  });

  it('the archive moved with its whole history; the old school reads it only as 已调出; the teacher\'s account follows', async () => {
    const moved = (await t.gql(TEACHER, { id: teacher().id }, tok.sB)).data!.teacher;
    expect(moved).toMatchObject({ unitId: w.units.schoolB.id, schoolId: w.units.schoolB.id });
    // Newest first: the open employment at the new school, then the ended one.
    expect(moved.employments).toEqual([
      { schoolId: w.units.schoolB.id, startDate: '2026-12-01', endDate: null, endReason: null, startReason: 'transfer' },
      { schoolId: w.units.schoolA.id, startDate: '2010-09-01', endDate: '2026-11-30', endReason: 'transferred_out', startReason: null },
    ]);
    const sets = (await t.gql(ARCHIVE, { t: teacher().id }, tok.sB)).data!.teacherArchive.map((x: { infoSet: string }) => x.infoSet).sort();
    expect(sets).toEqual(['assessment', 'basic', 'compensation', 'ethics']);
    // The old school keeps reading the teacher as they left (issue 13.4; teacher-history.flows.test.ts).
    expect((await t.gql(PRESENCE, { id: teacher().id }, tok.sA)).data!.teacher).toEqual({ presence: 'TRANSFERRED_OUT', leftOn: '2026-12-01' });
    expect((await t.gql(ARCHIVE, { t: teacher().id }, tok.sA)).data!.teacherArchive.map((x: { infoSet: string }) => x.infoSet)).toContain('basic');
    const me = await t.gql(`{ me { unitId } }`, {}, tok.tA);
    expect(me.data!.me.unitId).toBe(w.units.schoolB.id);
    expect((await t.gql(TEACHER, { id: teacher().id }, tok.tA)).data!.teacher.unitId).toBe(w.units.schoolB.id);
    // The initiator is told, and the teacher sees their own transfer.
    expect((await t.gql(NOTES, {}, tok.sB)).data!.notifications).toContainEqual({ kind: 'case_approved', message: '教师调动已审批通过', caseId });
    // …and can open it: the notice names what it is about.
    const about = (await t.gql(`{ notifications { kind subjectType subjectId } }`, {}, tok.sB)).data!.notifications;
    expect(about).toContainEqual({ kind: 'case_approved', subjectType: 'Transfer', subjectId: transferId });
    expect((await t.gql(`{ transfers { id status } }`, {}, tok.tA)).data!.transfers).toEqual([{ id: transferId, status: 'completed' }]);
  });
});

describe('transfer across two cities', () => {
  it('walks receiving county (other city) → releasing school → releasing county and lands in the other city', async () => {
    const teacher = w.teachers.schoolA2!;
    const r = await initiate('sC', w.idNumbers.get(teacher.id)!, teacher.name, 'schoolC');
    const { id, caseId } = r.data!.initiateTransfer;
    // The city of the receiving side sees the application; the releasing side's city too.
    expect((await t.gql(TRANSFER, { id }, tok.cityA)).data!.transfer.status).toBe('in_progress');
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.kA))).toBe('WORKFLOW_NOT_YOUR_STEP');
    for (const who of ['kA3', 'sA2', 'kA']) expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok[who]))).toBeUndefined();
    expect((await t.gql(TRANSFER, { id }, tok.sC)).data!.transfer.status).toBe('completed');
    const moved = (await t.gql(TEACHER, { id: teacher.id }, tok.kA3)).data!.teacher;
    expect(moved.schoolId).toBe(w.units.schoolC.id);
    expect((await t.gql(PRESENCE, { id: teacher.id }, tok.kA)).data!.teacher.presence).toBe('TRANSFERRED_OUT');
  });
});

describe('transfer inside one county', () => {
  it('the county approves once: receiving authority and releasing authority are the same post', async () => {
    const { teacher, idNumber } = await newTeacher('schoolA', '同县教师');
    const r = await initiate('sA2', idNumber, '同县教师', 'schoolA2');
    const caseId = r.data!.initiateTransfer.caseId;
    expect((await t.gql(APPROVE, { id: caseId }, tok.kA)).data!.approveCase.currentStep).toBe(1);
    expect((await t.gql(APPROVE, { id: caseId }, tok.sA)).data!.approveCase.status).toBe('approved');
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sA2)).data!.teacher.schoolId).toBe(w.units.schoolA2.id);
  });
});

describe('return and withdrawal', () => {
  it('a return at the releasing school ends it with the reason shown to the initiator; a new application may follow', async () => {
    const { teacher, idNumber } = await newTeacher('schoolB', '退回教师');
    const r = await initiate('sA', idNumber, '退回教师', 'schoolA');
    const { id, caseId } = r.data!.initiateTransfer;
    await t.gql(APPROVE, { id: caseId }, tok.kA);
    expect(errorCode(await t.gql(RETURN, { id: caseId, r: ' ' }, tok.sB))).toBe('WORKFLOW_REASON_REQUIRED');
    expect((await t.gql(RETURN, { id: caseId, r: '该教师承担毕业班教学，学年结束后再议' }, tok.sB)).data!.returnCase.status).toBe('returned');
    const seen = (await t.gql(TRANSFER, { id }, tok.sA)).data!.transfer;
    expect(seen).toMatchObject({ status: 'returned', closeReason: '该教师承担毕业班教学，学年结束后再议', completedAt: null });
    expect((await t.gql(NOTES, {}, tok.sA)).data!.notifications).toContainEqual({ kind: 'case_returned', message: '教师调动已被退回，原因：该教师承担毕业班教学，学年结束后再议', caseId });
    expect(errorCode(await t.gql(APPROVE, { id: caseId }, tok.kA2))).toBe('WORKFLOW_NOT_PENDING');
    expect((await t.gql(TEACHER, { id: teacher.id }, tok.sB)).data!.teacher.schoolId).toBe(w.units.schoolB.id);
    expect((await initiate('sA', idNumber, '退回教师', 'schoolA')).data!.initiateTransfer.status).toBe('in_progress');
  });

  it('the initiator withdraws; nobody else may', async () => {
    const { idNumber } = await newTeacher('schoolB', '撤回教师');
    const { id, caseId } = (await initiate('sA2', idNumber, '撤回教师', 'schoolA2')).data!.initiateTransfer;
    expect(errorCode(await t.gql(WITHDRAW, { id: caseId }, tok.kA))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect(errorCode(await t.gql(WITHDRAW, { id: caseId }, tok.sB))).toBe('WORKFLOW_NOT_YOUR_STEP');
    expect((await t.gql(WITHDRAW, { id: caseId }, tok.sA2)).data!.withdrawCase.status).toBe('withdrawn');
    expect((await t.gql(TRANSFER, { id }, tok.sA2)).data!.transfer).toMatchObject({ status: 'withdrawn', closeReason: null });
  });
});

describe('initiation refusals', () => {
  let person: { teacher: Teacher; idNumber: string };
  beforeAll(async () => { person = await newTeacher('schoolB', '被拒教师'); });

  it.each([
    ['a wrong name (no probing who is registered)', 'sA', { name: '别人' }, 'TRANSFER_TEACHER_NOT_FOUND'],
    ['an unregistered document', 'sA', { idNumber: generateChineseIdCard({ regionCode: '330102', birthDate: '1991-01-01', sequence: 998, gender: '2' }) }, 'TRANSFER_TEACHER_NOT_FOUND'],
    ['a broken ID checksum', 'sA', { idNumber: '330102199001011235' }, 'ID_NUMBER_CHECKSUM'],
    ['the teacher\'s own school', 'sB', { to: 'schoolB' }, 'TRANSFER_SAME_SCHOOL'],
    ['an exchange rotation', 'sA', { exchangeRotation: true }, 'TRANSFER_USE_ROTATION'],
    ['a query user', 'kA_query', { to: 'schoolA' }, 'FORBIDDEN'],
    ['a county (transfers start at the receiving school)', 'kA', { to: 'schoolA' }, 'FORBIDDEN'],
    ['a school outside the caller\'s scope', 'sA', { to: 'schoolA2' }, 'NOT_FOUND_OR_NO_ACCESS'],
    ['an impossible date', 'sA', { effectiveDate: '2026-02-30' }, 'DATE_INVALID'],
    ['a date before the current employment began', 'sA', { effectiveDate: '2014-01-01' }, 'DATE_INVALID'],
  ] as [string, string, Record<string, unknown>, string][])('refuses %s', async (_n, who, over, code) => {
    const { to = 'schoolA', name = '被拒教师', idNumber = person.idNumber, ...extra } = over as { to?: UnitKey; name?: string; idNumber?: string };
    const r = await initiate(who, idNumber, name, to, extra);
    expect(errorCode(r)).toBe(code);
    expect(await sql(t, `select count(*)::int as n from transfer where teacher_id = ?`, [person.teacher.id])).toEqual([{ n: 0 }]);
  });

  it('a second open application for the same teacher is refused', async () => {
    expect((await initiate('sA', person.idNumber, '被拒教师', 'schoolA')).data!.initiateTransfer.status).toBe('in_progress');
    expect(errorCode(await initiate('sA2', person.idNumber, '被拒教师', 'schoolA2'))).toBe('TRANSFER_IN_PROGRESS');
  });
});

describe('concurrency', () => {
  it('20 simultaneous approvals of one transfer step: one succeeds, 19 get WORKFLOW_CONFLICT, the history has one entry', async () => {
    const { idNumber } = await newTeacher('schoolB', '并发教师');
    const { id, caseId } = (await initiate('sA', idNumber, '并发教师', 'schoolA')).data!.initiateTransfer;
    const version = (await t.gql(TRANSFER, { id }, tok.kA)).data!.transfer.approvalCase.version;
    const results = await Promise.all(Array.from({ length: 20 }, () => t.gql(APPROVE, { id: caseId, v: version }, tok.kA)));
    const ok = results.filter((r) => !r.errors);
    expect(ok).toHaveLength(1);
    expect(results.filter((r) => errorCode(r) === 'WORKFLOW_CONFLICT')).toHaveLength(19);
    const after = (await t.gql(TRANSFER, { id }, tok.kA)).data!.transfer.approvalCase;
    expect(after.steps).toHaveLength(1);
    expect(after).toMatchObject({ currentStep: 1, version: version + 1 });
  });

  it('two schools applying for the same teacher at the same instant: one application is opened', async () => {
    const { teacher, idNumber } = await newTeacher('schoolB', '争抢教师');
    const [a, b] = await Promise.all([initiate('sA', idNumber, '争抢教师', 'schoolA'), initiate('sA2', idNumber, '争抢教师', 'schoolA2')]);
    expect([errorCode(a), errorCode(b)].filter((c) => c === 'TRANSFER_IN_PROGRESS')).toHaveLength(1);
    expect(await sql(t, `select count(*)::int as n from transfer where teacher_id = ? and status = 'in_progress'`, [teacher.id])).toEqual([{ n: 1 }]);
  });
});

describe('school directory (choosing a school outside one\'s subtree)', () => {
  it('finds schools of the whole province by name or code, and nothing about their teachers', async () => {
    const byName = (await t.gql(`query($s: String!) { schoolDirectory(search: $s) { id code name stage } }`, { s: '幼儿园' }, tok.sA)).data!.schoolDirectory;
    expect(byName).toEqual([{ id: w.units.schoolC.id, code: w.units.schoolC.code, name: w.units.schoolC.name, stage: 'kindergarten' }]);
    const byCode = (await t.gql(`query($s: String!) { schoolDirectory(search: $s) { name } }`, { s: '23301020' }, tok.sA)).data!.schoolDirectory;
    expect(byCode.map((x: { name: string }) => x.name)).toEqual([w.units.schoolA.name, w.units.schoolA2.name]);
    // LIKE wildcards are text, not patterns.
    expect((await t.gql(`query($s: String!) { schoolDirectory(search: $s) { name } }`, { s: '%%' }, tok.sA)).data!.schoolDirectory).toEqual([]);
    expect(errorCode(await t.gql(`query($s: String!) { schoolDirectory(search: $s) { name } }`, { s: '甲' }, tok.sA))).toBe('VALIDATION_FAILED');
    expect(errorCode(await t.gql(`query($s: String!) { schoolDirectory(search: $s) { name } }`, { s: '小学' }, tok.tA))).toBe('FORBIDDEN');
  });
});
