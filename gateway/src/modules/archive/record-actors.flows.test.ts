import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { signSeedRecords } from '../../demo/builders.js';

/**
 * Issue 13.3 — who entered, who approved, by name (谁填报谁负责、谁审核谁负责): every record, case
 * step and credit names its people with unit and time, for whoever may read it, without the
 * right to read accounts; lists cost one query for all names.
 */
const ACTOR = 'name unitName unitCode at';
const STEPS = `entered { ${ACTOR} } submitted { ${ACTOR} } schoolApproved { ${ACTOR} } approved { ${ACTOR} } returned { ${ACTOR} }`;
const ARCHIVE = `query($t: ID!, $sets: [String!]) { teacherArchive(teacherId: $t, sets: $sets) { infoSet records { id ${STEPS} } } }`;
const HISTORY = `query($t: ID!, $s: String!) { archiveHistory(teacherId: $t, infoSet: $s) { id status ${STEPS} } }`;
const QUEUE = `query($f: RecordQueueFilter) { archiveRecords(filter: $f) { nodes { id status ${STEPS} } } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id } }`;
const APPROVE = `mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { ok status } }`;
const RETURN = `mutation($ids: [ID!]!, $r: String!) { returnArchiveRecords(ids: $ids, reason: $r) { ok } }`;
const CHANGE = `mutation($id: ID!, $r: String!, $d: JSON) { requestArchiveChange(recordId: $id, reason: $r, data: $d) { id } }`;
const CASE = `query($id: ID!) { approvalCase(id: $id) { initiator { ${ACTOR} } steps { stepKey action actorName actorUnitName actor { ${ACTOR} } } } }`;
const APPROVE_CASE = `mutation($id: ID!) { approveCase(id: $id) { status } }`;
const TOTALS = `query($t: ID!) { trainingTotals(teacherId: $t) { credits { source title entered { ${ACTOR} } confirmed { ${ACTOR} } } } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
const queries: string[] = [];
const gql = (user: string, q: string, v?: Record<string, unknown>) => t.gql(q, v, tok[user]);
const teacherA = (): string => w.teachers.schoolA!.id;
const SCHOOL = { name: '用户s_info', unitName: '甲一区第一小学', unitCode: '2330102001' };
const COUNTY = { name: '用户c_info', unitName: '甲一区教育局', unitCode: '330102' };
const TIME = expect.stringMatching(/^\d{4}-\d\d-\d\dT/);

beforeAll(async () => {
  t = await createTestApp({}, { onQuery: (q) => queries.push(q) });
  w = await buildWorld(t.app, { accounts: [
    ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }], ['s_info', 'schoolA', 'info_admin'], ['c_info', 'countyA', 'info_admin'],
    ['c_query', 'countyA', 'query_user'], ['c_train', 'countyA', 'training_admin'], ['c2_query', 'countyA2', 'query_user'],
  ] });
  // The world's records stand for seeded ones: signed as the demo seed signs them.
  expect(await signSeedRecords(t.app.orm.em.fork())).toBeGreaterThan(0);
  for (const u of ['t_a', 's_info', 'c_info', 'c_query', 'c_train', 'c2_query']) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('records', () => {
  it('a county query user reads who entered and who approved a seeded record: name, unit and time', async () => {
    const [basic] = dataOf(await gql('c_query', ARCHIVE, { t: teacherA(), sets: ['basic'] })).teacherArchive;
    expect(basic.records).toHaveLength(1);
    expect(basic.records[0]).toMatchObject({
      entered: { ...SCHOOL, at: TIME }, submitted: { ...SCHOOL, at: TIME }, schoolApproved: { ...SCHOOL, at: TIME }, approved: { ...COUNTY, at: TIME }, returned: null,
    });
    const r = basic.records[0];
    expect(Date.parse(r.entered.at)).toBeLessThan(Date.parse(r.schoolApproved.at));
    expect(Date.parse(r.schoolApproved.at)).toBeLessThan(Date.parse(r.approved.at));
    // The names need no right to read accounts: the query user has none.
    expect(errorCode(await gql('c_query', `query($id: ID!) { account(id: $id) { username } }`, { id: w.accounts.get('s_info')!.id }))).toMatch(/FORBIDDEN|NOT_FOUND_OR_NO_ACCESS/);
  });

  it('a school without an information admin: its authority entered and approved the seeded record', async () => {
    const [basic] = dataOf(await gql('c_info', ARCHIVE, { t: w.teachers.schoolA2!.id, sets: ['basic'] })).teacherArchive;
    expect(basic.records[0]).toMatchObject({ entered: COUNTY, submitted: null, schoolApproved: null, approved: COUNTY });
  });

  it('a record entered by the teacher, reviewed by the school and approved by the county names all three; a return names who returned it', async () => {
    const id = dataOf(await gql('t_a', SAVE, { i: { teacherId: teacherA(), infoSet: 'skill', data: { name: '普通话一级乙等' }, submit: true } })).saveArchiveRecord.id;
    dataOf(await gql('s_info', RETURN, { ids: [id], r: '请填写等级' }));
    const returned = dataOf(await gql('c_query', HISTORY, { t: teacherA(), s: 'skill' })).archiveHistory.find((x: any) => x.id === id);
    expect(returned).toMatchObject({ status: 'returned', entered: { name: '教师schoolA', unitName: '甲一区第一小学', at: TIME }, returned: { ...SCHOOL, at: TIME }, approved: null });

    dataOf(await gql('t_a', SAVE, { i: { id, teacherId: teacherA(), infoSet: 'skill', data: { name: '普通话', level: '一级乙等' }, submit: true } }));
    expect(dataOf(await gql('s_info', APPROVE, { ids: [id] })).approveArchiveRecords[0]).toMatchObject({ ok: true, status: 'school_approved' });
    expect(dataOf(await gql('c_info', APPROVE, { ids: [id] })).approveArchiveRecords[0]).toMatchObject({ ok: true, status: 'effective' });
    const [skill] = dataOf(await gql('c_query', ARCHIVE, { t: teacherA(), sets: ['skill'] })).teacherArchive;
    expect(skill.records.find((x: any) => x.id === id)).toMatchObject({
      entered: { name: '教师schoolA', unitName: '甲一区第一小学' }, submitted: { name: '教师schoolA' }, schoolApproved: SCHOOL, approved: COUNTY,
    });
  });

  it('a change request names who asked for it and, once decided, who approved it', async () => {
    const [basic] = dataOf(await gql('s_info', ARCHIVE, { t: teacherA(), sets: ['basic'] })).teacherArchive;
    const req = dataOf(await gql('s_info', CHANGE, { id: basic.records[0].id, r: '更正民族', d: { name: '教师schoolA', gender: '2', birthDate: '1985-03-15', ethnicity: '02' } })).requestArchiveChange.id;
    const pending = dataOf(await gql('c_info', QUEUE, { f: { changeKind: ['change'], awaitingMe: true } })).archiveRecords.nodes.find((x: any) => x.id === req);
    expect(pending).toMatchObject({ entered: SCHOOL, submitted: SCHOOL, approved: null });
    dataOf(await gql('c_info', APPROVE, { ids: [req] }));
    const decided = dataOf(await gql('c_query', HISTORY, { t: teacherA(), s: 'basic' })).archiveHistory.find((x: any) => x.id === req);
    expect(decided).toMatchObject({ status: 'effective', entered: SCHOOL, approved: { ...COUNTY, at: TIME } });
  });

  it('a teacher\'s restricted sets name them too, for the administrators who may read them', async () => {
    const q = `query($id: ID!) { teacher(id: $id) { assessments { entered { ${ACTOR} } approved { ${ACTOR} } } } }`;
    const [assessment] = dataOf(await gql('c_info', q, { id: teacherA() })).teacher.assessments;
    expect(assessment).toMatchObject({ entered: { ...SCHOOL, at: TIME }, approved: { ...COUNTY, at: TIME } });
  });

  it('names stay with the record: nobody outside its scope reads them', async () => {
    expect(errorCode(await gql('c2_query', ARCHIVE, { t: teacherA(), sets: ['basic'] }))).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('a list asks for the names of all its records in one query', async () => {
    queries.length = 0;
    const history = dataOf(await gql('c_query', HISTORY, { t: teacherA(), s: 'skill' })).archiveHistory;
    expect(history.length).toBeGreaterThan(0);
    expect(queries.filter((q) => /from account a join unit u/.test(q))).toHaveLength(1);
  });
});

describe('case steps and credits', () => {
  it('a self-study claim: the case names who claimed and who approved at each step; the credit who entered and who confirmed', async () => {
    const s = dataOf(await gql('t_a', `mutation($i: TrainingSelfStudyInput!) { submitSelfStudy(input: $i) { caseId } }`, { i: {
      teacherId: teacherA(), title: '在线课程：教学评价', organizer: '国家智慧教育平台', startDate: '2025-04-01', endDate: '2025-05-30', hours: 10 } })).submitSelfStudy;
    dataOf(await gql('s_info', APPROVE_CASE, { id: s.caseId }));
    dataOf(await gql('c_train', APPROVE_CASE, { id: s.caseId }));
    const c = dataOf(await gql('t_a', CASE, { id: s.caseId })).approvalCase;
    expect(c.initiator).toMatchObject({ name: '教师schoolA', unitName: '甲一区第一小学', at: TIME });
    expect(c.steps).toEqual([
      { stepKey: expect.any(String), action: 'approve', actorName: '用户s_info', actorUnitName: '甲一区第一小学', actor: { ...SCHOOL, at: TIME } },
      { stepKey: expect.any(String), action: 'approve', actorName: '用户c_train', actorUnitName: '甲一区教育局', actor: { name: '用户c_train', unitName: '甲一区教育局', unitCode: '330102', at: TIME } },
    ]);
    const credits = dataOf(await gql('t_a', TOTALS, { t: teacherA() })).trainingTotals.credits;
    expect(credits.find((x: any) => x.source === 'self_study')).toMatchObject({
      entered: { name: '教师schoolA', unitName: '甲一区第一小学', at: TIME }, confirmed: { name: '用户c_train', unitName: '甲一区教育局', at: TIME },
    });
    // Its archive record says the same, to a county query user.
    const [training] = dataOf(await gql('c_query', ARCHIVE, { t: teacherA(), sets: ['domestic_training'] })).teacherArchive;
    expect(training.records[0]).toMatchObject({ entered: { name: '教师schoolA' }, approved: { name: '用户c_train', unitName: '甲一区教育局' } });
  });
});
