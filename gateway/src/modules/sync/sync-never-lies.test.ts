import { randomBytes } from 'node:crypto';
import { generateChineseIdCard } from '@tmis/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../../testing/auth-helpers.js';
import { dataOf, errorCode, type TestApp } from '../../testing/test-app.js';
import { signRequest } from '../../platform/sync/signing.js';
import type { OutboxRow, PushResult } from '../../platform/sync/sync-agent.js';
import { buildTeacher, buildUnit } from '../../demo/builders.js';
import type { Unit } from '../units/unit.entity.js';
import { buildItems } from './snapshot.js';
import { agentOf } from './sync.setup.js';
import { addAccounts, buildProvince, freshDatabase, keepOf, startGateway, waitFor, type Gateway } from './testing/cluster.js';

/**
 * Issue 12, "sync never lies": whatever does not reach the national system is counted with its
 * reason in `syncStatus`, listed by `syncRejections`, and told to the province's system and
 * information admins. And the national side applies a change once when two of its processes
 * receive it at the same moment.
 */
const KEY = randomBytes(32).toString('hex');
const REGISTRY = randomBytes(32).toString('hex');
const P = '110000';

const STATUS = `{ syncStatus { pending waiting delivered rejected skipped lastSuccessAt failures reasons { outcome code message count } } }`;
const REJECTIONS = `query($o: String, $open: Boolean) { syncRejections(outcome: $o, openOnly: $open, first: 500) {
  totalCount items { seq kind refId label outcome code message attempts resolved } } }`;

let national: Gateway;
let national2: Gateway;
let prov: Gateway;
let world: Awaited<ReturnType<typeof buildProvince>>;
let foreignTeacherId: string;
let wanderer: string;
const tok: Record<string, string> = {};
const asApp = (g: Gateway): TestApp => g as unknown as TestApp;

type Rejection = { seq: string; kind: string; refId: string; label: string | null; outcome: string; code: string; message: string; attempts: number; resolved: boolean };
const rejections = async (vars: Record<string, unknown> = {}): Promise<{ totalCount: number; items: Rejection[] }> =>
  dataOf(await prov.gql(REJECTIONS, vars, tok.sys)).syncRejections;
const held = async (): Promise<Set<string>> =>
  new Set((await national.sql<{ teacher_id: string }>(`select teacher_id from registry_entry where owner_province = ?`, [P])).map((r) => r.teacher_id));
const heldVersion = async (id: string): Promise<number> => (await national.sql<{ version: number }>(`select version from registry_entry where teacher_id = ?`, [id]))[0]?.version ?? 0;
const provinceVersion = async (id: string): Promise<number> => (await prov.sql<{ version: number }>(`select version from teacher where id = ?`, [id]))[0]!.version;
const pendingRows = async (): Promise<number> => (await prov.sql<{ n: number }>(`select count(*)::int as n from sync_outbox where delivered_at is null`))[0]!.n;

beforeAll(async () => {
  const [dbN, dbP] = await Promise.all([freshDatabase(), freshDatabase()]);
  const nEnv = { TMIS_MODE: 'national', TMIS_SYNC_KEYS: `${P}:${KEY}`, TMIS_REGISTRY_KEY: REGISTRY };
  national = await startGateway(dbN, nEnv);
  // A second national process on the same database (same secret and data folder).
  national2 = await startGateway(dbN, nEnv, keepOf(national));
  const em = national.app.orm.em.fork();
  const root = await buildUnit(em, null, { code: '000000', name: '中华人民共和国教育部', level: 'national' });
  // A school code the national registry already knows under another unit: the province's second school clashes with it.
  await buildUnit(em, root, { code: `2${P.slice(0, 2)}0102002`, name: '别省同代码学校', level: 'school', schoolType: '211' });
  await em.flush();
  prov = await startGateway(dbP, { TMIS_PROVINCE_CODE: P, TMIS_NATIONAL_URL: national.url, TMIS_SYNC_KEY: KEY, TMIS_REGISTRY_KEY: REGISTRY, TMIS_SYNC_INTERVAL_MS: '50' });
  world = await buildProvince(prov, { code: P, name: '乙省', prefix: 'b', teachers: 4, idRegion: '110108', seqBase: 300 });
  await addAccounts(prov, [['b-pinfo', world.units.province, 'info_admin'], ['b-query', world.units.province, 'query_user']]);
  // Data that is not this province's: another province's unit, school and teacher in its database.
  const pem = prov.app.orm.em.fork();
  const national0 = await pem.findOneOrFail('Unit', { id: world.units.national.id }) as Unit;
  const other = await buildUnit(pem, national0, { code: '330000', name: '甲省', level: 'province' });
  const otherSchool = await buildUnit(pem, other, { code: '2330102001', name: '甲省某小学', level: 'school', schoolType: '211' });
  await pem.flush();
  const idNumber = generateChineseIdCard({ regionCode: '330102', birthDate: '1985-03-03', sequence: 900, gender: '1' });
  foreignTeacherId = (await buildTeacher(pem, prov.app.runtime, otherSchool, { name: '外省教师', gender: '1', birthDate: '1985-03-03', idNumber, startDate: '2010-09-01' })).id;
  await pem.flush();
  // One of the province's own teachers once worked at that school: the national side holds no such unit.
  wanderer = world.teacherIds[0]!;
  await prov.sql(`insert into employment (id, created_at, updated_at, version, teacher_id, school_id, employment_status, start_date, end_date, end_reason)
    values (gen_random_uuid(), now(), now(), 1, ?, ?, 'active', '2005-09-01', '2010-08-31', 'transfer')`, [wanderer, otherSchool.id]);
  tok.sys = await loginAs(asApp(prov), 'b-sys');
  tok.info = await loginAs(asApp(prov), 'b-pinfo', prov.certDir);
  tok.county = await loginAs(asApp(prov), 'b-county', prov.certDir);
  tok.query = await loginAs(asApp(prov), 'b-query');
});

afterAll(async () => {
  await prov?.close();
  await national2?.close();
  await national?.close();
});

describe('sync never lies: every change that does not arrive is counted, listed and told', () => {
  it('nothing stays pending: each row ends delivered, rejected with the national reason, or skipped with the province reason', async () => {
    // The teacher whose old school national does not hold is asked for again, then stamped rejected (retry limit).
    await waitFor('the outbox to settle', async () => (await pendingRows()) === 0, 30_000);
    const s = dataOf(await prov.gql(STATUS, {}, tok.sys)).syncStatus;
    const [total] = await prov.sql<{ n: number }>(`select count(*)::int as n from sync_outbox`);
    expect(s.pending).toBe(0);
    expect(s.delivered + s.rejected + s.skipped).toBe(total!.n);
    expect(s.rejected).toBeGreaterThanOrEqual(4);
    expect(s.lastSuccessAt).not.toBeNull();
    const codes = Object.fromEntries((s.reasons as { outcome: string; code: string; message: string; count: number }[]).map((r) => [`${r.outcome}:${r.code}`, r]));
    expect(Object.keys(codes).sort()).toEqual(['rejected:REGISTRY_UNIT_CODE_TAKEN', 'rejected:SYNC_UNIT_REJECTED', 'rejected:SYNC_UNIT_UNKNOWN',
      'skipped:SYNC_ABOVE_PROVINCE', 'skipped:SYNC_OUTSIDE_PROVINCE']);
    expect(codes['rejected:REGISTRY_UNIT_CODE_TAKEN']!.message).toBe('单位代码已被其他省份的单位使用');
    expect(codes['rejected:SYNC_UNIT_REJECTED']!.count).toBe(2); // the two teachers of the refused school
    expect(codes['skipped:SYNC_OUTSIDE_PROVINCE']!.message).toMatch(/不属于本省/);
    // And what "delivered" counts is what the national system really holds: not the refused school's
    // teachers, and the wanderer only at a version from before its change was refused.
    expect(await held()).toEqual(new Set(world.teacherIds.filter((_, i) => i % 2 === 0)));
    expect(await heldVersion(wanderer)).toBeLessThan(await provinceVersion(wanderer));
  });

  it('syncRejections lists each refused change with its reason, for the province\'s system and information admins only', async () => {
    const list = await rejections();
    const of = (id: string): Rejection[] => list.items.filter((r) => r.refId === id);
    expect(of(world.units.school2.id)).toEqual([expect.objectContaining({ kind: 'unit', outcome: 'rejected', code: 'REGISTRY_UNIT_CODE_TAKEN', label: `2110102002 ${world.units.school2.name}`, resolved: false })]);
    for (const id of world.teacherIds.filter((_, i) => i % 2)) {
      expect(of(id)).toEqual([expect.objectContaining({ kind: 'teacher', outcome: 'rejected', code: 'SYNC_UNIT_REJECTED', message: expect.stringMatching(/单位已被全国系统拒收/) })]);
      const [{ teacher_no }] = await prov.sql<{ teacher_no: string }>(`select teacher_no from teacher where id = ?`, [id]) as [{ teacher_no: string }];
      expect(of(id)[0]!.label).toBe(teacher_no);
    }
    expect(of(wanderer).at(0)).toMatchObject({ outcome: 'rejected', code: 'SYNC_UNIT_UNKNOWN' });
    expect(of(wanderer).at(0)!.attempts).toBeGreaterThanOrEqual(10);
    expect(of(foreignTeacherId)).toEqual([expect.objectContaining({ outcome: 'skipped', code: 'SYNC_OUTSIDE_PROVINCE' })]);
    expect(of(world.units.national.id)).toEqual([expect.objectContaining({ outcome: 'skipped', code: 'SYNC_ABOVE_PROVINCE' })]);
    expect((await rejections({ o: 'skipped' })).items.every((r) => r.outcome === 'skipped')).toBe(true);
    // The province's information admin sees the same list; a county admin and a query user may not.
    expect(dataOf(await prov.gql(REJECTIONS, {}, tok.info)).syncRejections.totalCount).toBe(list.totalCount);
    expect(errorCode(await prov.gql(REJECTIONS, {}, tok.county))).toBe('FORBIDDEN');
    expect(errorCode(await prov.gql(REJECTIONS, {}, tok.query))).toBe('FORBIDDEN');
    expect(errorCode(await prov.gql(REJECTIONS, { o: 'applied' }, tok.sys))).toBe('VALIDATION_FAILED');
  });

  it('the province\'s system and information admins are notified, with the reasons in Chinese; expected skips call nobody', async () => {
    const NOTES = `{ notifications { kind message } }`;
    for (const t of [tok.sys, tok.info]) {
      const notes = (dataOf(await prov.gql(NOTES, {}, t)).notifications as { kind: string; message: string }[]).filter((n) => n.kind === 'sync_rejected');
      expect(notes.length).toBeGreaterThan(0);
      const all = notes.map((n) => n.message).join('\n');
      expect(all).toMatch(/单位代码已被其他省份的单位使用（REGISTRY_UNIT_CODE_TAKEN）1 条/);
      expect(all).toMatch(/SYNC_UNIT_REJECTED/);
      expect(all).toMatch(/SYNC_OUTSIDE_PROVINCE/);
      expect(all).not.toMatch(/SYNC_ABOVE_PROVINCE/);
    }
    const county = (dataOf(await prov.gql(NOTES, {}, tok.county)).notifications as { kind: string }[]).filter((n) => n.kind === 'sync_rejected');
    expect(county).toEqual([]);
  });

  it('after the cause is fixed, a re-send delivers them and the refusals show as resolved', async () => {
    await national.sql(`update unit set code = '2999999999' where name = '别省同代码学校'`);
    dataOf(await prov.gql(`mutation { syncResend { units teachers } }`, {}, tok.sys));
    await waitFor('the re-send to settle', async () => (await pendingRows()) === 0, 30_000);
    expect(await held()).toEqual(new Set(world.teacherIds));
    for (const id of world.teacherIds.filter((t) => t !== wanderer)) expect(await heldVersion(id)).toBe(await provinceVersion(id));
    // The one whose old school national still lacks is refused again, with the same reason.
    expect(await heldVersion(wanderer)).toBeLessThan(await provinceVersion(wanderer));
    const all = (await rejections()).items;
    expect(all.filter((r) => r.code === 'SYNC_UNIT_REJECTED' || r.code === 'REGISTRY_UNIT_CODE_TAKEN').every((r) => r.resolved)).toBe(true);
    const open = (await rejections({ open: true })).items;
    expect(open.some((r) => r.code === 'SYNC_UNIT_REJECTED' || r.code === 'REGISTRY_UNIT_CODE_TAKEN')).toBe(false);
    expect(open.some((r) => r.refId === wanderer && r.code === 'SYNC_UNIT_UNKNOWN')).toBe(true);
  });
});

describe('two national processes receive the same change at the same moment', () => {
  it('it is applied once: one answer applied, the other duplicate, one applied-log row per teacher version', async () => {
    const agent = agentOf(prov.app.runtime)!;
    await agent.stop(); // the province's own loop stays out of the way while the test pushes by hand
    try {
      const id = world.teacherIds[2]!;
      const [{ version }] = await prov.sql<{ version: number }>(`update teacher set name = name || '丙' where id = ? returning version`, [id]) as [{ version: number }];
      const rows = (await prov.sql<{ seq: string; kind: OutboxRow['kind']; ref_id: string }>(`select seq, kind, ref_id from sync_outbox where delivered_at is null and ref_id = ?`, [id]))
        .map((r) => ({ seq: Number(r.seq), kind: r.kind, refId: r.ref_id, payload: null }));
      const { items } = await buildItems(prov.app.orm.em.fork(), prov.app.runtime, rows, Buffer.from(KEY, 'hex'), Buffer.from(REGISTRY, 'hex'));
      expect(items).toHaveLength(1);
      const push = (g: Gateway, changeId: string): Promise<PushResult[]> => {
        const body = JSON.stringify({ province: P, items: items.map((i) => ({ ...i, changeId })) });
        return fetch(`${g.url}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', ...signRequest(Buffer.from(KEY, 'hex'), P, body) }, body })
          .then(async (r) => ((await r.json()) as { results: PushResult[] }).results);
      };
      // The same change id to both processes at once, then the same version under two new change ids at once.
      const same = await Promise.all([push(national, items[0]!.changeId), push(national2, items[0]!.changeId)]);
      expect(same.map((r) => r[0]!.outcome).sort()).toEqual(['applied', 'duplicate']);
      const twice = await Promise.all([push(national, 'x1'), push(national2, 'x2')]);
      expect(twice.map((r) => r[0]!.outcome)).toEqual(['duplicate', 'duplicate']);
      const log = await national.sql<{ n: number }>(`select count(*)::int as n from sync_applied where kind = 'teacher' and ref_id = ? and version = ? and outcome = 'applied'`, [id, version]);
      expect(log[0]!.n).toBe(1);
    } finally {
      agent.start();
    }
    await waitFor('the province loop to settle again', async () => (await pendingRows()) === 0, 15_000);
  });
});
