import { appendAudit } from '../../platform/audit/audit.service.js';
import { pgArray } from '../../platform/db/sql.js';
import { cryptoOf } from '../../platform/crypto/sealed-column.js';
import { storedJson } from '../../platform/crypto/sealed-json.js';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { isRestrictedInfoSet, parseTeacherNumber } from '@tmis/shared';
import type { Runtime } from '../../platform/runtime.js';
import { logger } from '../../platform/logging.js';
import type { BatchItem, PushResult } from '../../platform/sync/sync-agent.js';
import { openValue } from '../../platform/sync/signing.js';
import { uuidv7 } from '../../platform/ids.js';
import { exec } from './sql.js';
import { mailProvince, nationalHandler } from './message-handlers.js';
import { confirmNumbers } from './number-state.js';
import { cleanProvenance, type RecordSnapshot, type TeacherSnapshot, type UnitSnapshot } from './snapshot.js';

type Outcome = Omit<PushResult, 'changeId'>;
/** Not now: the change waits for something the national side does not hold yet; `code` says what. */
class Retry extends Error {
  constructor(readonly code: 'SYNC_UNIT_UNKNOWN' | 'SYNC_PROVINCE_UNKNOWN') { super(code); }
}

interface UnitRef { id: string; path: string; depth: number; seq: number; parent_id: string | null }

/** The national root unit (教育部); created on first use in an empty national database. */
async function nationalRoot(tx: EntityManager): Promise<UnitRef> {
  const [root] = await exec<UnitRef>(tx, `select id, path, depth, seq, parent_id from unit where level = 'national' order by seq limit 1`);
  if (root) return root;
  const [{ seq }] = await exec<{ seq: number }>(tx, `select nextval('unit_seq')::int as seq`) as [{ seq: number }];
  const id = uuidv7();
  await exec(tx, `insert into unit (id, created_at, updated_at, version, seq, code, name, level, parent_id, path, depth, status)
    values (?, now(), now(), 1, ?, '000000', '中华人民共和国教育部', 'national', null, ?, 0, 'active')`, [id, seq, `/${seq}/`]);
  return { id, path: `/${seq}/`, depth: 0, seq, parent_id: null };
}

const provinceUnit = async (tx: EntityManager, code: string): Promise<UnitRef | undefined> =>
  (await exec<UnitRef>(tx, `select id, path, depth, seq, parent_id from unit where level = 'province' and code = ?`, [code]))[0];

/**
 * Of the unit ids a change needs and the national side does not hold, those it refused from this
 * province (recorded in `sync_applied`, or earlier in this push): what hangs below them is refused
 * as well, rather than asked for again forever.
 */
async function refusedUnits(tx: EntityManager, sender: string, ids: string[], inThisPush: Set<string>): Promise<Set<string>> {
  const out = new Set(ids.filter((id) => inThisPush.has(id)));
  const rest = ids.filter((id) => !out.has(id) && UUID.test(id));
  if (rest.length) {
    for (const r of await exec<{ ref_id: string }>(tx, `select distinct ref_id from sync_applied where province_code = ? and kind = 'unit' and outcome = 'rejected' and ref_id = any(?::uuid[])`,
      [sender, pgArray(rest)])) out.add(r.ref_id);
  }
  return out;
}

async function applyUnit(tx: EntityManager, sender: string, u: UnitSnapshot, refusedHere: Set<string>): Promise<Outcome> {
  const own = await provinceUnit(tx, sender);
  const [existing] = await exec<UnitRef>(tx, `select id, path, depth, seq, parent_id from unit where id = ?`, [u.id]);
  const inProvince = (path: string): boolean => !!own && path.startsWith(own.path);
  if (u.level === 'province' ? u.code !== sender : !!existing && !inProvince(existing.path)) return { outcome: 'rejected', code: 'SYNC_NOT_OWNER' };
  if (u.level === 'national') return { outcome: 'rejected', code: 'SYNC_NOT_OWNER' };
  let parent: UnitRef;
  if (u.level === 'province') parent = await nationalRoot(tx);
  else {
    const [p] = await exec<UnitRef>(tx, `select id, path, depth, seq, parent_id from unit where id = ?`, [u.parentId]);
    if (!p) {
      if ((await refusedUnits(tx, sender, [u.parentId ?? ''], refusedHere)).size) return { outcome: 'rejected', code: 'SYNC_UNIT_REJECTED' };
      throw new Retry('SYNC_UNIT_UNKNOWN'); // parent not reported yet
    }
    if (!inProvince(p.path)) return { outcome: 'rejected', code: 'SYNC_NOT_OWNER' };
    parent = p;
  }
  const clash = await exec(tx, `select 1 from unit where code = ? and id <> ?`, [u.code, u.id]);
  if (clash.length) return { outcome: 'rejected', code: 'REGISTRY_UNIT_CODE_TAKEN' };
  const attrs = [u.code, u.name, u.level, u.schoolType, u.stage, u.sponsorType, u.urbanRuralType, u.address, u.status];
  if (existing) {
    await exec(tx, `update unit set code = ?, name = ?, level = ?, school_type = ?, stage = ?, sponsor_type = ?, urban_rural_type = ?, address = ?, status = ?,
      updated_at = now(), version = version + 1 where id = ?`, [...attrs, u.id]);
    if (existing.parent_id !== parent.id) {
      // A unit moved under another parent: its subtree's paths (and what hangs off them) follow.
      const newPath = `${parent.path}${existing.seq}/`;
      const shift = parent.depth + 1 - existing.depth;
      await exec(tx, `update unit set parent_id = case when id = ? then ?::uuid else parent_id end, path = ? || substr(path, length(?) + 1), depth = depth + ?
        where path like ? || '%'`, [u.id, parent.id, newPath, existing.path, shift, existing.path]);
      for (const table of ['teacher', 'archive_record']) {
        await exec(tx, `update ${table} set scope_path = ? || substr(scope_path, length(?) + 1) where scope_path like ? || '%'`, [newPath, existing.path, existing.path]);
      }
    }
  } else {
    const [{ seq }] = await exec<{ seq: number }>(tx, `select nextval('unit_seq')::int as seq`) as [{ seq: number }];
    await exec(tx, `insert into unit (id, created_at, updated_at, version, seq, code, name, level, school_type, stage, sponsor_type, urban_rural_type, address, status, parent_id, path, depth)
      values (?, now(), now(), 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [u.id, seq, ...attrs, parent.id, `${parent.path}${seq}/`, parent.depth + 1]);
  }
  return { outcome: 'applied' };
}

interface RegistryRow { teacher_id: string; teacher_no: string; owner_province: string; comparison_hash: Buffer; version: number; active: boolean }

const isActive = (status: string): boolean => status === 'active' || status === 'long_absence';
const arr = (xs: readonly string[]): string => `{${xs.map((x) => `"${x.replace(/[^0-9A-Za-z:-]/g, '')}"`).join(',')}}`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isUnitRef = (x: unknown): boolean => typeof x === 'string' && UUID.test(x);

/** The shape a province's snapshot must have before anything in it is trusted. */
function isTeacherSnapshot(t: TeacherSnapshot): boolean {
  return isUnitRef(t.id) && Number.isInteger(t.version) && t.version > 0 && typeof t.idSealed === 'string' && /^[0-9a-f]{64}$/.test(t.comparisonHash ?? '')
    && isUnitRef(t.unitId) && isUnitRef(t.schoolId) && typeof t.name === 'string' && Array.isArray(t.employments) && Array.isArray(t.records)
    && t.employments.every((e) => isUnitRef(e.id) && isUnitRef(e.schoolId) && (e.departmentId == null || isUnitRef(e.departmentId)))
    && t.records.every((r) => isUnitRef(r.id) && typeof r.infoSet === 'string' && r.infoSet !== 'indicators');
}

/**
 * Applies teacher snapshots set-wise (a handful of statements per batch, not per teacher), each
 * only if newer than what the registry holds. The sender must own the teacher: the registry's
 * owning province, or for a teacher new to the nation, the province in the teacher number; its
 * current unit must lie in the sender's subtree. Returns an outcome per teacher id.
 */
export async function applyTeachers(tx: EntityManager, runtime: Runtime, sender: string, key: Buffer, snaps: TeacherSnapshot[],
  refusedHere: Set<string> = new Set()): Promise<Map<string, Outcome>> {
  const out = new Map<string, Outcome>();
  if (!snaps.length) return out;
  const regs = new Map((await exec<RegistryRow>(tx, `select * from registry_entry where teacher_id = any(?::uuid[]) order by teacher_id for update`, [arr(snaps.map((t) => t.id))]))
    .map((r) => [r.teacher_id, r]));
  const fresh = snaps.filter((t) => !regs.has(t.id));
  const taken = new Map(fresh.length ? (await exec<{ teacher_no: string; teacher_id: string }>(tx, `select teacher_no, teacher_id from registry_entry where teacher_no = any(?::text[])`,
    [arr(fresh.map((t) => t.teacherNo))])).map((r) => [r.teacher_no, r.teacher_id]) : []);
  const own = await provinceUnit(tx, sender);
  const wellFormed = snaps.filter(isTeacherSnapshot);
  const unitIds = [...new Set(wellFormed.flatMap((t) => [t.unitId, t.schoolId, ...t.employments.flatMap((e) => [e.schoolId, e.departmentId])]).filter((x): x is string => !!x))];
  const paths = new Map((await exec<{ id: string; path: string }>(tx, `select id, path from unit where id = any(?::uuid[])`, [arr(unitIds)])).map((u) => [u.id, u.path]));
  const missing = unitIds.filter((id) => !paths.has(id));
  const refused = missing.length ? await refusedUnits(tx, sender, missing, refusedHere) : new Set<string>();
  const fc = runtime.fieldCrypto;
  const apply: { t: TeacherSnapshot; clear: string; hash: Buffer; previous: Buffer[]; path: string }[] = [];
  for (const t of snaps) {
    const reg = regs.get(t.id);
    if (reg && reg.owner_province !== sender) { out.set(t.id, { outcome: 'rejected', code: 'SYNC_NOT_OWNER' }); continue; }
    if (!reg && parseTeacherNumber(t.teacherNo)?.provinceCode !== sender) { out.set(t.id, { outcome: 'rejected', code: 'SYNC_NOT_OWNER' }); continue; }
    if (!reg && taken.has(t.teacherNo)) {
      await recordConflict(tx, 'teacher_no_taken', taken.get(t.teacherNo)!, { teacher_id: t.id, teacher_no: t.teacherNo, owner_province: sender, comparison_hash: Buffer.from(t.comparisonHash, 'hex') });
      out.set(t.id, { outcome: 'rejected', code: 'REGISTRY_TEACHER_NO_TAKEN' });
      continue;
    }
    if (!isTeacherSnapshot(t)) { out.set(t.id, { outcome: 'rejected', code: 'SYNC_BAD_REQUEST' }); continue; }
    if (reg && t.version <= reg.version) { out.set(t.id, { outcome: t.version === reg.version ? 'duplicate' : 'stale' }); continue; }
    const wanted = [t.unitId, t.schoolId, ...t.employments.flatMap((e) => [e.schoolId, e.departmentId])].filter((x): x is string => !!x);
    if (wanted.some((u) => refused.has(u))) { out.set(t.id, { outcome: 'rejected', code: 'SYNC_UNIT_REJECTED' }); continue; }
    if (!own) { out.set(t.id, { outcome: 'retry', code: 'SYNC_PROVINCE_UNKNOWN' }); continue; }
    if (wanted.some((u) => !paths.has(u))) { out.set(t.id, { outcome: 'retry', code: 'SYNC_UNIT_UNKNOWN' }); continue; } // units not reported yet
    const path = paths.get(t.unitId)!;
    // Past employments may lie in another province (a cross-province transfer); the current unit may not.
    if (!path.startsWith(own.path)) { out.set(t.id, { outcome: 'rejected', code: 'SYNC_NOT_OWNER' }); continue; }
    const clear = openValue(key, t.idSealed);
    // During a key/profile migration (issue 15.3) a holder may still carry the previous key's hash.
    const [hash, ...previous] = fc.blindIndexes(clear, `doc:${t.idType}`);
    apply.push({ t, clear, hash: hash!, previous, path });
  }
  if (!apply.length) return out;
  // A cross-province duplicate keeps its own row (and a conflict) instead of failing the batch.
  const holders = new Map((await exec<{ h: string; id: string }>(tx, `select encode(id_number_hash, 'hex') as h, id from teacher where id_number_hash = any(?::bytea[])`,
    [`{${apply.flatMap((a) => [a.hash, ...a.previous]).map((h) => `"\\\\x${h.toString('hex')}"`).join(',')}}`])).map((r) => [r.h, r.id]));
  const rows = apply.map(({ t, clear, hash, previous, path }) => {
    const holder = [hash, ...previous].map((h) => holders.get(h.toString('hex'))).find((id) => id !== undefined);
    const h = holder && holder !== t.id ? fc.blindIndex(t.id, 'duplicate-of-another-teacher') : hash;
    return {
      id: t.id, version: t.version, teacherNo: t.teacherNo, name: t.name, gender: t.gender, birthDate: t.birthDate, ethnicity: t.ethnicity, politicalStatus: t.politicalStatus,
      idType: t.idType, enc: fc.encrypt(clear).toString('hex'), hash: h.toString('hex'), masked: t.idNumberMasked, educationLevel: t.educationLevel,
      professionalTitle: t.professionalTitle, unitId: t.unitId, schoolId: t.schoolId, path, stage: t.stage, employmentStatus: t.employmentStatus,
      staffCategory: t.staffCategory, establishmentStatus: t.establishmentStatus, postCategory: t.postCategory, hireDate: t.hireDate, createdAt: t.createdAt,
      cmp: t.comparisonHash, active: isActive(t.employmentStatus),
    };
  });
  const ids = arr(apply.map((a) => a.t.id));
  await exec(tx, `insert into teacher (id, version, teacher_no, name, gender, birth_date, ethnicity, political_status, id_type, id_number_enc, id_number_hash, id_number_masked,
      education_level, professional_title, unit_id, school_id, scope_path, stage, employment_status, staff_category, establishment_status, post_category, hire_date, created_at, updated_at)
    select r.id, r.version, r."teacherNo", r.name, r.gender, r."birthDate", r.ethnicity, r."politicalStatus", r."idType", decode(r.enc, 'hex'), decode(r.hash, 'hex'), r.masked,
      r."educationLevel", r."professionalTitle", r."unitId", r."schoolId", r.path, r.stage, r."employmentStatus", r."staffCategory", r."establishmentStatus", r."postCategory",
      r."hireDate", r."createdAt", now()
    from jsonb_to_recordset(?::jsonb) as r (id uuid, version int, "teacherNo" text, name text, gender text, "birthDate" date, ethnicity text, "politicalStatus" text, "idType" text,
      enc text, hash text, masked text, "educationLevel" text, "professionalTitle" text, "unitId" uuid, "schoolId" uuid, path text, stage text, "employmentStatus" text,
      "staffCategory" text, "establishmentStatus" text, "postCategory" text, "hireDate" date, "createdAt" timestamptz)
    on conflict (id) do update set version = excluded.version, teacher_no = excluded.teacher_no, name = excluded.name, gender = excluded.gender, birth_date = excluded.birth_date,
      ethnicity = excluded.ethnicity, political_status = excluded.political_status, id_type = excluded.id_type, id_number_enc = excluded.id_number_enc,
      id_number_hash = excluded.id_number_hash, id_number_masked = excluded.id_number_masked, education_level = excluded.education_level,
      professional_title = excluded.professional_title, unit_id = excluded.unit_id, school_id = excluded.school_id, scope_path = excluded.scope_path, stage = excluded.stage,
      employment_status = excluded.employment_status, staff_category = excluded.staff_category, establishment_status = excluded.establishment_status,
      post_category = excluded.post_category, hire_date = excluded.hire_date, updated_at = now()`, [JSON.stringify(rows)]);
  // Employments and archive records: the snapshot is the whole truth, so replace them.
  await exec(tx, `delete from employment where teacher_id = any(?::uuid[])`, [ids]);
  const employments = apply.flatMap(({ t }) => t.employments.map((e) => ({ ...e, teacherId: t.id })));
  await exec(tx, `insert into employment (id, created_at, updated_at, version, teacher_id, school_id, department_id, staff_category, establishment_status, post_category,
      employment_status, start_date, end_date, end_reason, start_reason)
    select e.id, e."createdAt", now(), 1, e."teacherId", e."schoolId", e."departmentId", e."staffCategory", e."establishmentStatus", e."postCategory", e."employmentStatus",
      e."startDate", e."endDate", e."endReason", e."startReason"
    from jsonb_to_recordset(?::jsonb) as e (id uuid, "teacherId" uuid, "createdAt" timestamptz, "schoolId" uuid, "departmentId" uuid, "staffCategory" text, "establishmentStatus" text,
      "postCategory" text, "employmentStatus" text, "startDate" date, "endDate" date, "endReason" text, "startReason" text)`, [JSON.stringify(employments)]);
  await exec(tx, `delete from archive_record where teacher_id = any(?::uuid[])`, [ids]);
  const records = apply.flatMap(({ t, path }) => t.records.map((r) => ({ ...r, teacherId: t.id, path })));
  await insertRecords(tx, records);
  await exec(tx, `insert into registry_entry (teacher_id, teacher_no, owner_province, comparison_hash, version, active)
    select r.id, r."teacherNo", ?, decode(r.cmp, 'hex'), r.version, r.active from jsonb_to_recordset(?::jsonb) as r (id uuid, "teacherNo" text, cmp text, version int, active boolean)
    on conflict (teacher_id) do update set comparison_hash = excluded.comparison_hash, version = excluded.version, active = excluded.active, updated_at = now()`,
  [sender, JSON.stringify(rows)]);
  await checkConflicts(tx, apply.map((a) => a.t.id));
  for (const a of apply) out.set(a.t.id, { outcome: 'applied' });
  return out;
}

/** Archive records as they were (ids, validity, superseded links), in the teacher's current scope; records held already are updated. */
export async function insertRecords(tx: EntityManager, records: (RecordSnapshot & { teacherId: string; path: string })[]): Promise<void> {
  if (!records.length) return;
  // Who entered and approved travels by name (account ids are local); only well-formed names are kept.
  // Restricted sets are sealed at rest with this deployment's key (issue 14.7), as the ORM does.
  const fc = cryptoOf(tx.getPlatform());
  const json = JSON.stringify(records.map((r) => ({ ...r, data: storedJson(fc, r.data ?? {}, isRestrictedInfoSet(r.infoSet)), provenance: cleanProvenance(r.provenance) })));
  await exec(tx, `insert into archive_record (id, created_at, updated_at, version, teacher_id, info_set, data, status, effective_from, effective_to, origin, change_kind,
      valid_from, valid_to, entered_at, approved_at, provenance, scope_path)
    select r.id, r."createdAt", now(), 1, r."teacherId", r."infoSet", r.data, r.status, r."effectiveFrom", r."effectiveTo", r.origin, r."changeKind",
      r."validFrom", r."validTo", r."enteredAt", r."approvedAt", r.provenance, r.path
    from jsonb_to_recordset(?::jsonb) as r (id uuid, "teacherId" uuid, path text, "createdAt" timestamptz, "infoSet" text, data jsonb, status text, "effectiveFrom" date,
      "effectiveTo" date, origin text, "changeKind" text, "validFrom" timestamptz, "validTo" timestamptz, "enteredAt" timestamptz, "approvedAt" timestamptz, provenance jsonb)
    on conflict (id) do update set info_set = excluded.info_set, data = excluded.data, status = excluded.status, effective_from = excluded.effective_from,
      effective_to = excluded.effective_to, origin = excluded.origin, change_kind = excluded.change_kind, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
      entered_at = excluded.entered_at, approved_at = excluded.approved_at, provenance = excluded.provenance, scope_path = excluded.scope_path, updated_at = now()`, [json]);
  if (records.some((r) => r.supersedesId)) {
    await exec(tx, `update archive_record a set supersedes_id = r."supersedesId" from jsonb_to_recordset(?::jsonb) as r (id uuid, "supersedesId" uuid)
      where a.id = r.id and r."supersedesId" is not null and exists (select 1 from archive_record s where s.id = r."supersedesId")`, [json]);
  }
}

/** One snapshot (the release of a cross-province transfer). */
export async function applyTeacher(tx: EntityManager, runtime: Runtime, sender: string, key: Buffer, t: TeacherSnapshot): Promise<Outcome> {
  return (await applyTeachers(tx, runtime, sender, key, [t])).get(t.id)!;
}

interface ConflictRow { id: string; kind: string; status: string; teacher_id_a: string; teacher_id_b: string }

/**
 * One person, one number: the same document under two teacher ids is a conflict; when both are
 * employed in different provinces it is the sharper `active_in_two_provinces`. Both provinces are
 * told (mail), and told again when it is resolved. Then the numbers the check leaves free of such a
 * conflict are confirmed (`confirmNumbers`: 临时编号 → 正式编号).
 */
export async function checkConflicts(tx: EntityManager, teacherIds: string[]): Promise<void> {
  if (!teacherIds.length) return;
  const mine = await exec<RegistryRow>(tx, `select * from registry_entry where teacher_id = any(?::uuid[])`, [arr(teacherIds)]);
  const sameDoc = await exec<RegistryRow>(tx, `select * from registry_entry where comparison_hash = any(?::bytea[])`,
    [`{${mine.map((m) => `"\\\\x${m.comparison_hash.toString('hex')}"`).join(',')}}`]);
  const conflicts = await exec<ConflictRow>(tx, `select id, kind, status, teacher_id_a, teacher_id_b from registry_conflict
    where kind <> 'teacher_no_taken' and (teacher_id_a = any(?::uuid[]) or teacher_id_b = any(?::uuid[]))`, [arr(teacherIds), arr(teacherIds)]);
  for (const me of mine) {
    const others = sameDoc.filter((o) => o.teacher_id !== me.teacher_id && o.comparison_hash.equals(me.comparison_hash));
    const open = conflicts.filter((c) => c.teacher_id_a === me.teacher_id || c.teacher_id_b === me.teacher_id);
    for (const o of others) {
      const kind = me.active && o.active && me.owner_province !== o.owner_province ? 'active_in_two_provinces' : 'duplicate_document';
      const prior = open.find((c) => c.teacher_id_a === o.teacher_id || c.teacher_id_b === o.teacher_id);
      if (prior && prior.kind === kind && prior.status === 'open') continue;
      if (prior) {
        await exec(tx, `update registry_conflict set kind = ?, status = 'open', resolved_at = null, detected_at = now() where id = ?`, [kind, prior.id]);
        Object.assign(prior, { kind, status: 'open' });
        await announce(tx, prior.id);
      } else await recordConflict(tx, kind, o.teacher_id, me);
    }
    for (const c of open.filter((c) => c.status === 'open')) {
      const other = c.teacher_id_a === me.teacher_id ? c.teacher_id_b : c.teacher_id_a;
      if (others.some((o) => o.teacher_id === other)) continue;
      await exec(tx, `update registry_conflict set status = 'resolved', resolved_at = now() where id = ?`, [c.id]);
      c.status = 'resolved';
      await announce(tx, c.id);
    }
  }
  await confirmNumbers(tx, teacherIds);
}

/** A new conflict: the teacher already registered is side a, the newcomer side b. */
async function recordConflict(tx: EntityManager, kind: string, existingId: string, b: Pick<RegistryRow, 'teacher_id' | 'teacher_no' | 'owner_province' | 'comparison_hash'>): Promise<void> {
  const [a] = await exec<RegistryRow>(tx, `select * from registry_entry where teacher_id = ?`, [existingId]);
  if (!a) return;
  const id = uuidv7();
  const inserted = await exec(tx, `insert into registry_conflict (id, kind, comparison_hash, teacher_id_a, teacher_no_a, province_a, teacher_id_b, teacher_no_b, province_b)
    values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning id`,
  [id, kind, b.comparison_hash, a.teacher_id, a.teacher_no, a.owner_province, b.teacher_id, b.teacher_no, b.owner_province]);
  if (inserted.length) await announce(tx, id);
}

async function announce(tx: EntityManager, conflictId: string): Promise<void> {
  const [c] = await exec<Record<string, unknown> & { province_a: string; province_b: string }>(tx, `select id, kind, encode(comparison_hash, 'hex') as "comparisonHash",
    teacher_id_a as "teacherIdA", teacher_no_a as "teacherNoA", province_a, teacher_id_b as "teacherIdB", teacher_no_b as "teacherNoB", province_b,
    status, detected_at as "detectedAt", resolved_at as "resolvedAt" from registry_conflict where id = ?`, [conflictId]);
  if (!c) return;
  const payload = { ...c, provinceA: c.province_a, provinceB: c.province_b };
  for (const p of new Set([c.province_a, c.province_b])) await mailProvince(tx, p, 'conflict', payload);
}

/**
 * The national side of a push: every change once (by change id), units first (parents before
 * children), then teachers, then messages; each change in its own savepoint so one bad change
 * cannot hold back the rest. `retry` changes (a unit not known yet) are not recorded, so they
 * come again.
 */
export async function applyPush(orm: MikroORM, runtime: Runtime, keys: Map<string, Buffer>, sender: string, items: BatchItem[]): Promise<PushResult[]> {
  const key = keys.get(sender)!;
  const results = new Map<string, Outcome>();
  await orm.em.fork().transactional(async (tx) => {
    await exec(tx, `set local tmis.sync_apply = 'on'`);
    // One push per province at a time: a retry racing its own first attempt waits, then sees it applied.
    await exec(tx, `select pg_advisory_xact_lock(hashtext('tmis-sync:' || ?))`, [sender]);
    const seen = new Set((await exec<{ change_id: string }>(tx, `select change_id from sync_applied where province_code = ? and change_id = any(?::text[])`,
      [sender, arr(items.map((i) => i.changeId))])).map((r) => r.change_id));
    for (const i of items) if (seen.has(i.changeId)) results.set(i.changeId, { outcome: 'duplicate' });
    const todo = items.filter((i) => !seen.has(i.changeId));
    const units = todo.filter((i) => i.kind === 'unit').sort((a, b) => (a.data as UnitSnapshot).depth - (b.data as UnitSnapshot).depth);
    const teachers = todo.filter((i) => i.kind === 'teacher');
    const messages = todo.filter((i) => i.kind === 'message');
    // Each change in its own savepoint, so one bad change cannot hold back the rest.
    const guarded = async (fn: () => Promise<Outcome>): Promise<Outcome> => {
      await exec(tx, 'savepoint sync_item');
      try {
        const r = await fn();
        await exec(tx, 'release savepoint sync_item');
        return r;
      } catch (e) {
        await exec(tx, 'rollback to savepoint sync_item');
        if (e instanceof Retry) return { outcome: 'retry', code: e.code };
        logger().warn({ err: e, province: sender }, 'sync: change refused');
        return { outcome: 'rejected', code: 'SYNC_APPLY_FAILED' };
      }
    };
    const refusedHere = new Set<string>();
    for (const u of units) {
      const r = await guarded(() => applyUnit(tx, sender, u.data as UnitSnapshot, refusedHere));
      if (r.outcome === 'rejected') refusedHere.add((u.data as UnitSnapshot).id);
      results.set(u.changeId, r);
    }
    // Teachers set-wise; should the set fail, one by one so the bad one is found.
    const byId = new Map(teachers.map((i) => [(i.data as TeacherSnapshot).id, i]));
    let outcomes: Map<string, Outcome> | null = null;
    await guarded(async () => { outcomes = await applyTeachers(tx, runtime, sender, key, teachers.map((i) => i.data as TeacherSnapshot), refusedHere); return { outcome: 'applied' }; });
    if (outcomes) for (const [id, r] of outcomes as Map<string, Outcome>) results.set(byId.get(id)!.changeId, r);
    else for (const i of teachers) results.set(i.changeId, await guarded(async () => (await applyTeachers(tx, runtime, sender, key, [i.data as TeacherSnapshot], refusedHere)).values().next().value!));
    for (const m of messages) {
      results.set(m.changeId, await guarded(async () => {
        const payload = m.data as Record<string, any>;
        const handler = nationalHandler(String(payload?.type));
        if (!handler) return { outcome: 'rejected', code: 'SYNC_BAD_REQUEST' };
        await handler(tx, runtime, sender, payload);
        return { outcome: 'applied' };
      }));
    }
    // `retry` changes (a unit not known yet) are not recorded, so they count when they come again.
    const done = todo.filter((i) => results.get(i.changeId)!.outcome !== 'retry');
    if (done.length) {
      // What each change was, and why it was refused. A teacher version is applied once only
      // (unique index): should two processes ever apply the same one, this insert fails the push.
      const refOf = (i: BatchItem): { ref: string | null; version: number | null } => {
        const d = i.data as { id?: unknown; version?: unknown } | null;
        return i.kind === 'message' || typeof d?.id !== 'string' || !UUID.test(d.id) ? { ref: null, version: null }
          : { ref: d.id, version: i.kind === 'teacher' && Number.isInteger(d.version) ? Number(d.version) : null };
      };
      const rows = done.map((i) => ({ c: i.changeId, o: results.get(i.changeId)!.outcome, k: i.kind, r: refOf(i).ref, v: refOf(i).version, code: results.get(i.changeId)!.code ?? null }));
      await exec(tx, `insert into sync_applied (province_code, change_id, outcome, kind, ref_id, version, code)
        select ?, x.c, x.o, x.k, x.r, x.v, x.code from jsonb_to_recordset(?::jsonb) as x (c text, o text, k text, r uuid, v int, code text)
        on conflict (province_code, change_id) do nothing`, [sender, JSON.stringify(rows)]);
    }
    // Every push is accountable at national too: one audit entry per push, with what became of it.
    const count = (o: string): number => items.filter((i) => results.get(i.changeId)!.outcome === o).length;
    const rejected = items.filter((i) => results.get(i.changeId)!.outcome === 'rejected').map((i) => i.changeId);
    await appendAudit(tx, [{
      action: 'sync.apply', actorUsername: `province:${sender}`, targetType: 'SyncPush', targetId: sender, outcome: rejected.length ? 'failure' : 'success',
      detail: { province: sender, changes: items.length, applied: count('applied'), duplicates: count('duplicate'), stale: count('stale'), retry: count('retry'), rejected: rejected.slice(0, 20) },
    }]);
  });
  return items.map((i) => ({ changeId: i.changeId, ...results.get(i.changeId)! }));
}

export async function pullMail(orm: MikroORM, province: string, ack: string[]): Promise<{ messages: { id: string; kind: string; payload: unknown }[] }> {
  const em = orm.em.fork();
  const ids = ack.filter((a) => /^[0-9a-f-]{36}$/i.test(a));
  if (ids.length) await exec(em, `update sync_message set acked_at = now() where province_code = ? and id = any(?::uuid[]) and acked_at is null`, [province, pgArray(ids)]);
  const messages = await exec<{ id: string; kind: string; payload: unknown }>(em,
    `select id, kind, payload from sync_message where province_code = ? and acked_at is null order by seq limit 100`, [province]);
  return { messages };
}
