import { randomBytes } from 'node:crypto';
import { generateChineseIdCard, todayInChina } from '@tmis/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/auth-helpers.js';
import { dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { teacherWorkbook } from '../../testing/teacher-workbook.js';
import { addAccounts, buildProvince, freshDatabase, startGateway, waitFor, type Gateway } from './testing/cluster.js';

/**
 * Issue 13.8, temporary and permanent identifier (临时编号 / 正式编号), through GraphQL on one
 * national system and two provinces: a number issued in a province that syncs is provisional until
 * the national registry has checked the person against every province; the registry's answer makes
 * it confirmed. The same person registered as employed in two provinces keeps the newer number
 * provisional and is listed in the problem-data queue of both; once one side ends the employment
 * the next check confirms it and both records close. (Sync off: teachers.flows.test.ts.)
 */
const KEY_A = randomBytes(32).toString('hex');
const KEY_B = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const A = '330000';
const B = '110000';

const REGISTER = `mutation($i: RegisterTeacherInput!) { registerTeacher(input: $i) { id teacherNo numberState version } }`;
const TEACHER = `query($id: ID!) { teacher(id: $id) { id teacherNo numberState version } }`;
const PROVISIONAL = `{ teachers(first: 50, filter: { numberState: provisional }) { totalCount nodes { id teacherNo numberState } } }`;
const PROBLEMS = `query($s: String) { problemRecords(status: $s) { totalCount nodes { id kind reasonCode reason status note raw teacherId schoolId idNumber } } }`;
const SYNC_NOW = `mutation { syncNow { pushed pulled } }`;

let national: Gateway;
let provA: Gateway;
let provB: Gateway;
let worldA: Awaited<ReturnType<typeof buildProvince>>;
let worldB: Awaited<ReturnType<typeof buildProvince>>;
const tokens: Record<string, string> = {};
const asTestApp = (g: Gateway): TestApp => g as unknown as TestApp;
// The delivery loop runs once at start and then only when asked (syncNow), so each step can be seen.
const provinceEnv = (code: string, key: string): Record<string, string> => ({
  TMIS_PROVINCE_CODE: code, TMIS_NATIONAL_URL: national.url, TMIS_SYNC_KEY: key, TMIS_REGISTRY_KEY: REGISTRY, TMIS_SYNC_INTERVAL_MS: '3600000',
});
const syncNow = async (g: Gateway, token: string): Promise<{ pushed: number; pulled: number }> => dataOf(await g.gql(SYNC_NOW, {}, token)).syncNow;

const person = { name: '林晓', gender: '2', birthDate: '1991-05-06', idNumber: generateChineseIdCard({ regionCode: '330106', birthDate: '1991-05-06', sequence: 812, gender: '2' }) };
let inA: { id: string; teacherNo: string };
let inB: { id: string; teacherNo: string };

beforeAll(async () => {
  const [dbN, dbA, dbB] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
  national = await startGateway(dbN, { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${A}:${KEY_A},${B}:${KEY_B}`, TMIS_REGISTRY_KEY: REGISTRY });
  const em = national.app.orm.em.fork();
  const { buildUnit } = await import('../../demo/builders.js');
  const root = await buildUnit(em, null, { code: '000000', name: '中华人民共和国教育部', level: 'national' });
  await em.flush();
  await addAccounts(national, [['n-sys', root, 'system_admin']]);
  [provA, provB] = await Promise.all([startGateway(dbA, provinceEnv(A, KEY_A)), startGateway(dbB, provinceEnv(B, KEY_B))]);
  worldA = await buildProvince(provA, { code: A, name: '甲省', prefix: 'a', teachers: 1, idRegion: '330102', seqBase: 100 });
  worldB = await buildProvince(provB, { code: B, name: '乙省', prefix: 'b', teachers: 1, idRegion: '110108', seqBase: 300 });
  tokens.a = await loginAs(asTestApp(provA), 'a-sys');
  tokens.b = await loginAs(asTestApp(provB), 'b-sys');
  tokens.aSchool = await loginAs(asTestApp(provA), 'a-school', provA.certDir);
  tokens.bSchool = await loginAs(asTestApp(provB), 'b-school', provB.certDir);
  tokens.n = await loginAs(asTestApp(national), 'n-sys');
  // Units and the seeded teachers (checked long ago: confirmed) reach the national system first.
  await syncNow(provA, tokens.a);
  await syncNow(provB, tokens.b);
});

afterAll(async () => {
  await Promise.all([provA?.close(), provB?.close()]);
  await national?.close();
});

const problems = async (g: Gateway, token: string, status: string) => dataOf(await g.gql(PROBLEMS, { s: status }, token)).problemRecords;
const conflictRecords = async (g: Gateway, token: string, status: string) =>
  (await problems(g, token, status)).nodes.filter((n: { kind: string }) => n.kind === 'registry_conflict');

describe('provisional and confirmed teacher numbers (issue 13.8)', () => {
  it('with sync on, a registered teacher is provisional until the national check, then confirmed without being reported again', async () => {
    const r = dataOf(await provA.gql(REGISTER, { i: { ...person, unitId: worldA.units.school.id, startDate: '2016-09-01' } }, tokens.aSchool)).registerTeacher;
    inA = { id: r.id, teacherNo: r.teacherNo };
    expect(r.numberState).toBe('provisional');
    const listed = dataOf(await provA.gql(PROVISIONAL, {}, tokens.aSchool)).teachers;
    expect(listed.nodes).toEqual([{ id: r.id, teacherNo: r.teacherNo, numberState: 'provisional' }]);

    // One round: the snapshot goes up, the registry checks every province, its confirmation comes back.
    const round = await syncNow(provA, tokens.a);
    expect(round.pushed).toBeGreaterThanOrEqual(1);
    expect(round.pulled).toBeGreaterThanOrEqual(1);
    const after = dataOf(await provA.gql(TEACHER, { id: r.id }, tokens.aSchool)).teacher;
    expect(after).toEqual({ id: r.id, teacherNo: r.teacherNo, numberState: 'confirmed', version: r.version });
    expect(dataOf(await provA.gql(PROVISIONAL, {}, tokens.aSchool)).teachers.totalCount).toBe(0);
    // The confirmation is the registry's verdict: nothing new to report, the two levels still agree.
    const status = dataOf(await provA.gql(`{ syncStatus { pending } }`, {}, tokens.a)).syncStatus;
    expect(status.pending).toBe(0);
    const [n] = await national.sql<{ number_state: string; version: number; confirmed: boolean }>(`select t.number_state, t.version, r.confirmed_at is not null as confirmed
      from teacher t join registry_entry r on r.teacher_id = t.id where t.id = ?`, [r.id]);
    expect(n).toEqual({ number_state: 'confirmed', version: r.version, confirmed: true });
    expect(dataOf(await national.gql(TEACHER, { id: r.id }, tokens.n)).teacher.numberState).toBe('confirmed');
    const audit = await provA.sql(`select actor_username, scope_path, detail from audit_entry where action = 'teacher.number_confirmed' and target_id = ?`, [r.id]);
    expect(audit).toEqual([{ actor_username: 'national', scope_path: worldA.units.school.path, detail: { teacherNo: r.teacherNo } }]);
    // The seeded teacher was confirmed before and stays so.
    expect(dataOf(await provA.gql(TEACHER, { id: worldA.teacherIds[0] }, tokens.aSchool)).teacher.numberState).toBe('confirmed');
  });

  it('the same person registered as employed in a second province keeps a provisional number, listed in both provinces\' problem data', async () => {
    const r = dataOf(await provB.gql(REGISTER, { i: { ...person, unitId: worldB.units.school.id, startDate: '2024-09-01' } }, tokens.bSchool)).registerTeacher;
    inB = { id: r.id, teacherNo: r.teacherNo };
    expect(r.numberState).toBe('provisional');
    await syncNow(provB, tokens.b);
    await syncNow(provA, tokens.a);
    const conflicts = dataOf(await national.gql(`{ registryConflicts { kind status teacherNoA teacherNoB } }`, {}, tokens.n)).registryConflicts;
    expect(conflicts).toEqual([{ kind: 'active_in_two_provinces', status: 'open', teacherNoA: inA.teacherNo, teacherNoB: inB.teacherNo }]);

    // B: still provisional, and filterable as such.
    expect(dataOf(await provB.gql(TEACHER, { id: inB.id }, tokens.bSchool)).teacher.numberState).toBe('provisional');
    expect(dataOf(await provB.gql(PROVISIONAL, {}, tokens.bSchool)).teachers.nodes.map((n: { id: string }) => n.id)).toEqual([inB.id]);
    const [nb] = await national.sql<{ number_state: string }>(`select number_state from teacher where id = ?`, [inB.id]);
    expect(nb!.number_state).toBe('provisional');

    // Both problem queues list it, each naming its own teacher and the other province's number.
    const [bRec] = await conflictRecords(provB, tokens.bSchool, 'open');
    expect(bRec).toMatchObject({
      kind: 'registry_conflict', reasonCode: 'REGISTRY_ACTIVE_IN_TWO_PROVINCES', status: 'open', teacherId: inB.id, schoolId: worldB.units.school.id,
      idNumber: person.idNumber, // the school's information admin reads it in full, as for any problem record
      raw: expect.objectContaining({ teacherNo: inB.teacherNo, numberState: 'provisional', otherProvince: A, otherProvinceName: '浙江省', otherTeacherNo: inA.teacherNo }),
    });
    expect(bRec.reason).toContain('一人一号冲突');
    expect(bRec.reason).toContain('临时编号');
    expect(bRec.raw.detail).toBe(`与浙江省（330000）教师个人标识码 ${inA.teacherNo} 的教师为同一证件号码，两省均登记在职`);
    expect(bRec.raw.idNumber).not.toContain(person.idNumber.slice(6, 14));
    const aRecs = await conflictRecords(provA, tokens.aSchool, 'open');
    expect(aRecs).toEqual([expect.objectContaining({ reasonCode: 'REGISTRY_ACTIVE_IN_TWO_PROVINCES', teacherId: inA.id,
      raw: expect.objectContaining({ teacherNo: inA.teacherNo, numberState: 'confirmed', otherProvince: B, otherProvinceName: '北京市', otherTeacherNo: inB.teacherNo }) })]);
    // The county above sees it too; another province's school does not hold it at all.
    const aCounty = await loginAs(asTestApp(provA), 'a-county', provA.certDir);
    expect((await conflictRecords(provA, aCounty, 'open')).map((n: { id: string }) => n.id)).toEqual([aRecs[0].id]);

    // Not resolved by registering again here: it closes when the registry checks again.
    expect(errorCode(await provB.gql(`mutation($id: ID!) { resolveProblemRecord(id: $id, data: {}) { id } }`, { id: bRec.id }, tokens.bSchool))).toBe('PROBLEM_RESOLVED_BY_REGISTRY');
    // Another round changes nothing: the conflict stands.
    await syncNow(provB, tokens.b);
    expect(dataOf(await provB.gql(TEACHER, { id: inB.id }, tokens.bSchool)).teacher.numberState).toBe('provisional');
    expect(await conflictRecords(provB, tokens.bSchool, 'open')).toHaveLength(1);
  });

  it('once the first province ends the employment, the next check confirms the number and both problem records close', async () => {
    dataOf(await provA.gql(`mutation($id: ID!, $d: String!) { changeEmploymentStatus(teacherId: $id, status: "resigned", effectiveDate: $d, reason: "离职") { id employmentStatus } }`,
      { id: inA.id, d: todayInChina() }, tokens.aSchool));
    await syncNow(provA, tokens.a); // A's snapshot: no longer employed in two provinces
    await syncNow(provB, tokens.b); // B hears of it and of the confirmation
    expect(dataOf(await provB.gql(TEACHER, { id: inB.id }, tokens.bSchool)).teacher.numberState).toBe('confirmed');
    expect(dataOf(await provB.gql(PROVISIONAL, {}, tokens.bSchool)).teachers.totalCount).toBe(0);
    const [nb] = await national.sql<{ number_state: string }>(`select number_state from teacher where id = ?`, [inB.id]);
    expect(nb!.number_state).toBe('confirmed');
    for (const [g, token, teacherId] of [[provA, tokens.aSchool, inA.id], [provB, tokens.bSchool, inB.id]] as const) {
      expect(await conflictRecords(g, token!, 'open')).toEqual([]);
      expect(await conflictRecords(g, token!, 'resolved')).toEqual([expect.objectContaining({ teacherId, status: 'resolved', note: '全国教师库复核：两省不再同时在职' })]);
    }
    // The registry still knows one document under two numbers (a data matter), but no longer two employments.
    const conflicts = dataOf(await national.gql(`{ registryConflicts { kind status } }`, {}, tokens.n)).registryConflicts;
    expect(conflicts).toEqual([{ kind: 'duplicate_document', status: 'open' }]);
  });

  it('an Excel import in a province that syncs issues provisional numbers too, confirmed by the same check', async () => {
    const rows = [0, 1].map((i) => ({
      name: `导入教师${i}`, gender: '男', birthDate: '1988-03-0' + (i + 1),
      idNumber: generateChineseIdCard({ regionCode: '330102', birthDate: '1988-03-0' + (i + 1), sequence: 900 + 2 * i + 1, gender: '1' }), startDate: '2018-09-01',
    }));
    const res = await fetch(`${provA.url}/api/imports/teachers?unitId=${worldA.units.school.id}`, {
      method: 'POST', body: await teacherWorkbook(rows), headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', authorization: `Bearer ${tokens.aSchool}` },
    });
    expect(res.status).toBe(202);
    const { jobId } = (await res.json()) as { jobId: string };
    await waitFor('the import job', async () => {
      const job = dataOf(await provA.gql(`query($id: ID!) { job(id: $id) { status } }`, { id: jobId }, tokens.aSchool)).job;
      return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
    });
    const imported = dataOf(await provA.gql(PROVISIONAL, {}, tokens.aSchool)).teachers;
    expect(imported.totalCount).toBe(2);
    await syncNow(provA, tokens.a);
    expect(dataOf(await provA.gql(PROVISIONAL, {}, tokens.aSchool)).teachers.totalCount).toBe(0);
  });
});
