import { afterEach, describe, expect, it } from 'vitest';
import { adminLevelOfCode, isAdminCodeUnder, parseTeacherNumber, validateChineseIdCard, validateSchoolCode } from '@tmis/shared';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { seedDemoIfEmpty } from './seed-once.js';
import { USERNAME_PATTERN } from '../modules/accounts/account-rules.js';
import { DEMO_CITIES, DEMO_PROVINCE, demoStructure, UNIVERSITY } from './demo-structure.js';

let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const sql = <T>(app: TestApp, q: string) => app.app.orm.em.fork().getConnection().execute<T[]>(q);

describe('the demo follows the configured mode and province', () => {
  it('330000 keeps the original 示范省 structure', () => {
    expect(demoStructure('330000')).toEqual({ province: DEMO_PROVINCE, cities: DEMO_CITIES, university: UNIVERSITY, prefix: '33' });
  });

  it.each(['110000', '440000', '650000'])('%s gets codes of its own under the province and names from its name', (code) => {
    const d = demoStructure(code);
    const units = [d.province, ...d.cities, ...d.cities.flatMap((c) => c.counties)];
    for (const c of d.cities) {
      expect(adminLevelOfCode(c.code)).toBe('city');
      expect(isAdminCodeUnder(c.code, code)).toBe(true);
      for (const k of c.counties) expect(isAdminCodeUnder(k.code, c.code)).toBe(true);
    }
    expect(validateSchoolCode(d.university.code, code)).toEqual({ ok: true });
    expect(units.map((u) => u.name)).not.toContain(DEMO_CITIES[0].name);
  });

  it('a national demo has the national root and national accounts, no province; two processes seed it once', async () => {
    t = await createTestApp({ TMIS_MODE: 'national' });
    const [a, b] = await Promise.all([seedDemoIfEmpty(t.app.orm, t.app.runtime), seedDemoIfEmpty(t.app.orm, t.app.runtime)]);
    expect([a, b].filter((x) => x === null)).toHaveLength(1);
    expect(await sql(t, `select code, level from unit`)).toEqual([{ code: '000000', level: 'national' }]);
    const accounts = await sql<{ username: string; unit_level: string }>(t, `select username, unit_level from account order by username`);
    expect(accounts.map((x) => x.username)).toEqual(['nat-info', 'nat-query', 'nat-sys', 'nat-train']);
    // Accounts of the same shape can be created through the API (issue 13.7).
    expect(accounts.filter((x) => !USERNAME_PATTERN.test(x.username))).toEqual([]);
    expect(new Set(accounts.map((x) => x.unit_level))).toEqual(new Set(['national']));
    expect(await sql(t, `select count(*)::int as n from teacher`)).toEqual([{ n: 0 }]);
  });

  it('a 110000 demo has no 330000 units and ID numbers and teacher numbers of its own', async () => {
    t = await createTestApp({ TMIS_PROVINCE_CODE: '110000' });
    const accounts = await seedDemoIfEmpty(t.app.orm, t.app.runtime);
    expect(accounts!.map((x) => x.username)).toEqual(expect.arrayContaining(['prov-sys', 'dhq-s2-info', 'teacher.demo']));
    expect(accounts!.map((x) => x.username).filter((u) => !USERNAME_PATTERN.test(u))).toEqual([]);
    const units = await sql<{ code: string; name: string; level: string }>(t, `select code, name, level from unit`);
    const province = units.filter((u) => u.level === 'province');
    expect(province).toEqual([{ code: '110000', name: '北京市教育委员会', level: 'province' }]);
    for (const u of units) {
      if (u.level === 'national') continue;
      expect(u.code.startsWith('33') || u.code.slice(1, 3) === '33', u.code).toBe(false);
      expect(u.name).not.toMatch(/^(示范省|东湖|西山|清河|云溪)/);
    }
    expect(units.filter((u) => u.level === 'school').every((u) => validateSchoolCode(u.code, '110000').ok)).toBe(true);

    const fc = t.app.runtime.fieldCrypto;
    const teachers = await sql<{ teacher_no: string; id_number_enc: Buffer }>(t, `select teacher_no, id_number_enc from teacher`);
    expect(teachers.length).toBeGreaterThan(1000);
    for (const x of teachers) {
      const id = validateChineseIdCard(fc.decrypt(x.id_number_enc));
      expect(id.ok && id.regionCode.startsWith('11')).toBe(true);
      expect(parseTeacherNumber(x.teacher_no)?.provinceCode).toBe('110000');
    }
    const staffIds = await sql<{ id_number_enc: Buffer }>(t, `select id_number_enc from account where id_number_enc is not null`);
    for (const x of staffIds) {
      const id = validateChineseIdCard(fc.decrypt(x.id_number_enc));
      expect(id.ok && id.regionCode.startsWith('11')).toBe(true);
    }
    // Every seeded record names who entered and who approved it (issue 13.3): at 东湖区第一小学 its
    // information admin entered it and 东湖区教育局's approved it; schools without one, their authority.
    const unsigned = await sql<{ n: number }>(t, `select count(*)::int as n from archive_record where entered_by is null or approved_by is null or entered_at is null`);
    expect(unsigned).toEqual([{ n: 0 }]);
    const desks = await sql<{ entered: string; approved: string; n: number }>(t, `select e.username as entered, a.username as approved, count(*)::int as n
      from archive_record r join teacher t on t.id = r.teacher_id join unit s on s.id = t.school_id join account e on e.id = r.entered_by join account a on a.id = r.approved_by
      where s.id = (select unit_id from account where username = 'dhq-s2-info') group by 1, 2`);
    expect(desks).toEqual([{ entered: 'dhq-s2-info', approved: 'dhq-info', n: expect.any(Number) }]);
    const [other] = await sql<{ entered: string; approved: string }>(t, `select e.username as entered, a.username as approved
      from archive_record r join teacher t on t.id = r.teacher_id join unit s on s.id = t.school_id join unit p on p.id = s.parent_id join account e on e.id = r.entered_by
      join account a on a.id = r.approved_by where p.id = (select unit_id from account where username = 'dhq-info') and s.id <> (select unit_id from account where username = 'dhq-s2-info') limit 1`);
    expect(other).toEqual({ entered: 'dhq-info', approved: 'dhq-info' });
    // Idempotent: a restart (or a second process) finds the units and seeds nothing.
    expect(await seedDemoIfEmpty(t.app.orm, t.app.runtime)).toBeNull();
  }, 240_000);
});
