import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESTRICTED_INFO_SETS } from '@tmis/shared';
import { createTestApp, dataOf, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { sealRestrictedRecords } from '../../platform/crypto/sealed-json.js';
import { ArchiveRecord } from './archive-record.entity.js';

/**
 * Issue 14.7, personal data at rest: records of the restricted information sets (compensation,
 * assessment, ethics, contact) are sealed in `archive_record.data`, whatever path wrote them —
 * the world builder, the archive API, the registration check that reads them in SQL — while
 * those allowed read them through the API as before.
 */
const TEACHER = `query($id: ID!) { teacher(id: $id) { compensations { data } assessments { data } ethicsRecords { data } } }`;
const SAVE = `mutation($i: SaveRecordInput!) { saveArchiveRecord(input: $i) { id infoSet data status } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: [['s_info', 'schoolA', 'info_admin'], ['c_info', 'countyA', 'info_admin']] });
  for (const u of ['s_info', 'c_info']) tokens.set(u, await loginAs(t, u, world.certDir));
});
afterAll(async () => t?.close());

/** Every record of the restricted sets as a reader of the database sees it. */
const restrictedRowsText = async (): Promise<string> =>
  (await sql<{ t: string }>(t, `select coalesce(string_agg(x::text, E'\\n'), '') as t from archive_record x where info_set = any(?::text[])`,
    [`{${RESTRICTED_INFO_SETS.join(',')}}`]))[0]!.t;

describe('restricted info sets at rest', () => {
  it('records written by the builders are sealed in the table and read in clear through the API', async () => {
    const text = await restrictedRowsText();
    expect(text).toContain('$sealed');
    expect(text).not.toContain('100000');
    expect(text).not.toContain('优秀教师');
    expect(text).not.toContain('qualified');
    const rows = await sql<{ n: number }>(t, `select count(*)::int as n from archive_record where info_set = any(?::text[]) and data->>'$sealed' is null`,
      [`{${RESTRICTED_INFO_SETS.join(',')}}`]);
    expect(rows[0]!.n).toBe(0);
    const v = dataOf(await t.gql(TEACHER, { id: world.teachers.schoolA!.id }, tokens.get('c_info'))).teacher;
    expect(v.compensations.map((r: { data: unknown }) => r.data)).toEqual([{ year: 2025, annualSalary: 100000 }]);
    expect(v.assessments.map((r: { data: unknown }) => r.data)).toEqual([{ year: 2025, result: 'qualified' }]);
    expect(v.ethicsRecords.map((r: { data: unknown }) => r.data)).toEqual([{ kind: 'honour', title: '优秀教师' }]);
  });

  it('a record entered through the archive API is sealed, and reading and flushing it rewrites nothing', async () => {
    const i = { teacherId: world.teachers.schoolA!.id, infoSet: 'compensation', data: { year: 2026, annualSalary: 123457 }, submit: false };
    const saved = dataOf(await t.gql(SAVE, { i }, tokens.get('s_info'))).saveArchiveRecord;
    expect(saved).toMatchObject({ infoSet: 'compensation', data: { year: 2026, annualSalary: 123457 } });
    const [row] = await sql<{ data: Record<string, unknown>; version: number }>(t, 'select data, version from archive_record where id = ?', [saved.id]);
    expect(Object.keys(row!.data)).toEqual(['$sealed']);
    expect(JSON.stringify(row!.data)).not.toContain('123457');
    // Loaded, read and flushed: the stable seal leaves change tracking quiet (no update, no new version).
    const em = t.app.orm.em.fork();
    const records = await em.find(ArchiveRecord, { infoSet: { $in: [...RESTRICTED_INFO_SETS] } });
    expect(records.find((r) => r.id === saved.id)!.data).toEqual({ year: 2026, annualSalary: 123457 });
    await em.flush();
    const after = await sql<{ version: number }>(t, 'select version from archive_record where id = ?', [saved.id]);
    expect(after[0]!.version).toBe(row!.version);
  });

  it('records an earlier release left in clear are sealed after migrating, and read the same', async () => {
    const id = world.teachers.schoolA2!.id;
    await sql(t, `update archive_record set data = '{"year": 2025, "annualSalary": 100001}'::jsonb where teacher_id = ? and info_set = 'compensation'`, [id]);
    await sql(t, `update archive_record set data = '{"kind": "honour", "title": "旧版明文"}'::jsonb where teacher_id = ? and info_set = 'ethics'`, [id]);
    expect(await restrictedRowsText()).toContain('100001');
    expect(await sealRestrictedRecords(t.app.orm, RESTRICTED_INFO_SETS, 1)).toBe(2);
    expect(await sealRestrictedRecords(t.app.orm, RESTRICTED_INFO_SETS)).toBe(0);
    const text = await restrictedRowsText();
    expect(text).not.toContain('100001');
    expect(text).not.toContain('旧版明文');
    const v = dataOf(await t.gql(TEACHER, { id }, tokens.get('c_info'))).teacher;
    expect(v.compensations.map((r: { data: unknown }) => r.data)).toEqual([{ year: 2025, annualSalary: 100001 }]);
    expect(v.ethicsRecords.map((r: { data: unknown }) => r.data)).toEqual([{ kind: 'honour', title: '旧版明文' }]);
  });
});
