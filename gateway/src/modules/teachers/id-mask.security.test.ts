import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { candidateCount, maskIdNumber, type Role } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';

/**
 * Issue 14.1, replayed: a role without the full-number right reads everything it may about
 * the teachers of its scope — the masked number, the birth date or year, the gender (the region
 * is taken as known) — from the teacher list, each teacher and the basic set of the archive,
 * and tries to narrow each number down. Fewer than 10,000 candidates counts as a reconstruction;
 * there must be none, for every such role. Administrators read the full number, audited.
 */
const MIN_CANDIDATES = 10_000;
const LIST = `{ teachers(first: 200) { nodes { id idNumberMasked birthDate birthYear gender } } }`;
const ONE = `query($id: ID!) { teacher(id: $id) { idNumberMasked birthDate birthYear gender } }`;
const BASIC = `query($id: ID!) { teacherArchive(teacherId: $id, sets: ["basic"]) { records { data } } }`;
const EXPORT = `mutation($fields: [String!]!) { exportTeachers(fields: $fields, purpose: "年度师资统计核对") { rowCount } }`;

const WITHOUT_FULL_NUMBER: [string, UnitKey, Role][] = [
  ['m_pq', 'provA', 'query_user'], ['m_cq', 'countyA', 'query_user'], ['m_sq', 'schoolA', 'query_user'],
  ['m_pt', 'provA', 'training_admin'], ['m_ps', 'provA', 'system_admin'],
];

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [...WITHOUT_FULL_NUMBER, ['m_pi', 'provA', 'info_admin']] });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

interface Seen { idNumberMasked: string | null; birthDate: string | null; birthYear: number | null; gender: string | null }

/** Everything the role can read about one teacher, merged over every path. */
async function knownAbout(user: string, id: string, listed: Seen): Promise<Seen> {
  const one = (await t.gql(ONE, { id }, tok[user])).data?.teacher as Seen | undefined;
  const basic = await t.gql(BASIC, { id }, tok[user]);
  const data = (basic.data?.teacherArchive ?? []).flatMap((s: { records: { data: Record<string, unknown> }[] }) => s.records.map((r) => r.data))[0] ?? {};
  return {
    idNumberMasked: listed.idNumberMasked ?? one?.idNumberMasked ?? null,
    birthDate: listed.birthDate ?? one?.birthDate ?? (typeof data.birthDate === 'string' ? data.birthDate : null),
    birthYear: listed.birthYear ?? one?.birthYear ?? (typeof data.birthYear === 'number' ? data.birthYear : null),
    gender: listed.gender ?? one?.gender ?? (typeof data.gender === 'string' ? data.gender : null),
  };
}

describe('masked numbers cannot be completed (issue 14.1)', () => {
  it.each(WITHOUT_FULL_NUMBER)('%s (%s, %s): 0 reconstructions', async (user) => {
    const listed = (dataOf(await t.gql(LIST, {}, tok[user])).teachers.nodes as (Seen & { id: string })[]);
    let tried = 0;
    let reconstructed = 0;
    for (const row of listed) {
      const k = await knownAbout(user, row.id, row);
      if (!k.idNumberMasked) continue;
      tried++;
      expect(k.birthDate, 'no full birth date on any path').toBeNull();
      if (candidateCount({ masked: k.idNumberMasked, birthDate: k.birthDate, birthYear: k.birthYear, gender: k.gender }, MIN_CANDIDATES) < MIN_CANDIDATES) reconstructed++;
    }
    expect(tried, 'the role read masked numbers').toBeGreaterThan(0);
    expect(reconstructed).toBe(0);
  });

  it('the same facts under the former mask gave every number away: the test can tell', async () => {
    const [row] = dataOf(await t.gql(`{ teachers(first: 1) { nodes { id birthDate gender } } }`, {}, tok.m_pi)).teachers.nodes;
    const full = w.idNumbers.get(row.id)!;
    const former = `${full.slice(0, 6)}********${full.slice(14)}`;
    expect(candidateCount({ masked: former, birthDate: row.birthDate, gender: row.gender })).toBe(1);
    expect(maskIdNumber(full)).toBe(`${full.slice(0, 6)}***********${full.slice(17)}`);
  });

  it('the birth year is readable; the birth date and the full number are the administrator\'s, each full-number read audited', async () => {
    const id = w.teachers.schoolA!.id;
    const query = dataOf(await t.gql(`query($id: ID!) { teacher(id: $id) { birthDate birthYear idNumber } }`, { id }, tok.m_pq)).teacher;
    expect(query).toMatchObject({ birthDate: null, birthYear: expect.any(Number) });
    expect(query.idNumber).not.toBe(w.idNumbers.get(id));
    const admin = dataOf(await t.gql(`query($id: ID!) { teacher(id: $id) { birthDate idNumber } }`, { id }, tok.m_pi)).teacher;
    expect(admin.idNumber).toBe(w.idNumbers.get(id));
    expect(admin.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const audited = await t.app.orm.em.fork().getConnection().execute(`select detail from audit_entry where action = 'teacher.read_sensitive' and actor_username = 'm_pi'`);
    expect(JSON.stringify(audited)).toContain(`${id}:idNumber`);
  });

  it('a query user cannot export the birth date, only the year', async () => {
    expect(errorCode(await t.gql(EXPORT, { fields: ['name', 'birthDate'] }, tok.m_pq))).toBe('FIELD_FORBIDDEN');
    expect(dataOf(await t.gql(EXPORT, { fields: ['name', 'birthYear'] }, tok.m_pq)).exportTeachers.rowCount).toBeGreaterThan(0);
  });
});
