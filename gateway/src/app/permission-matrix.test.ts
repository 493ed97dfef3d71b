import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subject } from '@casl/ability';
import { defineAbilityFor, maskIdNumber, type Role } from '@tmis/shared';
import { createTestApp, errorCode, type TestApp } from '../testing/test-app.js';
import { buildWorld, type UnitKey, type World } from '../testing/world.js';
import { loginAs } from '../testing/auth-helpers.js';

/**
 * The permission matrix (issue: foundation): every role × (own unit, lower unit, sibling unit,
 * other province) × (list, get by id, every sensitive field), checked three ways: the rows SQL
 * returned, `ability.can` on each returned row, and the expected answer. Zero leaks.
 */
type Relation = 'own' | 'lower' | 'sibling' | 'otherProvince';

interface Seat { username: string; unit: UnitKey; role: Role; teacherOf?: UnitKey }
// School-level seats sit at the university (own = its own staff, lower = a department);
// county-level seats at countyA (lower = its school; it has no teachers of its own).
const SEATS: Seat[] = [
  { username: 'u_sys', unit: 'univ', role: 'system_admin' },
  { username: 'u_info', unit: 'univ', role: 'info_admin' },
  { username: 'u_query', unit: 'univ', role: 'query_user' },
  { username: 'u_train', unit: 'univ', role: 'training_admin' },
  { username: 'u_teacher', unit: 'univ', role: 'teacher', teacherOf: 'univ' },
  { username: 'c_sys', unit: 'countyA', role: 'system_admin' },
  { username: 'c_info', unit: 'countyA', role: 'info_admin' },
  { username: 'c_query', unit: 'countyA', role: 'query_user' },
  { username: 'c_train', unit: 'countyA', role: 'training_admin' },
  { username: 'c_inst', unit: 'countyA', role: 'training_institution' },
];

const TARGETS: Record<'univ' | 'countyA', Partial<Record<Relation, UnitKey>>> = {
  univ: { own: 'univ', lower: 'deptU1', sibling: 'provSchool', otherProvince: 'schoolZ' },
  countyA: { lower: 'schoolA', sibling: 'schoolB', otherProvince: 'schoolZ' },
};

interface Expect { visible: boolean; idNumber: 'full' | 'masked' | 'none'; restricted: boolean }

function expected(seat: Seat, relation: Relation): Expect {
  const inScope = relation === 'own' || relation === 'lower';
  const none: Expect = { visible: false, idNumber: 'none', restricted: false };
  switch (seat.role) {
    case 'info_admin': return inScope ? { visible: true, idNumber: 'full', restricted: true } : none;
    case 'system_admin':
    case 'query_user':
    case 'training_admin': return inScope ? { visible: true, idNumber: 'masked', restricted: false } : none;
    // A teacher sees exactly one archive: their own (the university's own teacher here).
    case 'teacher': return relation === 'own' ? { visible: true, idNumber: 'full', restricted: true } : none;
    case 'training_institution': return none;
  }
}

const LIST = `{ teachers(first: 200) { totalCount nodes { id } } }`;
const GET = `query($id: ID!) { teacher(id: $id) { id name idNumber } }`;
const FIELD = (f: string): string => `query($id: ID!) { teacher(id: $id) { id ${f} { infoSet data } } }`;

let t: TestApp;
let world: World;
const tokens = new Map<string, string>();

beforeAll(async () => {
  t = await createTestApp();
  world = await buildWorld(t.app, { accounts: SEATS.map((s) => [s.username, s.unit, s.role, { teacherOf: s.teacherOf }]) });
  for (const s of SEATS) tokens.set(s.username, await loginAs(t, s.username, world.certDir));
});
afterAll(async () => t?.close());

async function scopePaths(ids: string[]): Promise<Map<string, string>> {
  const rows = await t.app.orm.em.fork().getConnection().execute<{ id: string; scope_path: string }[]>(
    `select id, scope_path from teacher where id in (${ids.map(() => '?').join(',') || 'null'})`, ids);
  return new Map(rows.map((r) => [r.id, r.scope_path]));
}

const cases = SEATS.flatMap((seat) =>
  (Object.entries(TARGETS[seat.unit as 'univ' | 'countyA']) as [Relation, UnitKey][]).map(([relation, unit]) => ({ seat, relation, unit })));

describe('teacher permission matrix', () => {
  it.each(cases)('$seat.role at $seat.unit → $relation ($unit)', async ({ seat, relation, unit }) => {
    const token = tokens.get(seat.username)!;
    const target = world.teachers[unit]!;
    const want = expected(seat, relation);
    const account = world.accounts.get(seat.username)!;
    const ability = defineAbilityFor({
      accountId: account.id, role: seat.role, unitId: world.units[seat.unit].id, unitPath: world.units[seat.unit].path,
      unitLevel: world.units[seat.unit].level, teacherId: account.teacher?.id ?? null,
    });

    // list: the rows SQL returned, and the ability agreeing on every one of them
    const list = await t.gql(LIST, {}, token);
    if (seat.role === 'training_institution') {
      expect(errorCode(list)).toBe('FORBIDDEN');
    } else {
      expect(list.errors).toBeUndefined();
      const ids: string[] = list.data!.teachers.nodes.map((n: { id: string }) => n.id);
      expect(ids.includes(target.id)).toBe(want.visible);
      expect(list.data!.teachers.totalCount).toBe(ids.length);
      const paths = await scopePaths(ids);
      for (const id of ids) expect(ability.can('read', subject('Teacher', { id, scopePath: paths.get(id)! }) as never)).toBe(true);
    }
    expect(ability.can('read', subject('Teacher', { id: target.id, scopePath: target.scopePath }) as never)).toBe(want.visible);

    // get by id: the row, or "not found or no access" — same answer as for an id that does not exist
    const get = await t.gql(GET, { id: target.id }, token);
    if (!want.visible) {
      expect(get.data).toBeNull();
      expect(errorCode(get)).toBe(seat.role === 'training_institution' ? 'FORBIDDEN' : 'NOT_FOUND_OR_NO_ACCESS');
      expect(JSON.stringify(get)).not.toContain(target.name);
      return;
    }
    expect(get.errors).toBeUndefined();
    const clear = world.idNumbers.get(target.id)!;
    const shown = get.data!.teacher.idNumber as string;
    if (want.idNumber === 'full') expect(shown).toBe(clear);
    else expect(shown).toBe(maskIdNumber(clear));

    // every restricted set
    for (const field of ['assessments', 'compensations', 'ethicsRecords']) {
      const r = await t.gql(FIELD(field), { id: target.id }, token);
      if (want.restricted) {
        expect(r.errors).toBeUndefined();
        expect(r.data!.teacher[field]).toHaveLength(1);
      } else {
        expect(errorCode(r)).toBe('FIELD_FORBIDDEN');
        expect(r.data!.teacher[field]).toBeNull();
      }
      expect(ability.can('read', subject('Teacher', { id: target.id, scopePath: target.scopePath }) as never, field)).toBe(want.restricted);
    }
  });

  it('a random id answers exactly like an id out of scope', async () => {
    const r = await t.gql(GET, { id: '01900000-0000-7000-8000-000000000000' }, tokens.get('c_query'));
    expect(errorCode(r)).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('filtering by a unit outside the scope is refused without a hint', async () => {
    const r = await t.gql(`query($u: ID!) { teachers(filter: { unitId: $u }) { totalCount } }`, { u: world.units.schoolZ.id }, tokens.get('c_info'));
    expect(errorCode(r)).toBe('NOT_FOUND_OR_NO_ACCESS');
  });

  it('units and accounts lists stay inside the subtree', async () => {
    const units = await t.gql(`{ units(first: 500) { nodes { code } } }`, {}, tokens.get('c_query'));
    const codes = units.data!.units.nodes.map((n: { code: string }) => n.code).sort();
    expect(codes).toEqual(['2330102001', '2330102002', '330102']);
    const accounts = await t.gql(`{ accounts { nodes { username } } }`, {}, tokens.get('c_sys'));
    expect(accounts.errors).toBeUndefined();
    const names = accounts.data!.accounts.nodes.map((n: { username: string }) => n.username);
    expect(names).toContain('c_query');
    expect(names).not.toContain('u_sys');
  });

  it('reads of full ID numbers and restricted sets are audited', async () => {
    const target = world.teachers.deptU1!;
    await t.gql(GET, { id: target.id }, tokens.get('u_info'));
    const em = t.app.orm.em.fork();
    const rows = await em.getConnection().execute<{ detail: { reads: string[] } }[]>(
      `select detail from audit_entry where action = 'teacher.read_sensitive' and actor_username = 'u_info'`);
    expect(rows.flatMap((r) => r.detail.reads)).toContain(`${target.id}:idNumber`);
  });
});
