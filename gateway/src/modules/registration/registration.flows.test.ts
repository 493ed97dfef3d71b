import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard, todayInChina, type Role } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildEffectiveRecord, buildTeacher } from '../../demo/builders.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { REGISTRATIONS_DUE_CAP } from './registration.service.js';

/**
 * Issue 5 (教师资格定期注册) through the real GraphQL API: eligibility from the system's own
 * data, condition by condition; a teacher who becomes eligible exactly when the last credits are
 * confirmed; a deferred registration with its reasons; a batch registration for one school.
 */
const ACCOUNTS: [string, UnitKey, Role][] = [
  ['s_info', 'schoolA', 'info_admin'], ['s2_info', 'schoolA2', 'info_admin'], ['sb_info', 'schoolB', 'info_admin'],
  ['c_info', 'countyA', 'info_admin'], ['c_train', 'countyA', 'training_admin'], ['c_query', 'countyA', 'query_user'],
  ['c2_info', 'countyA2', 'info_admin'], ['c2_train', 'countyA2', 'training_admin'],
];
const YEAR = 2026;

const QUAL = `mutation($i: QualificationInput!) { recordQualification(input: $i) { recordId certificateNo recordStatus } }`;
const QUALS = `query($t: ID!) { qualifications(teacherId: $t) { certificateNo type lastResult validUntil inProgress } }`;
const ELIG = `query($t: ID!, $c: String!) { registrationEligibility(teacherId: $t, certificateNo: $c, year: ${YEAR}) { cycleStartYear cycleEndYear eligible conditions { key met reason } } }`;
const APPLY = `mutation($i: RegistrationApplyInput!) { applyForRegistration(input: $i) { id caseId size applications { id teacherId status eligible conditions { key met } } } }`;
const APPROVE = `mutation($id: ID!) { approveCase(id: $id) { status currentStep } }`;
const DECIDE = `mutation($b: ID!, $d: [RegistrationDecisionInput!]!) { decideRegistrations(batchId: $b, decisions: $d) { id applications { teacherId status resultReason validUntil decidedBy archiveRecordId } } }`;
const HISTORY = `query($t: ID!) { registrationHistory(teacherId: $t) { status year cycleStartYear cycleEndYear resultReason eligible conditions { key met reason } } }`;
const DUE = `query($u: ID) { registrationsDue(year: ${YEAR}, unitId: $u) { teacherId certificateNo lastResult inProgress } }`;
const DUE_PAGE = `query($u: ID, $f: Int!, $o: Int!) { registrationsDuePage(year: ${YEAR}, unitId: $u, first: $f, offset: $o) {
  totalCount summary { total inProgress first deferred expiring } nodes { teacherId } } }`;
const ARCHIVE = `query($t: ID!) { teacherArchive(teacherId: $t, sets: ["qualification_registration"]) { records { data enteredBy approvedBy status } } }`;
const CREATE = `mutation($i: TrainingProjectInput!) { createTrainingProject(input: $i) { id } }`;
const ENROL = `mutation($p: ID!, $t: [ID!]!) { enrolTeachers(projectId: $p, teacherIds: $t) { id } }`;
const RESULTS = `mutation($p: ID!, $r: [TrainingResultInput!]!) { submitTrainingResults(projectId: $p, results: $r) { status } }`;
const CONFIRM = `mutation($p: ID!) { confirmTrainingCredits(projectId: $p) { status } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const gql = (user: string, q: string, v?: Record<string, unknown>) => t.gql(q, v, tok[user]);
const acc = (u: string): string => w.accounts.get(u)!.id;
let schoolBTeachers: Teacher[] = [];

/** Annual assessments 2021-2024 (the world already has 2025 qualified) and, optionally, a disciplinary record. */
async function history(teachers: Teacher[], discipline = false): Promise<void> {
  const em = t.app.orm.em.fork();
  for (const teacher of teachers) {
    const ref = Object.assign(em.getReference(Teacher, teacher.id), { scopePath: teacher.scopePath });
    for (const year of [2021, 2022, 2023, 2024]) buildEffectiveRecord(em, ref, 'assessment', { year, result: year === 2022 ? 'excellent' : 'qualified' });
    if (discipline) buildEffectiveRecord(em, ref, 'ethics', { kind: 'discipline', title: '警告处分（有偿补课）', date: '2024-05-10', authority: '甲一区教育局' });
  }
  await em.flush();
}

/** A county training project with confirmed hours for the given teachers (hours per teacher; 0 = not completed). */
async function credits(trainer: string, hoursEach: Map<string, number>, endDate: string, projectHours: number): Promise<string> {
  const p = dataOf(await gql(trainer, CREATE, { i: { name: `县级研修${endDate}`, startDate: endDate, endDate, hours: projectHours } })).createTrainingProject.id;
  dataOf(await gql(trainer, ENROL, { p, t: [...hoursEach.keys()] }));
  dataOf(await gql(trainer, RESULTS, { p, r: [...hoursEach].map(([teacherId, hours]) => ({ teacherId, completed: hours > 0, hours })) }));
  return p;
}

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [...ACCOUNTS, ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }]] });
  // Three more teachers at schoolB for the batch.
  const em = t.app.orm.em.fork();
  for (let i = 0; i < 3; i++) {
    const idNumber = generateChineseIdCard({ regionCode: '330122', birthDate: '1990-01-0' + (i + 1), sequence: 700 + 2 * i, gender: '2' });
    schoolBTeachers.push(await buildTeacher(em, t.app.runtime, w.units.schoolB, { name: `批量教师${i + 1}`, gender: '2', birthDate: `1990-01-0${i + 1}`, idNumber, startDate: '2015-09-01' }));
  }
  await em.flush();
  for (const x of schoolBTeachers) buildEffectiveRecord(em, x, 'assessment', { year: 2025, result: 'qualified' });
  await em.flush();
  for (const [u] of [...ACCOUNTS, ['t_a']]) tok[u!] = await loginAs(t, u!, w.certDir);
  await history([w.teachers.schoolA!]);
  await history([w.teachers.schoolA2!], true);
  await history(schoolBTeachers);
});
afterAll(async () => t?.close());

describe('qualifications (教师资格) are the archive set', () => {
  it('recorded by the authority they are effective; a certificate number is recorded once', async () => {
    const q = dataOf(await gql('c_info', QUAL, { i: { teacherId: w.teachers.schoolA!.id, type: '小学教师资格', subject: '语文', certificateNo: '20103301421000123', issuer: '甲一区教育局', issueDate: '2010-07-01' } })).recordQualification;
    expect(q).toMatchObject({ certificateNo: '20103301421000123', recordStatus: 'effective' });
    expect(errorCode(await gql('c_info', QUAL, { i: { teacherId: w.teachers.schoolA2!.id, type: '小学教师资格', certificateNo: '20103301421000123' } }))).toBe('QUALIFICATION_CERTIFICATE_TAKEN');
    dataOf(await gql('c_info', QUAL, { i: { teacherId: w.teachers.schoolA2!.id, type: '小学教师资格', subject: '数学', certificateNo: '20103301422000456' } }));
    // Entered by the school, it goes through the archive review like any record.
    const bySchool = dataOf(await gql('s_info', QUAL, { i: { teacherId: w.teachers.schoolA!.id, type: '初级中学教师资格', certificateNo: '20123301431000789' } })).recordQualification;
    expect(bySchool.recordStatus).toBe('submitted');
    expect(dataOf(await gql('t_a', QUALS, { t: w.teachers.schoolA!.id })).qualifications).toEqual([
      { certificateNo: '20103301421000123', type: '小学教师资格', lastResult: null, validUntil: null, inProgress: false }]);
  });
});

describe('a teacher who becomes eligible exactly when the last credits are confirmed', () => {
  it('350 hours: not eligible; the last 10 hours confirmed: eligible, and the decision registers', async () => {
    const a = w.teachers.schoolA!.id;
    const cert = '20103301421000123';
    const p1 = await credits('c_train', new Map([[a, 350]]), '2023-08-20', 350);
    dataOf(await gql('c_train', CONFIRM, { p: p1 }));
    const before = dataOf(await gql('c_info', ELIG, { t: a, c: cert })).registrationEligibility;
    expect(before).toMatchObject({ cycleStartYear: 2021, cycleEndYear: 2025, eligible: false });
    expect(before.conditions).toEqual([
      { key: 'assessment', met: true, reason: '2021—2025年度考核均为合格及以上' },
      { key: 'training', met: false, reason: '周期内培训350学时，不足360学时（差10学时）' },
      { key: 'ethics', met: true, reason: '周期内无师德处分记录' }]);

    // Before applying, the teacher's own qualification list says why the conditions are not met.
    const QUALS_WITH_WHY = `query($t: ID!) { qualifications(teacherId: $t) { certificateNo registrationEligibility(year: ${YEAR}) { eligible conditions { key met reason } } } }`;
    const [mine] = dataOf(await gql('t_a', QUALS_WITH_WHY, { t: a })).qualifications;
    expect(mine).toEqual({ certificateNo: cert, registrationEligibility: { eligible: false, conditions: before.conditions } });
    // Those who may not read assessments and ethics get the list without the conditions, not an error.
    const forQuery = await gql('c_query', QUALS_WITH_WHY, { t: a });
    expect(forQuery.errors).toBeUndefined();
    expect(forQuery.data!.qualifications.map((q: any) => q.registrationEligibility)).toEqual([null]);

    // The teacher applies personally now; the school reviews.
    const batch = dataOf(await gql('t_a', APPLY, { i: { schoolId: w.units.schoolA.id, year: YEAR, items: [{ teacherId: a, certificateNo: cert }] } })).applyForRegistration;
    expect(batch.applications).toEqual([{ id: expect.any(String), teacherId: a, status: 'in_review', eligible: false, conditions: expect.any(Array) }]);
    // The school, at its review step, reads the unmet conditions of the application.
    const review = dataOf(await gql('s_info', `query($id: ID!) { registrationBatch(id: $id) { applications { teacherId eligible unmetReasons } } }`, { id: batch.id })).registrationBatch;
    expect(review.applications).toEqual([{ teacherId: a, eligible: false, unmetReasons: '培训学时：周期内培训350学时，不足360学时（差10学时）' }]);
    expect(errorCode(await gql('t_a', APPLY, { i: { schoolId: w.units.schoolA.id, year: YEAR, items: [{ teacherId: a, certificateNo: cert }] } }))).toBe('REGISTRATION_IN_PROGRESS');
    expect(dataOf(await gql('s_info', APPROVE, { id: batch.caseId })).approveCase).toMatchObject({ status: 'in_progress', currentStep: 1 });
    expect(errorCode(await gql('c_info', DECIDE, { b: batch.id, d: [{ applicationId: batch.applications[0].id, result: 'REGISTERED' }] }))).toBe('REGISTRATION_NOT_ELIGIBLE');

    // The last credits: submitted but not yet confirmed changes nothing; confirmed, the teacher is eligible.
    const p2 = await credits('c_train', new Map([[a, 10]]), '2025-11-15', 10);
    expect(dataOf(await gql('c_info', ELIG, { t: a, c: cert })).registrationEligibility.eligible).toBe(false);
    dataOf(await gql('c_train', CONFIRM, { p: p2 }));
    const after = dataOf(await gql('c_info', ELIG, { t: a, c: cert })).registrationEligibility;
    expect(after.eligible).toBe(true);
    expect(after.conditions[1]).toEqual({ key: 'training', met: true, reason: '周期内培训360学时，达到360学时要求' });

    const decided = dataOf(await gql('c_info', DECIDE, { b: batch.id, d: [{ applicationId: batch.applications[0].id, result: 'REGISTERED' }] })).decideRegistrations;
    expect(decided.applications[0]).toMatchObject({ status: 'registered', resultReason: null, decidedBy: acc('c_info'), archiveRecordId: expect.any(String) });
    // Five years from the day of the decision in China (after 16:00 UTC that is tomorrow's date).
    expect(decided.applications[0].validUntil).toBe(`${Number(todayInChina().slice(0, 4)) + 5}${todayInChina().slice(4)}`);
    const [rec] = dataOf(await gql('t_a', ARCHIVE, { t: a })).teacherArchive[0].records;
    expect(rec).toMatchObject({ status: 'effective', enteredBy: acc('t_a'), approvedBy: acc('c_info'), data: { certificateNo: cert, cycleStartYear: 2021, cycleEndYear: 2025, result: 'registered', authority: '甲一区教育局' } });
    expect(dataOf(await gql('t_a', QUALS, { t: a })).qualifications[0]).toMatchObject({ lastResult: 'registered', inProgress: false });
    // The teacher is told the result itself, not a bare "approved".
    const notes = dataOf(await gql('t_a', `{ notifications { kind message } }`)).notifications;
    expect(notes).toContainEqual({ kind: 'registration_registered', message: `教师资格定期注册结果（证书${cert}）：注册合格` });
    expect(notes).toContainEqual({ kind: 'case_approved', message: '教师资格定期注册已办结：注册合格1人' });
    expect(notes.map((n: any) => n.message)).not.toContain('教师资格定期注册已审批通过');
    // Registered: not due again until the registration runs out.
    expect(errorCode(await gql('s_info', APPLY, { i: { schoolId: w.units.schoolA.id, year: YEAR, items: [{ teacherId: a, certificateNo: cert }] } }))).toBe('REGISTRATION_NOT_DUE');
  });
});

describe('a deferred registration (暂缓注册) with its reasons', () => {
  it('a disciplinary record and too few hours: deferred, the reasons recorded in history and archive', async () => {
    const a2 = w.teachers.schoolA2!.id;
    const cert = '20103301422000456';
    const elig = dataOf(await gql('s2_info', ELIG, { t: a2, c: cert })).registrationEligibility;
    expect(elig.conditions.map((c: any) => [c.key, c.met])).toEqual([['assessment', true], ['training', false], ['ethics', false]]);
    expect(elig.conditions[2].reason).toBe('有师德处分记录：2024-05-10 警告处分（有偿补课）（甲一区教育局）');
    // Query users do not see conditions built on assessments and ethics.
    expect(errorCode(await gql('c_query', ELIG, { t: a2, c: cert }))).toBe('FIELD_FORBIDDEN');

    const batch = dataOf(await gql('s2_info', APPLY, { i: { schoolId: w.units.schoolA2.id, year: YEAR, items: [{ teacherId: a2, certificateNo: cert }] } })).applyForRegistration;
    const app = batch.applications[0].id;
    expect(errorCode(await gql('c_info', DECIDE, { b: batch.id, d: [{ applicationId: app, result: 'DEFERRED', reason: '师德' }] }))).toBe('REGISTRATION_NOT_AT_DECISION');
    dataOf(await gql('s2_info', APPROVE, { id: batch.caseId }));
    expect(errorCode(await gql('s2_info', DECIDE, { b: batch.id, d: [{ applicationId: app, result: 'DEFERRED', reason: 'x' }] }))).toBe('REGISTRATION_NOT_AT_DECISION');
    expect(errorCode(await gql('c_info', DECIDE, { b: batch.id, d: [{ applicationId: app, result: 'REFUSED' }] }))).toBe('REGISTRATION_REASON_REQUIRED');
    const reason = '师德考核不合格，暂缓注册；培训学时不足，须补足后重新申请';
    const decided = dataOf(await gql('c_info', DECIDE, { b: batch.id, d: [{ applicationId: app, result: 'DEFERRED', reason }] })).decideRegistrations;
    expect(decided.applications[0]).toMatchObject({ status: 'deferred', resultReason: reason, validUntil: null });

    const [h] = dataOf(await gql('s2_info', HISTORY, { t: a2 })).registrationHistory;
    expect(h).toMatchObject({ status: 'deferred', year: YEAR, cycleStartYear: 2021, cycleEndYear: 2025, resultReason: reason, eligible: false });
    expect(h.conditions.filter((c: any) => !c.met).map((c: any) => c.key)).toEqual(['training', 'ethics']);
    const [rec] = dataOf(await gql('s2_info', ARCHIVE, { t: a2 })).teacherArchive[0].records;
    expect(rec.data).toMatchObject({ result: 'deferred', reason, certificateNo: cert });
    // Deferred stays due; the registered one of the other school does not.
    const due = dataOf(await gql('c_query', DUE, { u: w.units.countyA.id })).registrationsDue;
    expect(due).toEqual([{ teacherId: a2, certificateNo: cert, lastResult: 'deferred', inProgress: false }]);
    // The teacher's qualification carries the decision and when it was taken (a DateTime, not the driver's text).
    const [q] = dataOf(await gql('s2_info', `query($t: ID!) { qualifications(teacherId: $t) { lastResult lastDecidedAt } }`, { t: a2 })).qualifications;
    expect(q.lastResult).toBe('deferred');
    expect(Date.now() - Date.parse(q.lastDecidedAt)).toBeLessThan(10 * 60_000);
  });
});

describe('a batch registration for one school', () => {
  it('the due list of the school, one application, one case, a result per teacher', async () => {
    const [b1, b2, b3] = schoolBTeachers;
    for (const [i, x] of schoolBTeachers.entries()) {
      dataOf(await gql('c2_info', QUAL, { i: { teacherId: x.id, type: '高级中学教师资格', subject: '物理', certificateNo: `2015330142300010${i}` } }));
    }
    // Two teachers reach 360 hours, the third does not complete.
    const p = await credits('c2_train', new Map([[b1!.id, 360], [b2!.id, 360], [b3!.id, 0]]), '2024-07-31', 360);
    dataOf(await gql('c2_train', CONFIRM, { p }));

    const due = dataOf(await gql('sb_info', DUE, { u: w.units.schoolB.id })).registrationsDue;
    expect(due.map((d: any) => d.teacherId).sort()).toEqual([b1!.id, b2!.id, b3!.id].sort());
    expect(errorCode(await gql('sb_info', APPLY, { i: { schoolId: w.units.schoolB.id, year: YEAR, items: [] } }))).toBe('REGISTRATION_EMPTY');
    expect(errorCode(await gql('sb_info', APPLY, { i: { schoolId: w.units.schoolB.id, year: YEAR, items: [{ teacherId: w.teachers.schoolA!.id, certificateNo: '20103301421000123' }] } }))).toBe('NOT_FOUND_OR_NO_ACCESS');

    const batch = dataOf(await gql('sb_info', APPLY, { i: { schoolId: w.units.schoolB.id, year: YEAR, items: due.map((d: any) => ({ teacherId: d.teacherId, certificateNo: d.certificateNo })) } })).applyForRegistration;
    expect(batch.size).toBe(3);
    expect(await sql(t, `select count(distinct case_id)::int as n from registration_batch where id = ?`, [batch.id])).toEqual([{ n: 1 }]);
    expect(dataOf(await gql('sb_info', DUE, { u: w.units.schoolB.id })).registrationsDue.every((d: any) => d.inProgress)).toBe(true);
    // Paged (issue 16.2): two pages of two and one, the counts of the whole list on each, a page past the end empty but counted.
    const pages = await Promise.all([0, 2, 4].map(async (o) => dataOf(await gql('sb_info', DUE_PAGE, { u: w.units.schoolB.id, f: 2, o })).registrationsDuePage));
    expect(pages.map((p) => p.nodes.length)).toEqual([2, 1, 0]);
    expect(pages.flatMap((p) => p.nodes.map((n: any) => n.teacherId)).sort()).toEqual(due.map((d: any) => d.teacherId).sort());
    for (const p of pages) expect(p).toMatchObject({ totalCount: 3, summary: { total: 3, inProgress: 3, first: 3, deferred: 0, expiring: 0 } });
    expect(errorCode(await gql('sb_info', DUE_PAGE, { u: w.units.schoolB.id, f: 0, o: 0 }))).toBe('VALIDATION_FAILED');
    // The old list refuses more rows than its cap (2,000; lowered here to 2) instead of answering the first 2.
    expect(REGISTRATIONS_DUE_CAP.cap).toBe(2000);
    REGISTRATIONS_DUE_CAP.cap = 2;
    try {
      const over = await gql('sb_info', DUE, { u: w.units.schoolB.id });
      expect(errorCode(over)).toBe('LIST_TOO_LARGE');
      expect(over.errors![0]!.extensions!.details).toEqual({ max: 2, paged: 'registrationsDuePage' });
      REGISTRATIONS_DUE_CAP.cap = 3;
      expect(dataOf(await gql('sb_info', DUE, { u: w.units.schoolB.id })).registrationsDue).toHaveLength(3);
    } finally {
      REGISTRATIONS_DUE_CAP.cap = 2000;
    }

    dataOf(await gql('sb_info', APPROVE, { id: batch.caseId }));
    // The county decides once for the school: without named decisions each follows its eligibility.
    const decided = dataOf(await gql('c2_info', DECIDE, { b: batch.id, d: [] })).decideRegistrations;
    const byTeacher = Object.fromEntries(decided.applications.map((a: any) => [a.teacherId, a]));
    expect(byTeacher[b1!.id]).toMatchObject({ status: 'registered', archiveRecordId: expect.any(String) });
    expect(byTeacher[b2!.id]).toMatchObject({ status: 'registered' });
    expect(byTeacher[b3!.id]).toMatchObject({ status: 'deferred', resultReason: '培训学时：周期内培训0学时，不足360学时（差360学时）' });
    expect((await sql<{ n: number }>(t, `select count(*)::int as n from archive_record where info_set = 'qualification_registration' and teacher_id = any(?::uuid[])`,
      [`{${schoolBTeachers.map((x) => x.id).join(',')}}`]))[0]!.n).toBe(3);
    expect(dataOf(await gql('c2_info', DUE, { u: w.units.schoolB.id })).registrationsDue.map((d: any) => [d.teacherId, d.lastResult])).toEqual([[b3!.id, 'deferred']]);
    expect(dataOf(await gql('c2_info', DUE_PAGE, { u: w.units.schoolB.id, f: 20, o: 0 })).registrationsDuePage.summary).toEqual({ total: 1, inProgress: 0, first: 0, deferred: 1, expiring: 0 });
    const audit = await sql<{ detail: Record<string, number> }>(t, `select detail from audit_entry where action = 'registration.decided' and target_id = ?`, [batch.id]);
    expect(audit[0]!.detail).toMatchObject({ registered: 2, deferred: 1 });
    // The school that applied reads how the batch was decided: a deferral is not "已审批通过".
    const notes = dataOf(await gql('sb_info', `{ notifications { kind message } }`)).notifications;
    expect(notes).toContainEqual({ kind: 'case_approved', message: '教师资格定期注册已办结：注册合格2人、暂缓注册1人' });
  });
});

describe('a returned application', () => {
  it('is released the moment the school returns it: status returned, no longer in progress', async () => {
    const b3 = schoolBTeachers[2]!;
    const item = { teacherId: b3.id, certificateNo: '20153301423000102' };
    const batch = dataOf(await gql('sb_info', APPLY, { i: { schoolId: w.units.schoolB.id, year: YEAR, items: [item] } })).applyForRegistration;
    expect(dataOf(await gql('sb_info', DUE, { u: w.units.schoolB.id })).registrationsDue.find((d: any) => d.teacherId === b3.id).inProgress).toBe(true);
    dataOf(await gql('sb_info', `mutation($id: ID!) { returnCase(id: $id, reason: "培训证明材料不全") { status } }`, { id: batch.caseId }));
    expect(await sql(t, `select status from registration_application where batch_id = ?`, [batch.id])).toEqual([{ status: 'returned' }]);
    expect(dataOf(await gql('sb_info', DUE, { u: w.units.schoolB.id })).registrationsDue.find((d: any) => d.teacherId === b3.id).inProgress).toBe(false);
  });
});
