import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateChineseIdCard } from '@tmis/shared';
import { createTestApp, dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../../testing/world.js';
import { loginAs } from '../../testing/auth-helpers.js';
import { buildEffectiveRecord, buildTeacher, buildUnit } from '../../demo/builders.js';
import type { Teacher } from '../teachers/teacher.entity.js';
import { ArchiveRecord, type RecordStatus } from './archive-record.entity.js';

// Who may act at each step of archive review and of change requests (seed 000 art. 17, 19; issue 13
// point 2): the school reviews, and the school's supervising authority — its nearest administrative
// ancestor — approves. A city approves for the schools it runs itself, not for a county's schools.

const APPROVE = `mutation($ids: [ID!]!) { approveArchiveRecords(ids: $ids) { id ok code status } }`;
const RETURN = `mutation($ids: [ID!]!) { returnArchiveRecords(ids: $ids, reason: "请核实") { id ok code status } }`;
const CHANGE = `mutation($id: ID!) { requestArchiveChange(recordId: $id, reason: "证书名称有误", data: { name: "更正后的证书" }) { id status } }`;
const QUEUE = `query { archiveRecords(filter: { awaitingMe: true }, first: 500) { nodes { id } } }`;

let t: TestApp;
let w: World;
const tok: Record<string, string> = {};
/** The demo province's teachers by where they work, plus a school the city runs directly. */
const teachers: Record<string, Teacher> = {};

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t.app, { accounts: [
    ['s_info', 'schoolA', 'info_admin'], ['c_info', 'countyA', 'info_admin'], ['city_info', 'cityA', 'info_admin'], ['p_info', 'provA', 'info_admin'],
    ['sb_info', 'schoolB', 'info_admin'], ['t_a', 'schoolA', 'teacher', { teacherOf: 'schoolA' }],
  ] });
  for (const u of w.accounts.keys()) tok[u] = await loginAs(t, u, w.certDir);
  for (const key of ['schoolA', 'provSchool', 'deptU1'] as UnitKey[]) teachers[key] = w.teachers[key]!;
  const em = t.app.orm.em.fork();
  const citySchool = await buildUnit(em, w.units.cityA, { code: '3330100001', name: '甲一市直属中学', level: 'school', schoolType: '342' });
  teachers.citySchool = await buildTeacher(em, t.app.runtime, citySchool, { name: '市直教师', gender: '1', birthDate: '1988-01-01', idNumber: generateChineseIdCard({ regionCode: '330100', birthDate: '1988-01-01', sequence: 901, gender: '1' }), startDate: '2012-09-01' });
  await em.flush();
});
afterAll(async () => t?.close());

/** A record of `where`'s teacher waiting at one step, written as the earlier steps leave it. */
async function recordAt(where: string, status: RecordStatus | 'change_request'): Promise<string> {
  const em = t.app.orm.em.fork();
  const teacher = await em.findOneOrFail<Teacher>('Teacher', teachers[where]!.id);
  const now = new Date();
  const effective = buildEffectiveRecord(em, teacher, 'skill', { name: `证书${Math.random()}` });
  if (status === 'effective') {
    await em.flush();
    return effective.id;
  }
  const record = status === 'change_request'
    ? em.create(ArchiveRecord, { teacher, infoSet: 'skill', data: { name: '更正后的证书' }, scopePath: teacher.scopePath, origin: 'school', changeKind: 'change',
      supersedes: effective, changeReason: '证书名称有误', status: 'school_approved', submittedAt: now, schoolApprovedAt: now })
    : em.create(ArchiveRecord, { teacher, infoSet: 'skill', data: { name: '新证书' }, scopePath: teacher.scopePath, origin: 'teacher', status,
      submittedAt: now, schoolApprovedAt: status === 'school_approved' ? now : null });
  await em.flush();
  return record.id;
}

type Outcome = 'ok' | string;

async function act(mutation: string, field: string, id: string, user: string): Promise<Outcome> {
  const r = dataOf(await t.gql(mutation, { ids: [id] }, tok[user]))[field][0];
  return r.ok ? 'ok' : r.code;
}

const NOT_YOURS = 'WORKFLOW_NOT_YOUR_STEP';
const HIDDEN = 'NOT_FOUND_OR_NO_ACCESS';
const INVALID = 'RECORD_TRANSITION_INVALID';

describe('archive review: who may act at each step', () => {
  it.each([
    // [step, record at, actor, outcome]
    ['school review', 'submitted', 'schoolA', 's_info', 'ok'],
    ['school review', 'submitted', 'schoolA', 'c_info', INVALID],
    ['school review', 'submitted', 'schoolA', 'city_info', INVALID],
    ['school review', 'submitted', 'schoolA', 'p_info', INVALID],
    ['school review', 'submitted', 'schoolA', 'sb_info', HIDDEN],
    ['school review', 'submitted', 'schoolA', 't_a', INVALID],
    ['authority approval', 'school_approved', 'schoolA', 'c_info', 'ok'],
    ['authority approval', 'school_approved', 'schoolA', 'city_info', NOT_YOURS],
    ['authority approval', 'school_approved', 'schoolA', 'p_info', NOT_YOURS],
    ['authority approval', 'school_approved', 'schoolA', 's_info', INVALID],
    ['authority approval', 'school_approved', 'schoolA', 'sb_info', HIDDEN],
    ['authority approval', 'school_approved', 'schoolA', 't_a', INVALID],
    ['authority approval', 'school_approved', 'citySchool', 'city_info', 'ok'],
    ['authority approval', 'school_approved', 'citySchool', 'p_info', NOT_YOURS],
    ['authority approval', 'school_approved', 'citySchool', 'c_info', HIDDEN],
    ['authority approval', 'school_approved', 'provSchool', 'p_info', 'ok'],
    ['authority approval', 'school_approved', 'provSchool', 'city_info', HIDDEN],
    ['authority approval', 'school_approved', 'deptU1', 'p_info', 'ok'],
    ['change request approval', 'change_request', 'schoolA', 'c_info', 'ok'],
    ['change request approval', 'change_request', 'schoolA', 'city_info', NOT_YOURS],
    ['change request approval', 'change_request', 'schoolA', 'p_info', NOT_YOURS],
    ['change request approval', 'change_request', 'schoolA', 's_info', INVALID],
    ['change request approval', 'change_request', 'schoolA', 'sb_info', HIDDEN],
    ['change request approval', 'change_request', 'schoolA', 't_a', INVALID],
    ['change request approval', 'change_request', 'citySchool', 'city_info', 'ok'],
  ] as const)('%s of a %s record at %s: %s → %s', async (_step, status, where, user, expected) => {
    expect(await act(APPROVE, 'approveArchiveRecords', await recordAt(where, status), user)).toBe(expected);
  });

  it.each([
    ['authority return', 'school_approved', 'schoolA', 'c_info', 'ok'],
    ['authority return', 'school_approved', 'schoolA', 'city_info', NOT_YOURS],
    ['authority return', 'school_approved', 'schoolA', 'p_info', NOT_YOURS],
    ['authority return', 'school_approved', 'citySchool', 'city_info', 'ok'],
    ['change request refusal', 'change_request', 'schoolA', 'c_info', 'ok'],
    ['change request refusal', 'change_request', 'schoolA', 'city_info', NOT_YOURS],
    ['change request refusal', 'change_request', 'schoolA', 'p_info', NOT_YOURS],
  ] as const)('%s of a %s record at %s: %s → %s', async (_step, status, where, user, expected) => {
    expect(await act(RETURN, 'returnArchiveRecords', await recordAt(where, status), user)).toBe(expected);
  });

  it.each([
    // The school files; the supervising authority's own change is effective at once; those above may not.
    ['schoolA', 's_info', 'school_approved'],
    ['schoolA', 'c_info', 'effective'],
    ['schoolA', 'city_info', 'FORBIDDEN'],
    ['schoolA', 'p_info', 'FORBIDDEN'],
    ['schoolA', 'sb_info', HIDDEN],
    ['schoolA', 't_a', INVALID],
    ['citySchool', 'city_info', 'effective'],
  ] as const)('a change request on an effective record at %s filed by %s → %s', async (where, user, expected) => {
    const r = await t.gql(CHANGE, { id: await recordAt(where, 'effective') }, tok[user]);
    expect(r.errors ? errorCode(r) : r.data!.requestArchiveChange.status).toBe(expected);
  });

  it('the "waiting for me" queue of each authority holds exactly the schools it supervises', async () => {
    const ids = { schoolA: await recordAt('schoolA', 'school_approved'), citySchool: await recordAt('citySchool', 'change_request'),
      provSchool: await recordAt('provSchool', 'school_approved'), deptU1: await recordAt('deptU1', 'school_approved') };
    const queue = async (user: string) => {
      const mine = new Set(dataOf(await t.gql(QUEUE, {}, tok[user])).archiveRecords.nodes.map((n: { id: string }) => n.id));
      return Object.entries(ids).filter(([, id]) => mine.has(id)).map(([where]) => where);
    };
    expect(await queue('c_info')).toEqual(['schoolA']);
    expect(await queue('city_info')).toEqual(['citySchool']);
    expect(await queue('p_info')).toEqual(['provSchool', 'deptU1']);
    expect(await queue('s_info')).toEqual([]);
  });

  it('the portal is told the same: the city\'s rules leave out its counties', async () => {
    const rules = JSON.stringify(dataOf(await t.gql('{ myAbilities }', {}, tok.city_info)).myAbilities);
    expect(rules).toContain(w.units.countyA.path);
    expect(rules).toContain(w.units.countyA2.path);
  });
});
