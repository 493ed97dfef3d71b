import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildTeacher } from '../../demo/builders.js';

const ALLOCATE = `query($u: ID!, $n: Int!, $b: QuotaBasis) {
  allocateQuota(unitId: $u, total: $n, basis: $b) {
    total basis basisLabel totalHeadcount leftover method
    rows { unit { name code } headcount exactQuota floor remainder remainderRank fromRemainder final }
  }
}`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({ TMIS_STATS_REFRESH_MS: '0' });
  w = await buildWorld(t.app, { accounts: [['p_info', 'provA', 'info_admin'], ['p_query', 'provA', 'query_user'], ['s_info', 'schoolA', 'info_admin'], ['k_info', 'countyA', 'info_admin']] });
  // Active: cityA 33 (schoolA 15, schoolA2 9, schoolB 9), cityA2 1, university 3, provSchool 5.
  const em = t.app.orm.em.fork();
  let n = 0;
  for (const [key, count] of [['schoolA', 14], ['schoolA2', 8], ['schoolB', 8], ['provSchool', 4]] as const) {
    for (let i = 0; i < count; i++) {
      const day = new Date(Date.UTC(1982, 0, 1 + n++)).toISOString().slice(0, 10);
      await buildTeacher(em, t.app.runtime, w.units[key], { name: `配额${n}`, gender: '1', birthDate: day, startDate: '2016-09-01',
        idNumber: generateChineseIdCard({ regionCode: '330102', birthDate: day, sequence: 600, gender: '1' }), staffCategory: i % 2 ? 'full_time_teacher' : 'administrative' });
    }
  }
  await em.flush();
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
});
afterAll(async () => t?.close());

describe('allocateQuota (指标分配, largest remainder)', () => {
  it('splits 100 over the units below the province by active headcount; the sum is the total', async () => {
    const r = dataOf(await t.gql(ALLOCATE, { u: w.units.provA.id, n: 100 }, tok.p_info)).allocateQuota;
    expect(r).toMatchObject({ total: 100, basis: 'ACTIVE_HEADCOUNT', basisLabel: '在岗教职工数', totalHeadcount: 42, leftover: 2 });
    const rows = Object.fromEntries(r.rows.map((x: { unit: { name: string } }) => [x.unit.name, x]));
    // 100 × 33/42 = 78.571…, 1/42 → 2.381, 3/42 → 7.143, 5/42 → 11.905: floors 98, two seats left → .905 and .571.
    expect(rows['甲一市教育局']).toMatchObject({ headcount: 33, exactQuota: 78.571429, floor: 78, remainderRank: 2, fromRemainder: 1, final: 79 });
    expect(rows['甲省实验中学']).toMatchObject({ headcount: 5, floor: 11, remainderRank: 1, fromRemainder: 1, final: 12 });
    expect(rows['甲二市教育局']).toMatchObject({ headcount: 1, floor: 2, remainderRank: 3, fromRemainder: 0, final: 2 });
    expect(rows['甲省大学']).toMatchObject({ headcount: 3, final: 7 });
    expect(r.rows.reduce((s: number, x: { final: number }) => s + x.final, 0)).toBe(100);
    const [audit] = await sql(t, `select detail from audit_entry where action = 'quota.allocate' order by seq desc limit 1`);
    expect(audit!.detail).toMatchObject({ total: 100, basis: 'ACTIVE_HEADCOUNT' });
  });

  it.each([0, 1, 7, 41, 43, 999])('always sums to the total (%i), units with no teachers included', async (total) => {
    const r = dataOf(await t.gql(ALLOCATE, { u: w.units.countyA.id, n: total, b: 'FULL_TIME_TEACHERS' }, tok.k_info)).allocateQuota;
    expect(r.rows.reduce((s: number, x: { final: number }) => s + x.final, 0)).toBe(total);
    expect(r.rows.map((x: { unit: { name: string } }) => x.unit.name)).toEqual(['甲一区第一小学', '甲一区第二小学']);
  });

  it.each<[string, string, () => Record<string, unknown>, string]>([
    ['a query user', 'p_query', () => ({ u: w.units.provA.id, n: 10 }), 'FORBIDDEN'],
    ['a school (not an authority)', 's_info', () => ({ u: w.units.schoolA.id, n: 10 }), 'FORBIDDEN'],
    ['a unit outside the scope', 'k_info', () => ({ u: w.units.countyA2.id, n: 10 }), 'NOT_FOUND_OR_NO_ACCESS'],
    ['a negative total', 'p_info', () => ({ u: w.units.provA.id, n: -1 }), 'QUOTA_TOTAL_INVALID'],
    ['a unit with nothing below it', 'p_info', () => ({ u: w.units.schoolA2.id, n: 10 }), 'QUOTA_NO_CHILD_UNITS'],
    ['seats but no headcount below', 'p_info', () => ({ u: w.units.countyA3.id, n: 3, b: 'FULL_TIME_TEACHERS' }), 'QUOTA_NO_HEADCOUNT'],
  ])('refuses %s', async (_name, user, vars, code) => {
    expect(errorCode(await t.gql(ALLOCATE, vars(), tok[user]))).toBe(code);
  });
});
