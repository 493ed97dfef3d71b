import type { EntityManager } from '@mikro-orm/postgresql';
import { onApproved, onSettled } from '../../platform/approvals/approval-hooks.js';
import { AppError } from '../../platform/graphql/errors.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { uuidv7 } from '../../platform/ids.js';
import type { Runtime } from '../../platform/runtime.js';
import { openValue, sealValue } from '../../platform/sync/signing.js';
import { dayBefore } from '../transfers/move-archive.js';
import { exec } from '../sync/sql.js';
import { enqueueMessage, teacherSnapshots, type TeacherSnapshot } from '../sync/snapshot.js';
import { applyTeacher, checkConflicts, insertRecords } from '../sync/national-apply.js';
import { mailProvince, onNationalMessage, onProvinceMessage } from '../sync/message-handlers.js';
import { registryNumberState } from '../sync/number-state.js';
import { InterprovincialTransfer } from './interprovincial-transfer.entity.js';
import { INTERPROVINCIAL_IN_WORKFLOW, INTERPROVINCIAL_OUT_WORKFLOW } from './interprovincial.workflow.js';

const sameName = (a: string, b: string): boolean => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

// ---- receiving province (B) ----------------------------------------------------------------

/** B's authority approved: the request leaves for the national system (in the approving transaction). */
onApproved(INTERPROVINCIAL_IN_WORKFLOW.type, async (tx, c) => {
  const t = await tx.findOneOrFail(InterprovincialTransfer, { caseId: c.id });
  t.status = 'requested';
  await tx.flush();
  await enqueueMessage(tx, uuidv7(), {
    type: 'transfer_request', transferId: t.id, fromProvince: t.fromProvince, toProvince: t.toProvince, comparisonHash: t.comparisonHash.toString('hex'),
    teacherName: t.teacherName, idType: t.idType, toUnitName: t.toUnitName, effectiveDate: t.effectiveDate, reason: t.reason ?? null,
  });
});

onSettled(INTERPROVINCIAL_IN_WORKFLOW.type, async (tx, c, { comment }) => {
  if (c.status === 'approved') return;
  const t = await tx.findOneOrFail(InterprovincialTransfer, { caseId: c.id });
  Object.assign(t, { status: c.status, closeReason: comment });
  await tx.flush();
});

/** The receiving school's initiator learns how it ended, in the portal's notifications. */
async function notifyInitiator(tx: EntityManager, transferId: string, kind: string, message: string): Promise<void> {
  await exec(tx, `insert into notification (id, account_id, kind, message, case_id, created_at)
    select ?, initiated_by, ?, ? || teacher_name, case_id, now() from interprovincial_transfer where id = ? and initiated_by is not null`, [uuidv7(), kind, message, transferId]);
}

async function closeIn(tx: EntityManager, p: Record<string, any>, status: 'declined' | 'rejected'): Promise<void> {
  const closed = await exec(tx, `update interprovincial_transfer set status = ?, close_reason = ?, updated_at = now(), version = version + 1
    where id = ? and direction = 'in' and status = 'requested' returning id`, [status, p.reason ?? p.code ?? null, p.transferId]);
  if (closed.length) await notifyInitiator(tx, p.transferId, `interprovincial_${status}`, status === 'declined' ? '跨省调入未获调出省同意：' : '全国系统未找到符合条件的教师：');
}
onProvinceMessage('transfer_declined', (tx, _rt, p) => closeIn(tx, p, 'declined'));
onProvinceMessage('transfer_rejected', (tx, _rt, p) => closeIn(tx, p, 'rejected'));

/**
 * The archive arrives: the teacher keeps id and number; the receiving school's employment starts
 * on the effective date; every effective archive record (with superseded versions) comes along,
 * and the employments held in the releasing province become work-history records. The ordinary
 * triggers then report the teacher upward from here, with a higher version than before.
 */
onProvinceMessage('transfer_released', async (tx, runtime, p) => {
  const [t] = await exec<{ id: string; to_unit_id: string; effective_date: string; status: string }>(tx,
    `select id, to_unit_id, effective_date::text, status from interprovincial_transfer where id = ? and direction = 'in' for update`, [p.transferId]);
  if (!t || t.status !== 'requested') return;
  const s = p.snapshot as TeacherSnapshot & { history: { startDate: string; endDate: string | null; employer: string }[] };
  const fc = runtime.fieldCrypto;
  const clear = openValue(runtime.config.syncKey!, s.idSealed);
  const hash = fc.blindIndex(clear, `doc:${s.idType}`);
  // A teacher this province once released may come back: the same row is taken up again.
  const [back] = await exec<{ released: boolean }>(tx, `select exists (select 1 from sync_released r where r.teacher_id = t.id) as released from teacher t where t.id = ?`, [s.id]);
  // Both blind indexes during a key/profile migration (issue 15.3): an unmigrated row still has the previous one.
  const hashes = `{${fc.blindIndexes(clear, `doc:${s.idType}`).map((h) => `"\\\\x${h.toString('hex')}"`).join(',')}}`;
  const clash = await exec(tx, `select 1 from teacher where (id_number_hash = any(?::bytea[]) or teacher_no = ?) and id <> ?`, [hashes, s.teacherNo, s.id]);
  if (clash.length || (back && !back.released)) {
    await exec(tx, `update interprovincial_transfer set status = 'failed', close_reason = 'INTERPROVINCIAL_LOCAL_DUPLICATE', updated_at = now() where id = ?`, [t.id]);
    await notifyInitiator(tx, t.id, 'interprovincial_failed', '跨省调入未能完成（本省已有该证件号码或标识码的教师，请核实）：');
    return;
  }
  const [unit] = await exec<{ id: string; path: string; level: string; parent_id: string }>(tx, `select id, path, level, parent_id from unit where id = ?`, [t.to_unit_id]);
  const schoolId = unit!.level === 'department' ? unit!.parent_id : unit!.id;
  const [school] = await exec<{ stage: string | null }>(tx, `select stage from unit where id = ?`, [schoolId]);
  const last = s.employments[s.employments.length - 1];
  const numberState = p.numberState === 'provisional' ? 'provisional' : 'confirmed';
  const columns = [s.name, s.gender, s.birthDate, s.ethnicity, s.politicalStatus, s.idType, fc.encrypt(clear), hash, s.idNumberMasked, s.educationLevel, s.professionalTitle,
    unit!.id, schoolId, unit!.path, school?.stage ?? null, s.staffCategory, s.establishmentStatus, s.postCategory, s.hireDate, numberState];
  if (back) {
    await exec(tx, `update teacher set version = greatest(version, ?) + 1, updated_at = now(), name = ?, gender = ?, birth_date = ?, ethnicity = ?, political_status = ?, id_type = ?,
        id_number_enc = ?, id_number_hash = ?, id_number_masked = ?, education_level = ?, professional_title = ?, unit_id = ?, school_id = ?, scope_path = ?, stage = ?,
        employment_status = 'active', staff_category = ?, establishment_status = ?, post_category = ?, hire_date = ?, number_state = ? where id = ?`, [s.version, ...columns, s.id]);
    await exec(tx, `update archive_record set scope_path = ? where teacher_id = ?`, [unit!.path, s.id]);
    await exec(tx, `delete from sync_released where teacher_id = ?`, [s.id]);
  } else {
    await exec(tx, `insert into teacher (id, created_at, updated_at, version, teacher_no, name, gender, birth_date, ethnicity, political_status, id_type, id_number_enc,
        id_number_hash, id_number_masked, education_level, professional_title, unit_id, school_id, scope_path, stage, staff_category, establishment_status, post_category,
        hire_date, number_state, employment_status)
      values (?, ?, now(), ?, ?, ${columns.map(() => '?').join(', ')}, 'active')`, [s.id, s.createdAt, s.version + 1, s.teacherNo, ...columns]);
  }
  await exec(tx, `insert into employment (id, created_at, updated_at, version, teacher_id, school_id, department_id, staff_category, establishment_status, post_category,
      employment_status, start_date, start_reason) values (?, now(), now(), 1, ?, ?, ?, ?, ?, ?, 'active', ?, 'transfer')`,
  [uuidv7(), s.id, schoolId, unit!.level === 'department' ? unit!.id : null, last?.staffCategory ?? null, last?.establishmentStatus ?? null, last?.postCategory ?? null, t.effective_date]);
  await insertRecords(tx, s.records.map((r) => ({ ...r, teacherId: s.id, path: unit!.path })));
  for (const h of s.history) {
    await exec(tx, `insert into archive_record (id, created_at, updated_at, version, teacher_id, info_set, data, status, origin, change_kind, valid_from, entered_at, approved_at, scope_path)
      values (?, now(), now(), 1, ?, 'work_history', ?::jsonb, 'effective', 'system', 'add', now(), now(), now(), ?)`,
    [uuidv7(), s.id, JSON.stringify({ startDate: h.startDate, ...(h.endDate ? { endDate: h.endDate } : {}), employer: h.employer.slice(0, 100), position: '跨省调动前任职' }), unit!.path]);
  }
  await exec(tx, `update interprovincial_transfer set status = 'completed', completed_at = now(), teacher_id = ?, teacher_no = ?, history = ?::jsonb,
    updated_at = now(), version = version + 1 where id = ?`, [s.id, s.teacherNo, JSON.stringify(s.employments), t.id]);
  await notifyInitiator(tx, t.id, 'interprovincial_done', '跨省调入已完成，档案已转入：');
  await appendAudit(tx, [{ actorId: null, actorUsername: null, unitId: unit!.id, scopePath: unit!.path, action: 'teacher.interprovincial_in', targetType: 'Teacher', targetId: s.id,
    detail: { transferId: t.id, teacherNo: s.teacherNo } }]);
});

// ---- national relay ---------------------------------------------------------------------------

interface RegistryHit { teacher_id: string; teacher_no: string; owner_province: string; active: boolean; name: string }

/** B asks for a teacher of A: the registry finds the person by comparison hash and checks the name. */
onNationalMessage('transfer_request', async (tx, _rt, sender, p) => {
  const hits = await exec<RegistryHit>(tx, `select r.teacher_id, r.teacher_no, r.owner_province, r.active, t.name from registry_entry r join teacher t on t.id = r.teacher_id
    where r.comparison_hash = decode(?, 'hex') and r.owner_province = ? and r.active`, [p.comparisonHash, p.fromProvince]);
  const hit = hits.find((h) => sameName(h.name, String(p.teacherName)));
  if (p.toProvince !== sender || !hit) {
    await mailProvince(tx, sender, 'transfer_rejected', { transferId: p.transferId, code: 'INTERPROVINCIAL_TEACHER_NOT_FOUND' });
    return;
  }
  await exec(tx, `insert into interprovincial_transfer (id, created_at, updated_at, version, direction, from_province, to_province, teacher_id, teacher_no, teacher_name,
      id_type, comparison_hash, to_unit_name, party_paths, effective_date, reason, status)
    values (?, now(), now(), 1, 'relay', ?, ?, ?, ?, ?, ?, decode(?, 'hex'), ?, coalesce((select path from unit where level = 'national' order by seq limit 1), '/'), ?, ?, 'relayed')
    on conflict (id) do nothing`,
  [p.transferId, p.fromProvince, sender, hit.teacher_id, hit.teacher_no, p.teacherName, p.idType, p.comparisonHash, p.toUnitName, p.effectiveDate, p.reason]);
  await mailProvince(tx, p.fromProvince, 'transfer_request', {
    transferId: p.transferId, teacherId: hit.teacher_id, teacherNo: hit.teacher_no, teacherName: p.teacherName, idType: p.idType, comparisonHash: p.comparisonHash,
    toProvince: sender, toUnitName: p.toUnitName, effectiveDate: p.effectiveDate, reason: p.reason,
  });
});

/** A released the archive: national takes A's last state, hands ownership to B and forwards the archive. */
onNationalMessage('transfer_released', async (tx, runtime, sender, p) => {
  const [r] = await exec<{ to_province: string; teacher_id: string; status: string }>(tx,
    `select to_province, teacher_id, status from interprovincial_transfer where id = ? and direction = 'relay' and from_province = ? for update`, [p.transferId, sender]);
  if (!r || r.status !== 'relayed') return;
  const keys = runtime.config.syncKeys;
  const snapshot = p.snapshot as TeacherSnapshot;
  await applyTeacher(tx, runtime, sender, keys.get(sender)!, snapshot);
  await exec(tx, `update registry_entry set owner_province = ?, active = false, updated_at = now() where teacher_id = ? and owner_province = ?`, [r.to_province, r.teacher_id, sender]);
  await exec(tx, `update interprovincial_transfer set status = 'released', completed_at = now(), updated_at = now() where id = ?`, [p.transferId]);
  await checkConflicts(tx, [r.teacher_id]);
  const forB = { ...p.snapshot, idSealed: sealValue(keys.get(r.to_province)!, openValue(keys.get(sender)!, snapshot.idSealed), runtime.config.crypto) };
  // The number keeps its state in the registry: B holds it as the registry does.
  await mailProvince(tx, r.to_province, 'transfer_released', { transferId: p.transferId, snapshot: forB, numberState: await registryNumberState(tx, r.teacher_id) });
});

onNationalMessage('transfer_declined', async (tx, _rt, sender, p) => {
  const [r] = await exec<{ to_province: string }>(tx, `update interprovincial_transfer set status = 'declined', close_reason = ?, updated_at = now()
    where id = ? and direction = 'relay' and from_province = ? and status = 'relayed' returning to_province`, [p.reason ?? null, p.transferId, sender]);
  if (r) await mailProvince(tx, r.to_province, 'transfer_declined', { transferId: p.transferId, reason: p.reason ?? null });
});

// ---- releasing province (A) -------------------------------------------------------------------

/** The request arrives at A and waits for the releasing school (interprovincialTransfers, acceptInterprovincialTransfer). */
onProvinceMessage('transfer_request', async (tx, _rt, p) => {
  const [teacher] = await exec<{ id: string; school_id: string; scope_path: string; employment_status: string }>(tx,
    `select id, school_id, scope_path, employment_status from teacher where id = ? and id not in (select teacher_id from sync_released)`, [p.teacherId]);
  if (!teacher || !['active', 'long_absence'].includes(teacher.employment_status)) {
    await enqueueMessage(tx, uuidv7(), { type: 'transfer_declined', transferId: p.transferId, reason: 'INTERPROVINCIAL_STALE' });
    return;
  }
  await exec(tx, `insert into interprovincial_transfer (id, created_at, updated_at, version, direction, from_province, to_province, teacher_id, teacher_no, teacher_name,
      id_type, comparison_hash, to_unit_name, from_school_id, party_paths, effective_date, reason, status)
    values (?, now(), now(), 1, 'out', ?, ?, ?, ?, ?, ?, decode(?, 'hex'), ?, ?, ?, ?, ?, 'received') on conflict (id) do nothing`,
  [p.transferId, _rt.config.provinceCode, p.toProvince, teacher.id, p.teacherNo, p.teacherName, p.idType, p.comparisonHash, p.toUnitName, teacher.school_id,
    teacher.scope_path, p.effectiveDate, p.reason ?? null]);
});

/**
 * A's authority approved: the employment ends the day before the effective date, the teacher is
 * marked transferred out and handed over (no longer reported by A), and the archive snapshot
 * leaves in the same transaction.
 */
onApproved(INTERPROVINCIAL_OUT_WORKFLOW.type, async (tx, c, ctx) => {
  const t = await tx.findOneOrFail(InterprovincialTransfer, { caseId: c.id });
  const [teacher] = await exec<{ employment_status: string; school_id: string }>(tx, `select employment_status, school_id from teacher where id = ? for update`, [t.teacherId]);
  const [open] = await exec<{ id: string; start_date: string }>(tx, `select id, start_date::text from employment where teacher_id = ? and end_date is null`, [t.teacherId]);
  if (!teacher || !open || !['active', 'long_absence'].includes(teacher.employment_status) || teacher.school_id !== t.fromSchoolId || t.effectiveDate <= open.start_date) {
    throw new AppError('INTERPROVINCIAL_STALE');
  }
  await exec(tx, `update employment set end_date = ?, end_reason = 'transferred_out', employment_status = 'transferred_out', updated_at = now(), version = version + 1 where id = ?`,
    [dayBefore(t.effectiveDate), open.id]);
  await exec(tx, `update teacher set employment_status = 'transferred_out', updated_at = now() where id = ?`, [t.teacherId]);
  await exec(tx, `insert into sync_released (teacher_id, to_province, transfer_id) values (?, ?, ?)`, [t.teacherId, t.toProvince, t.id]);
  const runtime: Runtime = ctx.runtime;
  const [snapshot] = await teacherSnapshots(tx, runtime, [t.teacherId!], runtime.config.syncKey!, runtime.config.registryKey!);
  const history = await exec<{ startDate: string; endDate: string | null; employer: string }>(tx, `select e.start_date::text as "startDate", e.end_date::text as "endDate",
      (select p.name from unit p where p.level = 'province' and u.path like p.path || '%' limit 1) || ' ' || u.name as employer
    from employment e join unit u on u.id = e.school_id where e.teacher_id = ? order by e.start_date`, [t.teacherId]);
  Object.assign(t, { status: 'released', completedAt: new Date() });
  await tx.flush();
  await enqueueMessage(tx, uuidv7(), { type: 'transfer_released', transferId: t.id, snapshot: { ...snapshot, history } });
  await appendAudit(tx, [actorEvent(ctx, { action: 'teacher.interprovincial_out', targetType: 'Teacher', targetId: t.teacherId!, detail: { transferId: t.id, toProvince: t.toProvince } })]);
});

onSettled(INTERPROVINCIAL_OUT_WORKFLOW.type, async (tx, c, { comment }) => {
  if (c.status === 'approved') return;
  const t = await tx.findOneOrFail(InterprovincialTransfer, { caseId: c.id });
  Object.assign(t, { status: 'declined', closeReason: comment });
  await tx.flush();
  await enqueueMessage(tx, uuidv7(), { type: 'transfer_declined', transferId: t.id, reason: comment ?? c.status });
});
