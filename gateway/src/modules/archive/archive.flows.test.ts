import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id status infoSet data enteredBy approvedBy validFrom version returnReason } }`;
const SUBMIT = `mutation($ids: [ID!]!) { submitArchiveRecords(ids: $ids) { id ok code status } }`;
const APPROVE = `mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { id ok code status } }`;
const RETURN = `mutation($ids: [ID!]!, $r: String!) { returnArchiveRecords(ids: $ids, reason: $r) { id ok code status } }`;
const CHANGE = `mutation($id: ID!, $r: String!, $d: JSON, $del: Boolean) { requestArchiveChange(recordId: $id, reason: $r, data: $d, delete: $del) { id status changeKind supersedesId } }`;
const ARCHIVE = `query($t: ID!, $at: DateTime, $sets: [String!]) { teacherArchive(teacherId: $t, asOf: $at, sets: $sets) { infoSet records { id data status enteredBy schoolApprovedBy approvedBy } } }`;
const HISTORY = `query($t: ID!, $s: String!) { archiveHistory(teacherId: $t, infoSet: $s) { id status changeKind returnReason validFrom validTo data } }`;
const QUEUE = `query($f: RecordQueueFilter) { archiveRecords(filter: $f) { totalCount nodes { id status } } }`;

const EDU = { startDate: '2003-09-01', endDate: '2007-07-01', institution: '示范师范大学', educationLevel: '21', degree: '4' };

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [
    ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }], ['t_c', 'schoolC', 'teacher', { teacherOf: 'schoolC' }],
    ['s_info', 'schoolA', 'info_admin'], ['c_info', 'countyA', 'info_admin'], ['c2_info', 'countyA2', 'info_admin'], ['c_query', 'countyA', 'query_user'],
  ] });
  for (const u of ['t_a', 't_c', 's_info', 'c_info', 'c2_info', 'c_query']) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

const teacherA = (): string => w.teachers.schoolA!.id;
const accountId = (u: string): string => w.accounts.get(u)!.id;

async function save(user: string, infoSet: string, data: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return t.gql(SAVE, { i: { teacherId: teacherA(), infoSet, data, ...extra } }, tok[user]);
}

describe('review chain', () => {
  it('teacher enters → school reviews → authority makes it effective, with who and when at every step', async () => {
    const saved = await save('t_a', 'education', EDU);
    expect(saved.errors).toBeUndefined();
    const id = saved.data!.saveArchiveRecord.id;
    expect(saved.data!.saveArchiveRecord).toMatchObject({ status: 'draft', enteredBy: accountId('t_a') });
    expect((await t.gql(SUBMIT, { ids: [id] }, tok.t_a)).data!.submitArchiveRecords[0]).toMatchObject({ ok: true, status: 'submitted' });
    // the authority cannot skip the school's review
    expect((await t.gql(APPROVE, { ids: [id] }, tok.c_info)).data!.approveArchiveRecords[0]).toMatchObject({ ok: false, code: 'RECORD_TRANSITION_INVALID' });
    expect((await t.gql(APPROVE, { ids: [id] }, tok.s_info)).data!.approveArchiveRecords[0]).toMatchObject({ ok: true, status: 'school_approved' });
    // the school cannot make it effective itself
    expect((await t.gql(APPROVE, { ids: [id] }, tok.s_info)).data!.approveArchiveRecords[0]).toMatchObject({ ok: false, code: 'RECORD_TRANSITION_INVALID' });
    expect((await t.gql(APPROVE, { ids: [id] }, tok.c_info)).data!.approveArchiveRecords[0]).toMatchObject({ ok: true, status: 'effective' });
    const archive = await t.gql(ARCHIVE, { t: teacherA(), sets: ['education'] }, tok.t_a);
    expect(archive.data!.teacherArchive[0].records).toEqual([
      { id, data: EDU, status: 'effective', enteredBy: accountId('t_a'), schoolApprovedBy: accountId('s_info'), approvedBy: accountId('c_info') },
    ]);
  });

  it('a return carries a reason the submitter sees, and the record can be fixed and resubmitted', async () => {
    const id = (await save('t_a', 'skill', { name: '普通话一级乙等' }, { submit: true })).data!.saveArchiveRecord.id;
    expect(errorCode(await t.gql(RETURN, { ids: [id], r: '  ' }, tok.s_info))).toBe('RETURN_REASON_REQUIRED');
    expect((await t.gql(RETURN, { ids: [id], r: '请上传证书等级的准确名称' }, tok.s_info)).data!.returnArchiveRecords[0]).toMatchObject({ ok: true, status: 'returned' });
    const history = await t.gql(HISTORY, { t: teacherA(), s: 'skill' }, tok.t_a);
    expect(history.data!.archiveHistory[0]).toMatchObject({ status: 'returned', returnReason: '请上传证书等级的准确名称' });
    const fixed = await t.gql(SAVE, { i: { id, teacherId: teacherA(), infoSet: 'skill', data: { name: '普通话', level: '一级乙等' }, submit: true } }, tok.t_a);
    expect(fixed.data!.saveArchiveRecord.status).toBe('submitted');
  });

  it.each([
    ['a teacher may not enter an assessment', 't_a', 'assessment', { year: 2025, result: 'excellent' }, 'INFO_SET_SCHOOL_ONLY'],
    ['an unknown set', 's_info', 'salary', {}, 'INFO_SET_UNKNOWN'],
    ['invalid values', 's_info', 'education', { startDate: '2003-02-30', institution: '', educationLevel: 'x' }, 'RECORD_INVALID'],
    ['a second basic record', 's_info', 'basic', { name: '甲', gender: '2', birthDate: '1985-03-15' }, 'INFO_SET_SINGLE'],
    ['a teacher of another county', 'c2_info', 'education', EDU, 'NOT_FOUND_OR_NO_ACCESS'],
    ['a query user', 'c_query', 'education', EDU, 'FORBIDDEN'],
  ])('refuses %s', async (_n, user, set, data, code) => {
    const r = await save(user, set, data);
    expect(errorCode(r)).toBe(code);
  });

  it('names every invalid field with its reason', async () => {
    const r = await save('s_info', 'education', { startDate: '2003-02-30', institution: '', educationLevel: 'x' });
    expect(r.errors![0]!.extensions!.details!.errors).toEqual([
      { field: 'startDate', code: 'DATE_INVALID', message: '日期无效' },
      { field: 'institution', code: 'FIELD_REQUIRED', message: '必填项不能为空' },
      { field: 'educationLevel', code: 'CODE_INVALID', message: '代码值不在代码表中' },
    ]);
  });

  it('kindergartens have no 教育教学 set', async () => {
    const r = await t.gql(SAVE, { i: { teacherId: w.teachers.schoolC!.id, infoSet: 'teaching', data: { schoolYear: 2025, subject: '语文' } } }, tok.t_c);
    expect(errorCode(r)).toBe('INFO_SET_NOT_APPLICABLE');
  });

  it('an authority entry is effective at once; the school cannot approve for the authority', async () => {
    const r = await save('c_info', 'assessment', { year: 2024, result: 'excellent' });
    expect(r.data!.saveArchiveRecord).toMatchObject({ status: 'effective', approvedBy: accountId('c_info') });
  });

  it('bulk approval answers per record: in scope approved, out of scope refused without a hint', async () => {
    const ids = [];
    for (const name of ['证书一', '证书二', '证书三']) ids.push((await save('t_a', 'skill', { name }, { submit: true })).data!.saveArchiveRecord.id);
    const r = await t.gql(APPROVE, { ids: [...ids, '01900000-0000-7000-8000-000000000000'] }, tok.s_info);
    expect(r.data!.approveArchiveRecords.map((x: { ok: boolean; code: string | null }) => [x.ok, x.code])).toEqual([[true, null], [true, null], [true, null], [false, 'NOT_FOUND_OR_NO_ACCESS']]);
    const other = await t.gql(APPROVE, { ids }, tok.c2_info);
    expect(other.data!.approveArchiveRecords.every((x: { code: string }) => x.code === 'NOT_FOUND_OR_NO_ACCESS')).toBe(true);
    const queue = await t.gql(QUEUE, { f: { awaitingMe: true } }, tok.c_info);
    expect(queue.data!.archiveRecords.nodes.map((n: { id: string }) => n.id)).toEqual(expect.arrayContaining(ids));
    const returned = await t.gql(RETURN, { ids, r: '证书名称不规范' }, tok.c_info);
    expect(returned.data!.returnArchiveRecords.every((x: { status: string }) => x.status === 'returned')).toBe(true);
  });

  it('two reviewers acting at once: exactly one moves the record', async () => {
    const id = (await save('t_a', 'skill', { name: '并发测试' }, { submit: true })).data!.saveArchiveRecord.id;
    const s2 = await loginAs(t, 's_info', w.certDir);
    const both = await Promise.all([t.gql(APPROVE, { ids: [id] }, tok.s_info), t.gql(APPROVE, { ids: [id] }, s2)]);
    const oks = both.map((r) => r.data!.approveArchiveRecords[0].ok);
    expect(oks.filter(Boolean)).toHaveLength(1);
    expect(both.map((r) => r.data!.approveArchiveRecords[0].code).filter(Boolean)[0]).toMatch(/CONFLICT|RECORD_TRANSITION_INVALID/);
  });
});

describe('after effective: change requests and history', () => {
  let assessmentId: string;
  let before: string;

  beforeAll(async () => {
    const r = await t.gql(ARCHIVE, { t: teacherA(), sets: ['assessment'] }, tok.s_info);
    assessmentId = r.data!.teacherArchive[0].records.find((x: { data: { year: number } }) => x.data.year === 2025).id;
    before = new Date().toISOString();
    await new Promise((res) => setTimeout(res, 20));
  });

  it('an effective record cannot be edited in place', async () => {
    const r = await t.gql(SAVE, { i: { id: assessmentId, teacherId: teacherA(), infoSet: 'assessment', data: { year: 2025, result: 'excellent' } } }, tok.s_info);
    expect(errorCode(r)).toBe('RECORD_NOT_EDITABLE');
  });

  it('a change approved by the authority: a new version, the old one kept and readable as of before', async () => {
    const req = await t.gql(CHANGE, { id: assessmentId, r: '考核结果录入错误', d: { year: 2025, result: 'excellent' } }, tok.s_info);
    expect(req.data!.requestArchiveChange).toMatchObject({ status: 'school_approved', changeKind: 'change', supersedesId: assessmentId });
    expect(errorCode(await t.gql(CHANGE, { id: assessmentId, r: '再次申请', d: { year: 2025, result: 'qualified' } }, tok.s_info))).toBe('RECORD_CHANGE_PENDING');
    const approved = await t.gql(APPROVE, { ids: [req.data!.requestArchiveChange.id] }, tok.c_info);
    expect(approved.data!.approveArchiveRecords[0].ok).toBe(true);
    const now = await t.gql(ARCHIVE, { t: teacherA(), sets: ['assessment'] }, tok.s_info);
    const then = await t.gql(ARCHIVE, { t: teacherA(), sets: ['assessment'], at: before }, tok.s_info);
    const of2025 = (r: typeof now) => r.data!.teacherArchive[0].records.filter((x: { data: { year: number } }) => x.data.year === 2025).map((x: { data: { result: string } }) => x.data.result);
    expect(of2025(now)).toEqual(['excellent']);
    expect(of2025(then)).toEqual(['qualified']);
    const history = await t.gql(HISTORY, { t: teacherA(), s: 'assessment' }, tok.s_info);
    expect(history.data!.archiveHistory.filter((h: { data: { year: number } }) => h.data.year === 2025).map((h: { status: string }) => h.status)).toEqual(['superseded', 'effective']);
  });

  it('a refused change leaves the effective record as it was', async () => {
    const current = (await t.gql(ARCHIVE, { t: teacherA(), sets: ['education'] }, tok.s_info)).data!.teacherArchive[0].records[0];
    const req = await t.gql(CHANGE, { id: current.id, r: '学位有误', d: { ...EDU, degree: '3' } }, tok.s_info);
    const refused = await t.gql(RETURN, { ids: [req.data!.requestArchiveChange.id], r: '与学位证书不符，不予变更' }, tok.c_info);
    expect(refused.data!.returnArchiveRecords[0].ok).toBe(true);
    const after = (await t.gql(ARCHIVE, { t: teacherA(), sets: ['education'] }, tok.s_info)).data!.teacherArchive[0].records;
    expect(after).toEqual([current]);
  });

  it('a deletion approved: gone now, still there as of before', async () => {
    const current = (await t.gql(ARCHIVE, { t: teacherA(), sets: ['ethics'] }, tok.s_info)).data!.teacherArchive[0].records[0];
    const at = new Date().toISOString();
    await new Promise((res) => setTimeout(res, 20));
    const req = await t.gql(CHANGE, { id: current.id, r: '重复录入', del: true }, tok.s_info);
    expect(req.data!.requestArchiveChange.changeKind).toBe('delete');
    await t.gql(APPROVE, { ids: [req.data!.requestArchiveChange.id] }, tok.c_info);
    expect((await t.gql(ARCHIVE, { t: teacherA(), sets: ['ethics'] }, tok.s_info)).data!.teacherArchive).toEqual([]);
    expect((await t.gql(ARCHIVE, { t: teacherA(), sets: ['ethics'], at }, tok.s_info)).data!.teacherArchive[0].records[0].id).toBe(current.id);
  });

  it('the change-request list: the queue filtered by change kind holds exactly the changes and deletions', async () => {
    const q = await t.gql(QUEUE, { f: { changeKind: ['change', 'delete'], teacherId: teacherA() } }, tok.s_info);
    const nodes = q.data!.archiveRecords.nodes as { id: string; status: string }[];
    const history = async (set: string) => (await t.gql(HISTORY, { t: teacherA(), s: set }, tok.s_info)).data!.archiveHistory as { id: string; changeKind: string }[];
    const expected = (await Promise.all(['assessment', 'education', 'ethics'].map(history))).flat().filter((h) => h.changeKind !== 'add').map((h) => h.id);
    expect(expected.length).toBe(3);
    expect(nodes.map((n) => n.id).sort()).toEqual(expected.sort());
    expect(q.data!.archiveRecords.totalCount).toBe(3);
  });

  it('a teacher cannot file a change request; restricted sets stay hidden from query users', async () => {
    const current = (await t.gql(ARCHIVE, { t: teacherA(), sets: ['education'] }, tok.t_a)).data!.teacherArchive[0].records[0];
    expect(errorCode(await t.gql(CHANGE, { id: current.id, r: 'x', d: EDU }, tok.t_a))).toBe('RECORD_TRANSITION_INVALID');
    const q = await t.gql(ARCHIVE, { t: teacherA() }, tok.c_query);
    const sets = q.data!.teacherArchive.map((s: { infoSet: string }) => s.infoSet);
    expect(sets).toContain('education');
    expect(sets).not.toContain('assessment');
    expect(sets).not.toContain('compensation');
  });

  it('an approved basic-information change updates the teacher row used by lists', async () => {
    const basic = (await t.gql(ARCHIVE, { t: teacherA(), sets: ['basic'] }, tok.s_info)).data!.teacherArchive[0].records[0];
    const req = await t.gql(CHANGE, { id: basic.id, r: '更名', d: { ...basic.data, name: '甲老师' } }, tok.s_info);
    await t.gql(APPROVE, { ids: [req.data!.requestArchiveChange.id] }, tok.c_info);
    const teacher = await t.gql(`query($id: ID!) { teacher(id: $id) { name } }`, { id: teacherA() }, tok.c_query);
    expect(teacher.data!.teacher.name).toBe('甲老师');
  });

  it('a title appointment made effective sets the current professional title', async () => {
    const r = await save('c_info', 'title_appointment', { startDate: '2024-09-01', title: 'k12_senior' });
    expect(r.data!.saveArchiveRecord.status).toBe('effective');
    const teacher = await t.gql(`query($id: ID!) { teacher(id: $id) { professionalTitle } }`, { id: teacherA() }, tok.c_query);
    expect(teacher.data!.teacher.professionalTitle).toBe('k12_senior');
  });
});
