import { randomBytes } from 'node:crypto';
import { chinaDayPlus, generateChineseIdCard } from '@tmis/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/auth-helpers.js';
import { dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { signRequest } from '../../platform/sync/signing.js';
import { agentOf } from './sync.setup.js';
import { addAccounts, buildProvince, freshDatabase, keepOf, signingKeyFiles, startFaultProxy, startGateway, waitFor, type FaultProxy, type Gateway } from './testing/cluster.js';

/**
 * Issue 8 end to end: one national system and two province systems (three gateways, three
 * databases), with real faults — the national server stopped, connections cut after the national
 * side applied a push, a batch posted twice, a province closed between commit and delivery.
 */
const KEY_A = randomBytes(32).toString('hex');
const KEY_B = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const A = '330000';
const B = '110000';
// A signs its requests (SM2 under gm, P-256 under intl; issue 15.1); B has no key registered and authenticates by HMAC.
const SIGNING_A = signingKeyFiles();

const CHECKSUMS = `{ syncChecksums { provinceCode teachers checksum } }`;
const CONFLICTS = `{ registryConflicts { kind status provinceA provinceB teacherNoA teacherNoB } }`;

let national: Gateway;
let provA: Gateway;
let provB: Gateway;
let proxyB: FaultProxy;
let worldA: Awaited<ReturnType<typeof buildProvince>>;
let worldB: Awaited<ReturnType<typeof buildProvince>>;
const tokens: Record<string, string> = {};

const asTestApp = (g: Gateway): TestApp => g as unknown as TestApp;
const provinceEnv = (code: string, key: string, url: string): Record<string, string> => ({
  TMIS_PROVINCE_CODE: code, TMIS_NATIONAL_URL: url, TMIS_SYNC_KEY: key, TMIS_REGISTRY_KEY: REGISTRY, TMIS_SYNC_INTERVAL_MS: '100',
});

async function checksum(g: Gateway, token: string, code: string): Promise<{ teachers: number; checksum: string } | undefined> {
  const rows = dataOf(await g.gql(CHECKSUMS, {}, token)).syncChecksums as { provinceCode: string; teachers: number; checksum: string }[];
  return rows.find((r) => r.provinceCode === code);
}

/** Per-province count and checksum over (teacher id, version) equal on both sides. */
async function converged(): Promise<void> {
  await waitFor('both provinces to match the national registry', async () => {
    const [a, b, na, nb] = await Promise.all([checksum(provA, tokens.a!, A), checksum(provB, tokens.b!, B), checksum(national, tokens.n!, A), checksum(national, tokens.n!, B)]);
    return !!a && !!b && !!na && !!nb && a.teachers === na.teachers && a.checksum === na.checksum && b.teachers === nb.teachers && b.checksum === nb.checksum;
  }, 20_000);
}

beforeAll(async () => {
  const [dbN, dbA, dbB] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
  national = await startGateway(dbN, { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${A}:${KEY_A},${B}:${KEY_B}`, TMIS_SYNC_PUBLIC_KEYS: `${A}:${SIGNING_A.publicKey}`, TMIS_REGISTRY_KEY: REGISTRY });
  // The national system's own accounts: a system admin and an information admin at the ministry, and a query user.
  const em = national.app.orm.em.fork();
  const { buildUnit } = await import('../../demo/builders.js');
  const root = await buildUnit(em, null, { code: '000000', name: '中华人民共和国教育部', level: 'national' });
  await em.flush();
  await addAccounts(national, [['n-sys', root, 'system_admin'], ['n-info', root, 'info_admin'], ['n-query', root, 'query_user']]);
  proxyB = await startFaultProxy(national.port);
  [provA, provB] = await Promise.all([
    startGateway(dbA, { ...provinceEnv(A, KEY_A, national.url), TMIS_SYNC_SIGNING_KEY: SIGNING_A.privateKey }),
    startGateway(dbB, provinceEnv(B, KEY_B, proxyB.url)),
  ]);
  worldA = await buildProvince(provA, { code: A, name: '甲省', prefix: 'a', teachers: 6, idRegion: '330102', seqBase: 100 });
  worldB = await buildProvince(provB, { code: B, name: '乙省', prefix: 'b', teachers: 4, idRegion: '110108', seqBase: 300 });
  tokens.a = await loginAs(asTestApp(provA), 'a-sys');
  tokens.b = await loginAs(asTestApp(provB), 'b-sys');
  tokens.n = await loginAs(asTestApp(national), 'n-sys');
});

afterAll(async () => {
  await Promise.all([provA?.close(), provB?.close()]);
  await proxyB?.close();
  await national?.close();
});

const INIT = `mutation($input: InitiateInterprovincialTransferInput!) { initiateInterprovincialTransfer(input: $input) { id status caseId } }`;
const LIST = `{ interprovincialTransfers { id direction status teacherNo closeReason } }`;
const inDays = (n: number): string => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function approve(g: Gateway, token: string): Promise<void> {
  const inbox = dataOf(await g.gql(`{ approvalInbox { items { approvalCase { id version type } } } }`, {}, token)).approvalInbox.items;
  const c = inbox.find((i: { approvalCase: { type: string } }) => i.approvalCase.type.startsWith('interprovincial'))!.approvalCase;
  dataOf(await g.gql(`mutation($id: ID!, $v: Int) { approveCase(id: $id, version: $v) { status } }`, { id: c.id, v: c.version }, token));
}

describe('two-level build: provinces report to the national system', () => {
  it('reported units and teachers arrive; national users see them through the same GraphQL surface', async () => {
    await converged();
    const nInfo = await loginAs(asTestApp(national), 'n-info', national.certDir);
    const nQuery = await loginAs(asTestApp(national), 'n-query');
    const q = `{ teachers(first: 50) { totalCount nodes { id teacherNo idNumber school { name } } } }`;
    const all = dataOf(await national.gql(q, {}, nInfo)).teachers;
    expect(all.totalCount).toBe(10);
    const firstA = worldA.teacherIds[0]!;
    const row = all.nodes.find((n: { id: string }) => n.id === firstA);
    // Stored encrypted with the national key; shown in full to the national information admin, masked to a query user.
    expect(row.idNumber).toBe(worldA.idNumbers.get(firstA));
    expect(row.school.name).toBe('甲省一区第一小学');
    const masked = dataOf(await national.gql(q, {}, nQuery)).teachers.nodes.find((n: { id: string }) => n.id === firstA);
    expect(masked.idNumber).toMatch(/\*{4,}/);
    const [clear] = await national.sql(`select count(*)::int as n from teacher where position(convert_to(?, 'UTF8') in id_number_enc) > 0`, [worldA.idNumbers.get(firstA)]);
    expect(clear!.n).toBe(0);
    // Units of both provinces sit under the national root.
    const units = await national.sql<{ code: string; path: string }>(`select code, path from unit where code in ('330000', '110000', '2330102001') order by code`);
    expect(units).toHaveLength(3);
    expect(units.every((u) => u.path.split('/').filter(Boolean).length >= 2)).toBe(true);
    // The archive is there too (basic set), with the same record ids.
    const archive = dataOf(await national.gql(`query($id: ID!) { teacherArchive(teacherId: $id) { infoSet records { id } } }`, { id: firstA }, nInfo)).teacherArchive;
    expect(archive.find((s: { infoSet: string }) => s.infoSet === 'basic').records).toHaveLength(1);
    // Statistics over all provinces at the national root, one row per province.
    const stats = dataOf(await national.gql(`{ teacherStatistics(dimensions: [CHILD_UNIT]) { total cells { keys { label } count } } }`, {}, nInfo)).teacherStatistics;
    expect(stats.total).toBe(10);
    expect(Object.fromEntries(stats.cells.map((c: { keys: { label: string }[]; count: number }) => [c.keys[0]!.label, c.count]))).toEqual({ 甲省: 6, 乙省: 4 });
    // Each push is in national's audit chain, by province, with what was applied.
    const pushes = await national.sql<{ actor_username: string; applied: number }>(
      `select actor_username, sum((detail->>'applied')::int)::int as applied from audit_entry where action = 'sync.apply' group by actor_username order by actor_username`);
    expect(pushes.map((p) => p.actor_username)).toEqual(['province:110000', 'province:330000']);
    expect(pushes.every((p) => p.applied > 0)).toBe(true);
  });

  it('teacher.version grows on every change, including archive-only and raw SQL changes; province indicators stay home', async () => {
    const id = worldA.teacherIds[1]!;
    const v = async (): Promise<number> => (await provA.sql<{ version: number }>(`select version from teacher where id = ?`, [id]))[0]!.version;
    const v0 = await v();
    await provA.sql(`update teacher set indicators = '{"ZJ_RURAL": "1"}' where id = ?`, [id]);
    const v1 = await v();
    expect(v1).toBe(v0 + 1);
    await provA.sql(`insert into archive_record (id, created_at, updated_at, version, teacher_id, info_set, data, status, scope_path, origin, valid_from)
      select gen_random_uuid(), now(), now(), 1, id, 'education', '{"startDate":"2004-09-01","institution":"甲省师范大学","educationLevel":"21"}', 'effective', scope_path, 'system', now() from teacher where id = ?`, [id]);
    expect(await v()).toBe(v1 + 1);
    await converged();
    const [n] = await national.sql<{ version: number; indicators: unknown; sets: string[] }>(`select t.version, t.indicators,
      array(select info_set from archive_record where teacher_id = t.id order by info_set)::text[] as sets from teacher t where id = ?`, [id]);
    expect(n!.version).toBe(v1 + 1);
    expect(n!.indicators).toEqual({});
    expect(n!.sets).toEqual(['basic', 'education']);
  });

  it('the province\'s own workflows are reported as they happen: a status change and an in-province transfer', async () => {
    await addAccounts(provA, [['a-school2', worldA.units.school2, 'info_admin']]);
    const aSchool = await loginAs(asTestApp(provA), 'a-school', provA.certDir);
    const aSchool2 = await loginAs(asTestApp(provA), 'a-school2', provA.certDir);
    const aCounty = await loginAs(asTestApp(provA), 'a-county', provA.certDir);
    const today = new Date().toISOString().slice(0, 10);
    dataOf(await provA.gql(`mutation($id: ID!, $d: String!) { changeEmploymentStatus(teacherId: $id, status: "long_absence", effectiveDate: $d, reason: "病假") { id } }`,
      { id: worldA.teacherIds[0], d: today }, aSchool));
    const moved = worldA.teacherIds[5]!; // at the second school
    const t = dataOf(await provA.gql(`mutation($input: InitiateTransferInput!) { initiateTransfer(input: $input) { id } }`, { input: {
      idType: '1', idNumber: worldA.idNumbers.get(moved), name: worldA.names.get(moved), toUnitId: worldA.units.school.id, effectiveDate: chinaDayPlus(0) } }, aSchool)).initiateTransfer;
    for (const token of [aCounty, aSchool2]) {
      const inbox = dataOf(await provA.gql(`{ approvalInbox { items { approvalCase { id version type } } } }`, {}, token)).approvalInbox.items;
      const c = inbox.find((i: { approvalCase: { type: string } }) => i.approvalCase.type === 'transfer')!.approvalCase;
      dataOf(await provA.gql(`mutation($id: ID!, $v: Int) { approveCase(id: $id, version: $v) { status } }`, { id: c.id, v: c.version }, token));
    }
    expect(dataOf(await provA.gql(`query($id: ID!) { transfer(id: $id) { status } }`, { id: t.id }, aSchool)).transfer.status).toBe('completed');
    await converged();
    const [status] = await national.sql<{ employment_status: string }>(`select employment_status from teacher where id = ?`, [worldA.teacherIds[0]]);
    expect(status!.employment_status).toBe('long_absence');
    const [n] = await national.sql<{ school: string; employments: number; open_school: string }>(`select u.code as school,
      (select count(*)::int from employment e where e.teacher_id = t.id) as employments,
      (select s.code from employment e join unit s on s.id = e.school_id where e.teacher_id = t.id and e.end_date is null) as open_school
      from teacher t join unit u on u.id = t.school_id where t.id = ?`, [moved]);
    expect(n).toEqual({ school: worldA.units.school.code, employments: 2, open_school: worldA.units.school.code });
    // Only the province's system and information admins administer sync.
    expect(errorCode(await provA.gql(`mutation { syncResend { units } }`, {}, aSchool))).toBe('FORBIDDEN');
  });

  it('detects a cross-province duplicate document and tells both provinces', async () => {
    const aTeacher = worldA.teacherIds[2]!;
    const em = provB.app.orm.em.fork();
    const { buildTeacher } = await import('../../demo/builders.js');
    const school = await em.findOneOrFail('Unit', { id: worldB.units.school.id });
    await buildTeacher(em, provB.app.runtime, school as never, { name: '重复的人', gender: '2', birthDate: '1986-04-12', idNumber: worldA.idNumbers.get(aTeacher)!, startDate: '2020-09-01' });
    await em.flush();
    const found = await waitFor('the national conflict', async () => {
      const rows = dataOf(await national.gql(CONFLICTS, {}, tokens.n)).registryConflicts;
      return rows.length ? rows : undefined;
    });
    expect(found[0]).toMatchObject({ kind: 'active_in_two_provinces', status: 'open', provinceA: A, provinceB: B });
    for (const [g, t] of [[provA, tokens.a], [provB, tokens.b]] as const) {
      await g.gql(`mutation { syncNow { pushed pulled } }`, {}, t);
      const mine = dataOf(await g.gql(CONFLICTS, {}, t)).registryConflicts;
      expect(mine).toEqual([expect.objectContaining({ kind: 'active_in_two_provinces', status: 'open', teacherNoA: found[0].teacherNoA, teacherNoB: found[0].teacherNoB })]);
    }
  });

  it('a province cannot write another province\'s teachers, and messages must be signed', async () => {
    const aTeacher = worldA.teacherIds[0]!;
    const [t] = await national.sql<{ teacher_no: string }>(`select teacher_no from teacher where id = ?`, [aTeacher]);
    const body = JSON.stringify({ province: B, items: [{ changeId: '999999999', kind: 'teacher', seqs: [1], data: { id: aTeacher, teacherNo: t!.teacher_no, version: 999 } }] });
    const post = (headers: Record<string, string>, raw = body): Promise<Response> =>
      fetch(`${national.url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
    const res = await post(signRequest(Buffer.from(KEY_B, 'hex'), B, body));
    expect(res.status).toBe(200);
    expect((await res.json()).results).toEqual([{ changeId: '999999999', outcome: 'rejected', code: 'SYNC_NOT_OWNER' }]);
    const forged = await post(signRequest(Buffer.from(KEY_B, 'hex'), A, body.replace(B, A)));
    expect(forged.status).toBe(401);
    expect((await forged.json()).code).toBe('SYNC_UNAUTHENTICATED');
    const old = await post(signRequest(Buffer.from(KEY_B, 'hex'), B, body, Date.now() - 3_600_000));
    expect((await old.json()).code).toBe('SYNC_CLOCK_SKEW');
  });
});

describe('cross-province transfer (B receives a teacher of A)', () => {
  it('B initiates, B approves, national relays, A releases, the archive moves with its history and the same identifier', async () => {
    const teacherId = worldA.teacherIds[4]!; // at a-school
    const [before] = await provA.sql<{ teacher_no: string; version: number }>(`select teacher_no, version from teacher where id = ?`, [teacherId]);
    // Entered and reviewed by A's school, approved by A's county: the names must travel with it (issue 13.3).
    await provA.sql(`insert into archive_record (id, created_at, updated_at, version, teacher_id, info_set, data, status, scope_path, origin, valid_from,
        entered_by, entered_at, submitted_by, submitted_at, school_approved_by, school_approved_at, approved_by, approved_at)
      select gen_random_uuid(), now(), now(), 1, t.id, 'assessment', '{"year":2025,"result":"excellent"}', 'effective', t.scope_path, 'school', now(),
        s.id, '2025-12-01T02:00:00Z', s.id, '2025-12-01T02:00:00Z', s.id, '2025-12-02T02:00:00Z', c.id, '2025-12-05T02:00:00Z'
      from teacher t, account s, account c where t.id = ? and s.username = 'a-school' and c.username = 'a-county'`, [teacherId]);
    const bSchool = await loginAs(asTestApp(provB), 'b-school', provB.certDir);
    const bCounty = await loginAs(asTestApp(provB), 'b-county', provB.certDir);
    const aSchool = await loginAs(asTestApp(provA), 'a-school', provA.certDir);
    const aCounty = await loginAs(asTestApp(provA), 'a-county', provA.certDir);
    const effectiveDate = inDays(30);
    const input = { fromProvinceCode: A, idType: '1', idNumber: worldA.idNumbers.get(teacherId)!, name: worldA.names.get(teacherId)!, toUnitId: worldB.units.school.id, effectiveDate, reason: '夫妻团聚' };
    // Same province is refused: that is an ordinary transfer.
    expect(errorCode(await provB.gql(INIT, { input: { ...input, fromProvinceCode: B } }, bSchool))).toBe('INTERPROVINCIAL_SAME_PROVINCE');
    const started = dataOf(await provB.gql(INIT, { input }, bSchool)).initiateInterprovincialTransfer;
    expect(started.status).toBe('in_progress');
    expect(errorCode(await provB.gql(INIT, { input }, bSchool))).toBe('INTERPROVINCIAL_IN_PROGRESS');
    await approve(provB, bCounty);
    // Through the national system to A's releasing school.
    const received = await waitFor('the request at A', async () => {
      const rows = dataOf(await provA.gql(LIST, {}, aSchool)).interprovincialTransfers;
      return rows.find((r: { id: string; status: string }) => r.id === started.id && r.status === 'received');
    });
    expect(received).toMatchObject({ direction: 'out', teacherNo: before!.teacher_no });
    // While A has the request open, nothing else moves the teacher inside A.
    const rotation = { teacherId, receivingSchoolId: worldA.units.school2.id, startDate: inDays(10), endDate: inDays(300), personnelChange: false };
    expect(errorCode(await provA.gql(`mutation($i: InitiateRotationInput!) { initiateRotation(input: $i) { id } }`, { i: rotation }, aSchool))).toBe('TRANSFER_IN_PROGRESS');
    dataOf(await provA.gql(`mutation($id: ID!) { acceptInterprovincialTransfer(id: $id) { status } }`, { id: started.id }, aSchool));
    await approve(provA, aCounty);
    const done = await waitFor('the archive at B', async () => {
      const rows = dataOf(await provB.gql(LIST, {}, bSchool)).interprovincialTransfers;
      return rows.find((r: { id: string; status: string }) => r.id === started.id && r.status === 'completed');
    });
    expect(done.teacherNo).toBe(before!.teacher_no);
    const notes = dataOf(await provB.gql(`{ notifications { kind message } }`, {}, bSchool)).notifications;
    expect(notes).toContainEqual({ kind: 'interprovincial_done', message: `跨省调入已完成，档案已转入：${worldA.names.get(teacherId)}` });
    // B holds the same teacher id and number, the whole effective archive, and A's employment as work history.
    const [atB] = await provB.sql<{ teacher_no: string; employment_status: string; version: number; sets: string[] }>(`select teacher_no, employment_status, version,
      array(select info_set from archive_record where teacher_id = t.id order by info_set)::text[] as sets from teacher t where id = ?`, [teacherId]);
    expect(atB).toMatchObject({ teacher_no: before!.teacher_no, employment_status: 'active' });
    expect(atB!.sets).toEqual(['assessment', 'basic', 'work_history']);
    // Who entered and approved it in A comes along by name, unit and time (A's account ids mean nothing at B).
    const ACTOR = 'name unitName unitCode at';
    const [assessment] = dataOf(await provB.gql(`query($t: ID!) { teacherArchive(teacherId: $t, sets: ["assessment"]) { records {
      data entered { ${ACTOR} } submitted { ${ACTOR} } schoolApproved { ${ACTOR} } approved { ${ACTOR} } enteredBy approvedBy } } }`, { t: teacherId }, bSchool)).teacherArchive;
    const aSchoolActor = { name: '用户a-school', unitName: '甲省一区第一小学', unitCode: '2330102001' };
    expect(assessment.records).toEqual([{
      data: { year: 2025, result: 'excellent' },
      entered: { ...aSchoolActor, at: '2025-12-01T02:00:00.000Z' }, submitted: { ...aSchoolActor, at: '2025-12-01T02:00:00.000Z' },
      schoolApproved: { ...aSchoolActor, at: '2025-12-02T02:00:00.000Z' }, approved: { name: '用户a-county', unitName: '甲省一区', unitCode: '330102', at: '2025-12-05T02:00:00.000Z' },
      enteredBy: null, approvedBy: null,
    }]);
    // A restricted set arrives sealed with B's key (issue 14.7), although A still held it in clear (as an earlier release wrote it).
    const [stored] = await provB.sql<{ data: Record<string, unknown> }>(`select data from archive_record where teacher_id = ? and info_set = 'assessment'`, [teacherId]);
    expect(Object.keys(stored!.data)).toEqual(['$sealed']);
    const [atA] = await provA.sql<{ employment_status: string }>(`select employment_status from teacher where id = ?`, [teacherId]);
    expect(atA!.employment_status).toBe('transferred_out');
    await converged();
    const [reg] = await national.sql<{ owner_province: string; version: number }>(`select owner_province, version from registry_entry where teacher_id = ?`, [teacherId]);
    expect(reg).toMatchObject({ owner_province: B, version: atB!.version });
    const [nt] = await national.sql<{ school_code: string }>(`select u.code as school_code from teacher t join unit u on u.id = t.school_id where t.id = ?`, [teacherId]);
    expect(nt!.school_code).toBe(worldB.units.school.code);
    const [signed] = await national.sql<{ entered: string; approved: string }>(`select provenance->'entered'->>'name' as entered, provenance->'approved'->>'unitName' as approved
      from archive_record where teacher_id = ? and info_set = 'assessment'`, [teacherId]);
    expect(signed).toEqual({ entered: '用户a-school', approved: '甲省一区' });
    // National users follow the relay; A's releasing school sees the request closed.
    const nInfo = await loginAs(asTestApp(national), 'n-info', national.certDir);
    expect(dataOf(await national.gql(LIST, {}, nInfo)).interprovincialTransfers).toEqual([expect.objectContaining({ id: started.id, direction: 'relay', status: 'released' })]);
    expect(dataOf(await provA.gql(LIST, {}, aSchool)).interprovincialTransfers).toEqual([expect.objectContaining({ id: started.id, direction: 'out', status: 'released' })]);
  });

  it('refusals travel back: a local teacher, an unknown person, and a declining releasing school', async () => {
    const bSchool = await loginAs(asTestApp(provB), 'b-school', provB.certDir);
    const bCounty = await loginAs(asTestApp(provB), 'b-county', provB.certDir);
    const aSchool = await loginAs(asTestApp(provA), 'a-school', provA.certDir);
    const base = { fromProvinceCode: A, idType: '1', toUnitId: worldB.units.school.id, effectiveDate: inDays(40) };
    // B already holds someone with this document (the duplicate registered above): an ordinary transfer, not this flow.
    const dup = worldA.teacherIds[2]!;
    expect(errorCode(await provB.gql(INIT, { input: { ...base, idNumber: worldA.idNumbers.get(dup), name: worldA.names.get(dup) } }, bSchool))).toBe('INTERPROVINCIAL_LOCAL_TEACHER');
    const who = worldA.teacherIds[0]!;
    const byStatus = async (id: string, status: string): Promise<{ closeReason: string } | undefined> =>
      (dataOf(await provB.gql(LIST, {}, bSchool)).interprovincialTransfers as { id: string; status: string; closeReason: string }[]).find((r) => r.id === id && r.status === status);
    // A wrong name: the national registry answers as for an unknown document.
    const wrong = dataOf(await provB.gql(INIT, { input: { ...base, idNumber: worldA.idNumbers.get(who), name: '不是这个人' } }, bSchool)).initiateInterprovincialTransfer;
    await approve(provB, bCounty);
    expect(await waitFor('the rejection at B', () => byStatus(wrong.id, 'rejected'))).toMatchObject({ closeReason: 'INTERPROVINCIAL_TEACHER_NOT_FOUND' });
    // The releasing school declines with a reason; B learns it and its initiator is told.
    const asked = dataOf(await provB.gql(INIT, { input: { ...base, idNumber: worldA.idNumbers.get(who), name: worldA.names.get(who) } }, bSchool)).initiateInterprovincialTransfer;
    await approve(provB, bCounty);
    await waitFor('the request at A', async () => (dataOf(await provA.gql(LIST, {}, aSchool)).interprovincialTransfers as { id: string; status: string }[])
      .find((r) => r.id === asked.id && r.status === 'received'));
    expect(errorCode(await provA.gql(`mutation($id: ID!) { declineInterprovincialTransfer(id: $id, reason: " ") { status } }`, { id: asked.id }, aSchool))).toBe('VALIDATION_FAILED');
    dataOf(await provA.gql(`mutation($id: ID!) { declineInterprovincialTransfer(id: $id, reason: "学期中不宜调动") { status } }`, { id: asked.id }, aSchool));
    expect(errorCode(await provA.gql(`mutation($id: ID!) { acceptInterprovincialTransfer(id: $id) { status } }`, { id: asked.id }, aSchool))).toBe('INTERPROVINCIAL_NOT_PENDING');
    expect(await waitFor('the decline at B', () => byStatus(asked.id, 'declined'))).toMatchObject({ closeReason: '学期中不宜调动' });
    const notes = dataOf(await provB.gql(`{ notifications { kind } }`, {}, bSchool)).notifications as { kind: string }[];
    expect(notes.map((n) => n.kind)).toEqual(expect.arrayContaining(['interprovincial_rejected', 'interprovincial_declined']));
  });

  it('the teacher comes back (B → A): A takes up the same row again, the registry owner flips back', async () => {
    const teacherId = worldA.teacherIds[4]!;
    const [atB] = await provB.sql<{ version: number; name: string }>(`select version, name from teacher where id = ?`, [teacherId]);
    const aSchool = await loginAs(asTestApp(provA), 'a-school', provA.certDir);
    const aCounty = await loginAs(asTestApp(provA), 'a-county', provA.certDir);
    const bSchool = await loginAs(asTestApp(provB), 'b-school', provB.certDir);
    const bCounty = await loginAs(asTestApp(provB), 'b-county', provB.certDir);
    const started = dataOf(await provA.gql(INIT, { input: { fromProvinceCode: B, idType: '1', idNumber: worldA.idNumbers.get(teacherId)!, name: atB!.name,
      toUnitId: worldA.units.school.id, effectiveDate: inDays(60), reason: '回原籍' } }, aSchool)).initiateInterprovincialTransfer;
    await approve(provA, aCounty);
    await waitFor('the request at B', async () => (dataOf(await provB.gql(LIST, {}, bSchool)).interprovincialTransfers as { id: string; status: string }[])
      .find((r) => r.id === started.id && r.status === 'received'));
    dataOf(await provB.gql(`mutation($id: ID!) { acceptInterprovincialTransfer(id: $id) { status } }`, { id: started.id }, bSchool));
    await approve(provB, bCounty);
    await waitFor('the archive back at A', async () => (dataOf(await provA.gql(LIST, {}, aSchool)).interprovincialTransfers as { id: string; status: string }[])
      .find((r) => r.id === started.id && r.status === 'completed'));
    const [atA] = await provA.sql<{ employment_status: string; version: number; released: number; open: number }>(`select employment_status, version,
      (select count(*)::int from sync_released where teacher_id = t.id) as released, (select count(*)::int from employment where teacher_id = t.id and end_date is null) as open
      from teacher t where id = ?`, [teacherId]);
    expect(atA).toMatchObject({ employment_status: 'active', released: 0, open: 1 });
    expect(atA!.version).toBeGreaterThan(atB!.version);
    // Back home, the record still names A's people (its own accounts again).
    const [home] = dataOf(await provA.gql(`query($t: ID!) { teacherArchive(teacherId: $t, sets: ["assessment"]) { records { entered { name unitName } approved { name unitName } } } }`,
      { t: teacherId }, aSchool)).teacherArchive;
    expect(home.records).toEqual([{ entered: { name: '用户a-school', unitName: '甲省一区第一小学' }, approved: { name: '用户a-county', unitName: '甲省一区' } }]);
    await converged();
    const [reg] = await national.sql<{ owner_province: string }>(`select owner_province from registry_entry where teacher_id = ?`, [teacherId]);
    expect(reg!.owner_province).toBe(A);
  });
});

describe('delivery under faults: nothing lost, nothing doubled', () => {
  it('the national server is down: changes wait, are retried with backoff and arrive after recovery', async () => {
    await converged();
    await national.stopServer();
    await provA.sql(`update teacher set name = name || '甲' where id = any(?::uuid[])`, [`{${worldA.teacherIds.slice(0, 3).join(',')}}`]);
    await waitFor('failed attempts', async () => (agentOf(provA.app.runtime)!.failures >= 2 ? true : undefined));
    const status = dataOf(await provA.gql(`{ syncStatus { pending failures lastError } }`, {}, tokens.a)).syncStatus;
    expect(status.pending).toBeGreaterThan(0);
    expect(status.lastError).toMatch(/unreachable/);
    expect(errorCode(await provA.gql(`mutation { syncNow { pushed } }`, {}, tokens.a))).toBe('SYNC_UNREACHABLE');
    await national.startServer();
    await converged();
  });

  it('the connection is cut after the national side applied a push: the province re-sends, nothing is applied twice', async () => {
    const appliedBefore = (await national.sql<{ n: number }>(`select count(*)::int as n from sync_applied where province_code = ? and outcome = 'applied'`, [B]))[0]!.n;
    proxyB.dropPushes = 2;
    await provB.sql(`update teacher set name = name || '乙' where id = any(?::uuid[])`, [`{${worldB.teacherIds.join(',')}}`]);
    await waitFor('two cut connections', async () => (proxyB.dropped >= 2 ? true : undefined));
    await converged();
    const outcomes = await national.sql<{ outcome: string; n: number }>(`select outcome, count(*)::int as n from sync_applied where province_code = ? group by 1`, [B]);
    const applied = outcomes.find((o) => o.outcome === 'applied')!.n;
    // Four teachers changed: applied once each, however often the batch went.
    expect(applied - appliedBefore).toBe(worldB.teacherIds.length);
    // The cut answers are learnt on the retry: every row ends acknowledged.
    await waitFor('all rows acknowledged', async () => ((await provB.sql<{ n: number }>(`select count(*)::int as n from sync_outbox where delivered_at is null`))[0]!.n === 0 ? true : undefined));
  });

  it('the same batch posted twice: an identical request is a replay; re-signed, every change is recognised', async () => {
    const last = proxyB.lastPush!;
    const before = await checksum(national, tokens.n!, B);
    const replay = await fetch(`${national.url}/sync/push`, { method: 'POST', headers: last.headers, body: last.body });
    expect(replay.status).toBe(409);
    expect((await replay.json()).code).toBe('SYNC_REPLAY');
    const again = await fetch(`${national.url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(Buffer.from(KEY_B, 'hex'), B, last.body) }, body: last.body });
    expect(again.status).toBe(200);
    const results = (await again.json()).results as { outcome: string }[];
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.outcome === 'duplicate')).toBe(true);
    expect(await checksum(national, tokens.n!, B)).toEqual(before);
  });

  it('a province closed between commit and delivery delivers after restart on the same database', async () => {
    await national.stopServer();
    const ids = worldA.teacherIds.slice(0, 2);
    await provA.sql(`update teacher set professional_title = 'k12_senior' where id = any(?::uuid[])`, [`{${ids.join(',')}}`]);
    const [pending] = await provA.sql<{ n: number }>(`select count(*)::int as n from sync_outbox where delivered_at is null`);
    expect(pending!.n).toBeGreaterThan(0);
    const keep = keepOf(provA);
    await provA.close();
    await national.startServer();
    provA = await startGateway(provA.dbUrl, { ...provinceEnv(A, KEY_A, national.url), TMIS_SYNC_SIGNING_KEY: SIGNING_A.privateKey }, keep);
    tokens.a = await loginAs(asTestApp(provA), 'a-sys');
    await converged();
    const [n] = await national.sql<{ n: number }>(`select count(*)::int as n from teacher where id = any(?::uuid[]) and professional_title = 'k12_senior'`, [`{${ids.join(',')}}`]);
    expect(n!.n).toBe(2);
  });

  it('re-sending everything (province info admin) changes nothing at national', async () => {
    const before = [await checksum(national, tokens.n!, A), await checksum(national, tokens.n!, B)];
    const r = dataOf(await provA.gql(`mutation { syncResend { units teachers } }`, {}, tokens.a)).syncResend;
    expect(r.teachers).toBe(worldA.teacherIds.length); // the one that went to B came back
    await waitFor('the re-send to be delivered', async () => ((await provA.sql<{ n: number }>(`select count(*)::int as n from sync_outbox where delivered_at is null`))[0]!.n === 0 ? true : undefined));
    await converged();
    expect([await checksum(national, tokens.n!, A), await checksum(national, tokens.n!, B)]).toEqual(before);
    expect(errorCode(await provA.gql(`mutation { syncResend { units } }`, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('measured (figures for docs/two-level.md)', () => {
  it('delivery throughput of a bulk change and the latency of a single change', async () => {
    await converged();
    const { buildTeacher } = await import('../../demo/builders.js');
    const em = provA.app.orm.em.fork();
    const school = await em.findOneOrFail('Unit', { id: worldA.units.school2.id });
    const N = 1000;
    for (let i = 0; i < N; i++) {
      const birthDate = `1990-01-${String(1 + Math.floor(i / 450)).padStart(2, '0')}`;
      const idNumber = generateChineseIdCard({ regionCode: '330106', birthDate, sequence: 2 * (i % 450) + 2, gender: '2' });
      await buildTeacher(em, provA.app.runtime, school as never, { name: `批量${i}`, gender: '2', birthDate, idNumber, startDate: '2015-09-01' });
    }
    await em.flush();
    const t0 = performance.now();
    await converged();
    const bulkSecs = (performance.now() - t0) / 1000;
    const [n] = await national.sql<{ n: number }>(`select count(*)::int as n from registry_entry where owner_province = ?`, [A]);
    expect(n!.n).toBeGreaterThanOrEqual(N);

    const agent = agentOf(provA.app.runtime)!;
    const id = worldA.teacherIds[0]!;
    const held = async (): Promise<number> => (await national.sql<{ version: number }>(`select version from registry_entry where teacher_id = ?`, [id]))[0]!.version;
    const onDemand: number[] = [];
    const scheduled: number[] = [];
    for (let i = 0; i < 10; i++) {
      const [{ version }] = await provA.sql<{ version: number }>(`update teacher set name = name || 'x' where id = ? returning version`, [id]) as [{ version: number }];
      const s0 = performance.now();
      if (i % 2) {
        await agent.runNow();
        while ((await held()) < version) await agent.runNow();
        onDemand.push(performance.now() - s0);
      } else {
        while ((await held()) < version) await new Promise((r) => setTimeout(r, 2));
        scheduled.push(performance.now() - s0);
      }
    }
    const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    console.log(`[sync figures] bulk: ${N} new teachers delivered and applied in ${bulkSecs.toFixed(2)} s = ${Math.round(N / bulkSecs)} teachers/s; ` +
      `single change: on demand median ${median(onDemand).toFixed(1)} ms, on the 100 ms schedule median ${median(scheduled).toFixed(1)} ms`);
    await converged();
  });
});
