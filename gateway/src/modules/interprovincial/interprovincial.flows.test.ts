import { randomBytes } from 'node:crypto';
import { chinaDayPlus, generateChineseIdCard, todayInChina } from '@tmis/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/auth-helpers.js';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { INTERPROVINCIAL_LIST_CAP } from './interprovincial.service.js';

/**
 * The receiving province's side of 跨省调动 on its own (the whole relay through the national
 * system is in sync.flows.test.ts): who may start a request, what is refused before anything
 * leaves the province, and what a started request holds. The province is wired for sync to a
 * national address nobody listens on; nothing here needs an answer from it.
 */
const INIT = `mutation($input: InitiateInterprovincialTransferInput!) {
  initiateInterprovincialTransfer(input: $input) { id status caseId direction fromProvince toProvince teacherName effectiveDate } }`;
const LIST = `query($s: String) { interprovincialTransfers(status: $s) { id status direction } }`;

let t: TestApp;
let off: TestApp;
let w: World;
const tok: Record<string, string> = {};
/** A teacher of another province (never registered here), as the paper form names them. */
const outsider = { idType: '1', idNumber: generateChineseIdCard({ regionCode: '440106', birthDate: '1988-06-01', sequence: 37, gender: '1' }), name: '粤籍教师' };

beforeAll(async () => {
  const sync = { TMIS_PROVINCE_CODE: '330000', TMIS_NATIONAL_URL: 'http://127.0.0.1:9', TMIS_SYNC_KEY: randomBytes(32).toString('hex'), TMIS_REGISTRY_KEY: randomBytes(32).toString('hex'), TMIS_SYNC_INTERVAL_MS: '3600000' };
  t = await createTestApp(sync);
  w = await buildWorld(t.app, {
    oneProvince: true,
    accounts: [['ip-school', 'schoolA', 'info_admin'], ['ip-other', 'schoolC', 'info_admin'], ['ip-query', 'schoolA', 'query_user'], ['ip-county', 'countyA', 'system_admin']],
  });
  for (const u of ['ip-school', 'ip-other', 'ip-query', 'ip-county']) tok[u] = await loginAs(t, u, w.certDir);
  off = await createTestApp({ TMIS_PROVINCE_CODE: '330000' });
});
afterAll(async () => {
  await t.close();
  await off.close();
});

const input = (over: Record<string, unknown> = {}) => ({ fromProvinceCode: '440000', ...outsider, toUnitId: w.units.schoolA.id, effectiveDate: chinaDayPlus(30), reason: '夫妻团聚', ...over });

describe('starting a cross-province transfer (receiving side)', () => {
  it.each([
    ['the releasing province is this one', () => input({ fromProvinceCode: '330000' }), 'ip-school', 'INTERPROVINCIAL_SAME_PROVINCE'],
    ['a province code that is not one', () => input({ fromProvinceCode: '44' }), 'ip-school', 'VALIDATION_FAILED'],
    ['an ID number with a bad check character', () => input({ idNumber: `${outsider.idNumber.slice(0, 17)}${outsider.idNumber.endsWith('0') ? '1' : '0'}` }), 'ip-school', 'ID_NUMBER_CHECKSUM'],
    ['an unknown document type', () => input({ idType: 'ZZ' }), 'ip-school', 'ID_DOCUMENT_TYPE'],
    ['an effective date of today (it must come after today in China)', () => input({ effectiveDate: todayInChina() }), 'ip-school', 'DATE_INVALID'],
    ['an effective date more than a year ahead', () => input({ effectiveDate: chinaDayPlus(400) }), 'ip-school', 'DATE_INVALID'],
    ['a date that does not exist', () => input({ effectiveDate: '2027-02-30' }), 'ip-school', 'DATE_INVALID'],
    ['a teacher registered in this province (an ordinary transfer)', () => input({ idNumber: w.idNumbers.get(w.teachers.schoolB!.id)!, name: w.teachers.schoolB!.name }), 'ip-school', 'INTERPROVINCIAL_LOCAL_TEACHER'],
    ['a county as the receiving unit (asked by the county)', () => input({ toUnitId: w.units.countyA.id }), 'ip-county', 'TEACHER_NOT_SCHOOL'],
    ['another school\'s information admin for this school', () => input(), 'ip-other', 'NOT_FOUND_OR_NO_ACCESS'],
    ['a query user of the school', () => input(), 'ip-query', 'FORBIDDEN'],
  ])('refused: %s', async (_, make, who, code) => {
    expect(errorCode(await t.gql(INIT, { input: make() }, tok[who]))).toBe(code);
  });

  it('nothing refused left a request, a case or an audit entry behind', async () => {
    expect(await sql(t, `select count(*)::int as n from interprovincial_transfer`)).toEqual([{ n: 0 }]);
    expect(await sql(t, `select count(*)::int as n from audit_entry where action = 'interprovincial.initiate'`)).toEqual([{ n: 0 }]);
  });

  it('the school\'s information admin starts it: in progress, a case at its supervising authority, audited; a second request is refused', async () => {
    const started = dataOf(await t.gql(INIT, { input: input() }, tok['ip-school'])).initiateInterprovincialTransfer;
    expect(started).toMatchObject({ status: 'in_progress', direction: 'in', fromProvince: '440000', toProvince: '330000', teacherName: '粤籍教师', effectiveDate: chinaDayPlus(30) });
    const [c] = await sql<{ type: string; status: string; parties: Record<string, string> }>(t, `select type, status, parties from approval_case where id = ?`, [started.caseId]);
    expect(c).toMatchObject({ status: 'in_progress', parties: { receivingSchool: w.units.schoolA.id, receivingAuthority: w.units.countyA.id } });
    const [audit] = await sql<{ actor_username: string; detail: Record<string, unknown> }>(t, `select actor_username, detail from audit_entry where action = 'interprovincial.initiate'`);
    expect(audit!.actor_username).toBe('ip-school');
    expect(audit!.detail).toMatchObject({ fromProvince: '440000', toUnitId: w.units.schoolA.id, caseId: started.caseId });
    // The document number never leaves in clear: the request keeps only the comparison hash.
    const [row] = await sql<Record<string, unknown>>(t, `select * from interprovincial_transfer where id = ?`, [started.id]);
    expect(JSON.stringify(row)).not.toContain(outsider.idNumber);
    expect(errorCode(await t.gql(INIT, { input: input({ effectiveDate: chinaDayPlus(60) }) }, tok['ip-school']))).toBe('INTERPROVINCIAL_IN_PROGRESS');
  });

  it('the list is in scope: the school and its county see the request, another county\'s school does not', async () => {
    const ids = async (who: string) => dataOf(await t.gql(LIST, {}, tok[who])).interprovincialTransfers.map((r: { id: string }) => r.id);
    expect(await ids('ip-school')).toHaveLength(1);
    expect(await ids('ip-county')).toEqual(await ids('ip-school'));
    expect(await ids('ip-other')).toEqual([]);
    // Paged (issue 16.2): the same rows with their total; an empty page still counts.
    const PAGE = `query($f: Int!, $o: Int!) { interprovincialTransferPage(first: $f, offset: $o) { totalCount nodes { id } } }`;
    const first = dataOf(await t.gql(PAGE, { f: 1, o: 0 }, tok['ip-county'])).interprovincialTransferPage;
    expect(first).toEqual({ totalCount: 1, nodes: (await ids('ip-county')).map((id: string) => ({ id })) });
    expect(dataOf(await t.gql(PAGE, { f: 1, o: 1 }, tok['ip-county'])).interprovincialTransferPage).toEqual({ totalCount: 1, nodes: [] });
    expect(dataOf(await t.gql(PAGE, { f: 20, o: 0 }, tok['ip-other'])).interprovincialTransferPage).toEqual({ totalCount: 0, nodes: [] });
    // The old list refuses more rows than its cap (200; lowered here to 1, with an older closed copy of the request as a second row) instead of cutting.
    expect(INTERPROVINCIAL_LIST_CAP.cap).toBe(200);
    const [copy] = await sql<{ id: string }>(t, `insert into interprovincial_transfer (id, created_at, updated_at, direction, from_province, to_province, teacher_name, id_type,
        comparison_hash, to_unit_name, party_paths, effective_date, status)
      select gen_random_uuid(), created_at - interval '1 day', updated_at, direction, from_province, to_province, teacher_name, id_type, comparison_hash, to_unit_name,
        party_paths, effective_date, 'cancelled' from interprovincial_transfer limit 1 returning id`);
    INTERPROVINCIAL_LIST_CAP.cap = 1;
    try {
      const over = await t.gql(LIST, {}, tok['ip-county']);
      expect(errorCode(over)).toBe('LIST_TOO_LARGE');
      expect(over.errors![0]!.extensions!.details).toEqual({ max: 1, paged: 'interprovincialTransferPage' });
      expect(dataOf(await t.gql(LIST, { s: 'cancelled' }, tok['ip-county'])).interprovincialTransfers).toEqual([{ id: copy!.id, status: 'cancelled', direction: expect.any(String) }]);
    } finally {
      INTERPROVINCIAL_LIST_CAP.cap = 200;
      await sql(t, `delete from interprovincial_transfer where id = ?`, [copy!.id]);
    }
  });

  it('a province not wired to the national system refuses cross-province transfers', async () => {
    const world = await buildWorld(off.app, { oneProvince: true, accounts: [['ip-off', 'schoolA', 'info_admin']] });
    const token = await loginAs(off, 'ip-off', world.certDir);
    expect(errorCode(await off.gql(INIT, { input: { ...input(), toUnitId: world.units.schoolA.id } }, token))).toBe('INTERPROVINCIAL_SYNC_DISABLED');
  });
});
