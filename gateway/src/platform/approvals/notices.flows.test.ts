import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildEffectiveRecord } from '../../demo/builders.js';
import type { Teacher } from '../../modules/teachers/teacher.entity.js';

// Issue 13.5: a returned record, a decided change request, a status change and a published spot
// check (with a correction task per inaccurate finding) notify the people concerned, the teacher
// included; task notices are marked done when their task is handled.

const NOTES = `{ notifications { id kind message subjectType subjectId doneAt } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id status version } }`;
const SUBMIT = `mutation($ids: [ID!]!) { submitArchiveRecords(ids: $ids) { id ok code status } }`;
const APPROVE = `mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { id ok code status } }`;
const RETURN = `mutation($ids: [ID!]!, $r: String!) { returnArchiveRecords(ids: $ids, reason: $r) { id ok code status } }`;
const CHANGE = `mutation($id: ID!, $d: JSON) { requestArchiveChange(recordId: $id, reason: "证书名称有误", data: $d) { id status } }`;
const STATUS = `mutation($t: ID!, $s: String!, $d: String!) { changeEmploymentStatus(teacherId: $t, status: $s, effectiveDate: $d) { id employmentStatus } }`;
const DRAW = `mutation($i: DrawSpotCheckInput!) { drawSpotCheck(input: $i) { id items { id teacherId schoolId } } }`;
const FINDING = `mutation($id: ID!, $r: SpotCheckResult!, $f: String) { recordSpotCheckFinding(itemId: $id, result: $r, finding: $f) { id } }`;
const PUBLISH = `mutation($id: ID!) { publishSpotCheck(id: $id) { id status } }`;
const CHECK = `query($id: ID!) { spotCheck(id: $id) { openCorrections items { id correction correctionNote correctedBy } } }`;
const CORRECT = `mutation($id: ID!, $n: String!) { completeSpotCheckCorrection(itemId: $id, note: $n) { id correction correctionNote correctedAt } }`;

interface Note { id: string; kind: string; message: string; subjectType: string | null; subjectId: string | null; doneAt: string | null }

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [
    ['s_info', 'schoolA', 'info_admin'], ['s2_info', 'schoolA2', 'info_admin'], ['c_info', 'countyA', 'info_admin'], ['city_info', 'cityA', 'info_admin'],
    ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }], ['t_a2', 'schoolA2', 'teacher', { teacherOf: 'schoolA2' }],
  ] });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

async function notes(user: string, subjectId?: string): Promise<Note[]> {
  const all: Note[] = dataOf(await t.gql(NOTES, {}, tok[user])).notifications;
  return subjectId ? all.filter((n) => n.subjectId === subjectId) : all;
}

const ok = async (q: string, v: Record<string, unknown>, user: string) => dataOf(await t.gql(q, v, tok[user]));

describe('a returned record', () => {
  it('tells the teacher who submitted it, with the reason, and the notice is done once resubmitted', async () => {
    const id = (await ok(SAVE, { i: { teacherId: w.teachers.schoolA!.id, infoSet: 'skill', data: { name: '普通话二级甲等' }, submit: true } }, 't_a')).saveArchiveRecord.id;
    expect((await ok(RETURN, { ids: [id], r: '证书编号缺失' }, 's_info')).returnArchiveRecords[0].ok).toBe(true);
    const [n] = await notes('t_a', id);
    expect(n).toMatchObject({ kind: 'record_returned', subjectType: 'ArchiveRecord', doneAt: null });
    expect(n!.message).toContain('证书编号缺失');
    expect(n!.message).toContain('学校退回');
    expect(await notes('s2_info', id)).toEqual([]);
    expect((await ok(SUBMIT, { ids: [id] }, 't_a')).submitArchiveRecords[0].ok).toBe(true);
    expect((await notes('t_a', id))[0]!.doneAt).not.toBeNull();
  });

  it('a return at the authority step tells the teacher and the school that passed it', async () => {
    const id = (await ok(SAVE, { i: { teacherId: w.teachers.schoolA!.id, infoSet: 'skill', data: { name: '计算机二级' }, submit: true } }, 't_a')).saveArchiveRecord.id;
    await ok(APPROVE, { ids: [id] }, 's_info');
    await ok(RETURN, { ids: [id], r: '与原件不符' }, 'c_info');
    for (const user of ['t_a', 's_info']) {
      const [n] = await notes(user, id);
      expect(n, user).toMatchObject({ kind: 'record_returned' });
      expect(n!.message).toContain('主管教育行政部门退回');
    }
  });
});

describe('a decided change request', () => {
  async function changeRequest(): Promise<string> {
    const em = t.app.orm.em.fork();
    const teacher = await em.findOneOrFail<Teacher>('Teacher', w.teachers.schoolA!.id);
    const record = buildEffectiveRecord(em, teacher, 'skill', { name: `证书${Math.random()}` });
    await em.flush();
    return (await ok(CHANGE, { id: record.id, d: { name: '更正后的证书' } }, 's_info')).requestArchiveChange.id;
  }

  it.each([
    ['approved', 'change_request_approved', '已批准'],
    ['refused', 'change_request_refused', '未获批准'],
  ])('%s: the school that filed it and the teacher are told', async (decision, kind, text) => {
    const id = await changeRequest();
    if (decision === 'approved') expect((await ok(APPROVE, { ids: [id] }, 'c_info')).approveArchiveRecords[0].ok).toBe(true);
    else expect((await ok(RETURN, { ids: [id], r: '无佐证材料' }, 'c_info')).returnArchiveRecords[0].ok).toBe(true);
    for (const user of ['s_info', 't_a']) {
      const found = await notes(user, id);
      expect(found.map((n) => n.kind), user).toEqual([kind]);
      expect(found[0]!.message).toContain(text);
    }
    expect(await notes('s2_info', id)).toEqual([]);
  });
});

describe('a status change', () => {
  it('tells the teacher and the school\'s supervising authority', async () => {
    const teacherId = w.teachers.schoolA2!.id;
    await ok(STATUS, { t: teacherId, s: 'long_absence', d: '2026-03-01' }, 's2_info');
    for (const user of ['t_a2', 'c_info']) {
      const [n] = await notes(user, teacherId);
      expect(n, user).toMatchObject({ kind: 'status_changed', subjectType: 'Teacher' });
      expect(n!.message).toContain('长期不在岗');
    }
    expect(await notes('city_info', teacherId)).toEqual([]);
    await ok(STATUS, { t: teacherId, s: 'active', d: '2026-04-01' }, 's2_info');
  });
});

describe('a published spot check', () => {
  let checkId: string;
  let inaccurate: { id: string; teacherId: string; schoolId: string };

  beforeAll(async () => {
    const check = (await ok(DRAW, { i: { title: '年度抽查', schoolCount: 2, teacherCount: 2, seed: '7' } }, 'c_info')).drawSpotCheck;
    checkId = check.id;
    inaccurate = check.items.find((i: { schoolId: string }) => i.schoolId === w.units.schoolA.id) ?? check.items[0];
    for (const item of check.items) {
      const bad = item.id === inaccurate.id;
      await ok(FINDING, { id: item.id, r: bad ? 'INACCURATE' : 'ACCURATE', f: bad ? '最高学历与证书不符' : null }, 'c_info');
    }
    await ok(PUBLISH, { id: checkId }, 'c_info');
  });

  it('each drawn school is told, and the inaccurate finding is a correction task for its school, its teacher told', async () => {
    const schoolUser = inaccurate.schoolId === w.units.schoolA.id ? 's_info' : 's2_info';
    const schoolNotes = await notes(schoolUser);
    expect(schoolNotes.find((n) => n.kind === 'spot_check_published' && n.subjectId === checkId)!.message).toContain('1人需整改');
    const task = schoolNotes.find((n) => n.kind === 'correction_task' && n.subjectId === inaccurate.id)!;
    expect(task.message).toContain('最高学历与证书不符');
    expect(task.doneAt).toBeNull();
    const teacherUser = inaccurate.teacherId === w.teachers.schoolA!.id ? 't_a' : 't_a2';
    expect((await notes(teacherUser, inaccurate.id)).map((n) => n.kind)).toEqual(['spot_check_finding']);
    expect((await ok(CHECK, { id: checkId }, 'c_info')).spotCheck.openCorrections).toBe(1);
  });

  it('the authority cannot close the school\'s task; the school closes it with what it corrected, tracked to the end', async () => {
    const schoolUser = inaccurate.schoolId === w.units.schoolA.id ? 's_info' : 's2_info';
    const otherSchool = schoolUser === 's_info' ? 's2_info' : 's_info';
    expect(errorCode(await t.gql(CORRECT, { id: inaccurate.id, n: '已更正' }, tok.c_info))).toBe('FORBIDDEN');
    expect(errorCode(await t.gql(CORRECT, { id: inaccurate.id, n: '已更正' }, tok[otherSchool]))).toBe('NOT_FOUND_OR_NO_ACCESS');
    expect(errorCode(await t.gql(CORRECT, { id: inaccurate.id, n: '  ' }, tok[schoolUser]))).toBe('VALIDATION_FAILED');
    const done = (await ok(CORRECT, { id: inaccurate.id, n: '已按毕业证书更正最高学历' }, schoolUser)).completeSpotCheckCorrection;
    expect(done).toMatchObject({ correction: 'DONE', correctionNote: '已按毕业证书更正最高学历' });
    expect(done.correctedAt).not.toBeNull();
    expect((await notes(schoolUser)).find((n) => n.kind === 'correction_task' && n.subjectId === inaccurate.id)!.doneAt).not.toBeNull();
    expect((await notes('c_info', inaccurate.id)).map((n) => n.kind)).toEqual(['correction_done']);
    expect((await ok(CHECK, { id: checkId }, 'c_info')).spotCheck.openCorrections).toBe(0);
    expect(errorCode(await t.gql(CORRECT, { id: inaccurate.id, n: '再次办结' }, tok[schoolUser]))).toBe('SPOT_CHECK_NO_CORRECTION');
  });
});
