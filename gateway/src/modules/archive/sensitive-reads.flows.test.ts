import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, dataOf, sql, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildEffectiveRecord } from '../../demo/builders.js';
import type { Teacher } from '../teachers/teacher.entity.js';

/**
 * Issue 14.6, replayed: compensation, assessment, ethics and contact data read on any path —
 * the archive, its history, the record queue, a saved query — leave a `teacher.read_sensitive`
 * audit entry naming the teacher and the set, as `teacher { compensations }` always did; query
 * users do not get the contact set at all.
 */
const ARCHIVE = `query($id: ID!, $s: [String!]) { teacherArchive(teacherId: $id, sets: $s) { infoSet records { id data } } }`;
const HISTORY = `query($id: ID!, $s: String!) { archiveHistory(teacherId: $id, infoSet: $s) { id data } }`;
const QUEUE = `query($id: ID!, $s: String) { archiveRecords(filter: { teacherId: $id, infoSet: $s }, first: 50) { nodes { id data } } }`;
const SAVE = `mutation($i: SaveQueryInput!) { saveQuery(input: $i) { id } }`;
const RUN = `query($id: ID!, $v: JSON) { runSavedQuery(id: $id, variables: $v) { data } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
let teacherId: string;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [['r_info', 'countyA', 'info_admin'], ['r_query', 'countyA', 'query_user']] });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
  const em = t.app.orm.em.fork();
  const teacher = await em.findOneOrFail<Teacher>('Teacher', w.teachers.schoolA!.id);
  teacherId = teacher.id;
  buildEffectiveRecord(em, teacher, 'compensation', { year: 2025, basicSalary: 6000 });
  buildEffectiveRecord(em, teacher, 'assessment', { year: 2025, result: '1' });
  buildEffectiveRecord(em, teacher, 'ethics', { year: 2025, result: '1' });
  buildEffectiveRecord(em, teacher, 'contact', { mobile: '13800001234', email: 'li@example.cn' });
  buildEffectiveRecord(em, teacher, 'skill', { name: '普通话一级乙等' });
  await em.flush();
});
afterAll(async () => t?.close());

/** The sensitive reads audited for a user, as `teacherId:field` lines. */
async function auditedReads(user: string): Promise<string[]> {
  const rows = await sql<{ detail: { reads: string[] } }>(t, `select detail from audit_entry where action = 'teacher.read_sensitive' and actor_username = ?`, [user]);
  return rows.flatMap((r) => r.detail.reads);
}

async function readsDuring(user: string, fn: () => Promise<unknown>): Promise<string[]> {
  const before = await auditedReads(user);
  await fn();
  const after = await auditedReads(user);
  return after.slice(before.length);
}

describe('every path that returns restricted data is audited', () => {
  it.each([
    ['teacherArchive', 'compensation', 'compensations', () => t.gql(ARCHIVE, { id: teacherId, s: ['compensation'] }, tok.r_info)],
    ['archiveHistory', 'ethics', 'ethicsRecords', () => t.gql(HISTORY, { id: teacherId, s: 'ethics' }, tok.r_info)],
    ['archiveRecords', 'assessment', 'assessments', () => t.gql(QUEUE, { id: teacherId, s: 'assessment' }, tok.r_info)],
    ['teacherArchive', 'contact', 'contact', () => t.gql(ARCHIVE, { id: teacherId, s: ['contact'] }, tok.r_info)],
  ])('%s of the %s set → %s', async (_path, _set, field, read) => {
    const reads = await readsDuring('r_info', async () => {
      const r = await read();
      expect(r.errors).toBeUndefined();
    });
    expect(reads).toEqual([`${teacherId}:${field}`]);
  });

  it('a saved query that reads them is audited like a direct read', async () => {
    const id = dataOf(await t.gql(SAVE, { i: { name: '待遇核对', query: 'query($id: ID!) { teacherArchive(teacherId: $id, sets: ["compensation", "skill"]) { records { data } } }', variables: { id: teacherId } } }, tok.r_info)).saveQuery.id;
    const reads = await readsDuring('r_info', async () => {
      expect(dataOf(await t.gql(RUN, { id, v: { id: teacherId } }, tok.r_info)).runSavedQuery.data.teacherArchive.length).toBe(2);
    });
    expect(reads).toEqual([`${teacherId}:compensations`]);
  });

  it('reading an ordinary set leaves no sensitive-read entry', async () => {
    expect(await readsDuring('r_info', () => t.gql(ARCHIVE, { id: teacherId, s: ['skill'] }, tok.r_info))).toEqual([]);
  });

  it('a query user gets no contact, compensation, assessment or ethics record on any path', async () => {
    for (const set of ['contact', 'compensation', 'assessment', 'ethics']) {
      expect(dataOf(await t.gql(ARCHIVE, { id: teacherId, s: [set] }, tok.r_query)).teacherArchive, set).toEqual([]);
      expect(dataOf(await t.gql(QUEUE, { id: teacherId, s: set }, tok.r_query)).archiveRecords.nodes, set).toEqual([]);
    }
    expect(dataOf(await t.gql(ARCHIVE, { id: teacherId, s: ['skill'] }, tok.r_query)).teacherArchive).toHaveLength(1);
  });
});
