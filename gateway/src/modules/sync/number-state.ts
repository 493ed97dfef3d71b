import type { EntityManager } from '@mikro-orm/postgresql';
import { provinces } from '@tmis/shared';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { uuidv7 } from '../../platform/ids.js';
import type { Runtime } from '../../platform/runtime.js';
import { mailProvince } from './message-handlers.js';
import { exec, uuidArray } from './sql.js';

/**
 * 临时编号 → 正式编号 (issue 13.8). A province issues a provisional number; the national registry
 * confirms it once the person has been checked against every province: no open
 * `active_in_two_provinces` conflict names the teacher. Checked for the teachers just applied and
 * for the other side of their conflicts, so a conflict that ends on one side (that province ended
 * the employment, or transferred the teacher) frees the other. The owning province is mailed once,
 * when it happens (`number_confirmed`), and marks the teacher confirmed.
 */
export async function confirmNumbers(tx: EntityManager, teacherIds: string[]): Promise<void> {
  if (!teacherIds.length) return;
  const ids = uuidArray(teacherIds);
  const confirmed = await exec<{ teacher_id: string; teacher_no: string; owner_province: string }>(tx, `
    with touched as (
      select unnest(?::uuid[]) as id
      union
      select case when c.teacher_id_a = any(?::uuid[]) then c.teacher_id_b else c.teacher_id_a end from registry_conflict c
       where c.kind <> 'teacher_no_taken' and (c.teacher_id_a = any(?::uuid[]) or c.teacher_id_b = any(?::uuid[]))),
    blocked as (
      select teacher_id_a as id from registry_conflict where status = 'open' and kind = 'active_in_two_provinces'
      union select teacher_id_b from registry_conflict where status = 'open' and kind = 'active_in_two_provinces')
    update registry_entry r set confirmed_at = now() from touched
     where r.teacher_id = touched.id and r.confirmed_at is null and r.teacher_id not in (select id from blocked)
    returning r.teacher_id, r.teacher_no, r.owner_province`, [ids, ids, ids, ids]);
  if (!confirmed.length) return;
  await exec(tx, `update teacher set number_state = 'confirmed' where id = any(?::uuid[])`, [uuidArray(confirmed.map((r) => r.teacher_id))]);
  const byProvince = new Map<string, { teacherId: string; teacherNo: string }[]>();
  for (const r of confirmed) byProvince.set(r.owner_province, [...(byProvince.get(r.owner_province) ?? []), { teacherId: r.teacher_id, teacherNo: r.teacher_no }]);
  for (const [province, teachers] of byProvince) await mailProvince(tx, province, 'number_confirmed', { teachers });
}

/** Whether the registry holds the number as confirmed (a teacher handed to another province keeps its state). */
export async function registryNumberState(tx: EntityManager, teacherId: string): Promise<'provisional' | 'confirmed'> {
  const [r] = await exec<{ confirmed: boolean }>(tx, `select confirmed_at is not null as confirmed from registry_entry where teacher_id = ?`, [teacherId]);
  return r?.confirmed ? 'confirmed' : 'provisional';
}

// ---- province ------------------------------------------------------------------------------

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The national registry confirmed these numbers. The state is the registry's verdict, not a
 * change of the province's data: the sync triggers stand aside (no new version, nothing to report
 * back). Each confirmation is in the audit chain, in the teacher's scope.
 */
export async function applyNumberConfirmation(tx: EntityManager, payload: Record<string, unknown>): Promise<void> {
  const list = (Array.isArray(payload.teachers) ? payload.teachers : [])
    .filter((t): t is { teacherId: string; teacherNo: string } => UUID.test(String(t?.teacherId)) && typeof t?.teacherNo === 'string');
  if (!list.length) return;
  await exec(tx, `select set_config('tmis.sync_apply', 'on', true)`);
  const rows = await exec<{ id: string; teacher_no: string; scope_path: string; unit_id: string }>(tx, `update teacher t set number_state = 'confirmed'
      from jsonb_to_recordset(?::jsonb) as c ("teacherId" uuid, "teacherNo" text)
     where t.id = c."teacherId" and t.teacher_no = c."teacherNo" and t.number_state = 'provisional'
     returning t.id, t.teacher_no, t.scope_path, t.unit_id`, [JSON.stringify(list)]);
  await exec(tx, `select set_config('tmis.sync_apply', '', true)`);
  await appendAudit(tx, rows.map((r) => ({
    actorUsername: 'national', unitId: r.unit_id, scopePath: r.scope_path, action: 'teacher.number_confirmed', targetType: 'Teacher', targetId: r.id,
    detail: { teacherNo: r.teacher_no },
  })));
}

/** A conflict as the national system mails it (registry_conflict's columns). */
export interface ConflictMail {
  id: string; kind: string; status: string; comparisonHash: string; detectedAt: string; resolvedAt?: string | null;
  teacherIdA: string; teacherNoA: string; provinceA: string; teacherIdB: string; teacherNoB: string; provinceB: string;
}

const provinceName = (code: string): string => provinces.find((p) => p.code === code)?.name ?? code;

/**
 * The problem-data queue (问题数据) of this province follows a conflict: while the same person is
 * employed in two provinces, this province's teacher is listed (`registry_conflict`, code
 * REGISTRY_ACTIVE_IN_TWO_PROVINCES) for its school and authorities, in both provinces; when the
 * national registry reports it resolved (or no longer two employments), the record closes itself.
 */
export async function followConflict(tx: EntityManager, runtime: Runtime, c: ConflictMail): Promise<void> {
  const me = runtime.config.provinceCode;
  const sides = [
    { province: c.provinceA, teacherId: c.teacherIdA, other: c.provinceB, otherNo: c.teacherNoB },
    { province: c.provinceB, teacherId: c.teacherIdB, other: c.provinceA, otherNo: c.teacherNoA },
  ].filter((s) => s.province === me && UUID.test(s.teacherId));
  const open = c.status === 'open' && c.kind === 'active_in_two_provinces';
  for (const side of sides) {
    const fingerprint = runtime.fieldCrypto.blindIndex(`${c.id}:${side.teacherId}`, 'problem_record:registry_conflict');
    if (!open) {
      await exec(tx, `update problem_record set status = 'resolved', resolved_at = now(), updated_at = now(), version = version + 1, note = ?
        where fingerprint = ? and status = 'open'`, [c.status === 'resolved' ? '全国教师库复核：冲突已消除' : '全国教师库复核：两省不再同时在职', fingerprint]);
      continue;
    }
    const [t] = await exec<{ id: string; teacher_no: string; name: string; id_type: string; id_number_enc: Buffer; id_number_masked: string; school_id: string;
      scope_path: string; number_state: string }>(tx, `select id, teacher_no, name, id_type, id_number_enc, id_number_masked, school_id, scope_path, number_state
      from teacher where id = ? and id not in (select teacher_id from sync_released)`, [side.teacherId]);
    if (!t) continue;
    const raw = {
      teacherNo: t.teacher_no, name: t.name, idNumber: t.id_number_masked, numberState: t.number_state,
      otherProvince: side.other, otherProvinceName: provinceName(side.other), otherTeacherNo: side.otherNo, conflictId: c.id,
      detail: `与${provinceName(side.other)}（${side.other}）教师个人标识码 ${side.otherNo} 的教师为同一证件号码，两省均登记在职`,
    };
    await exec(tx, `insert into problem_record (id, created_at, updated_at, version, school_id, scope_path, kind, raw, id_type, id_number_enc, reason_code, teacher_id, fingerprint)
      values (?, now(), now(), 1, ?, ?, 'registry_conflict', ?::jsonb, ?, ?, 'REGISTRY_ACTIVE_IN_TWO_PROVINCES', ?, ?)
      on conflict (fingerprint) where status = 'open' do nothing`,
    [uuidv7(), t.school_id, t.scope_path, JSON.stringify(raw), t.id_type, t.id_number_enc, t.id, fingerprint]);
  }
}
