import type { EntityManager } from '@mikro-orm/postgresql';
import { openStoredJson } from '../../platform/crypto/sealed-json.js';
import type { Runtime } from '../../platform/runtime.js';
import type { BatchItem, OutboxRow, SkippedRow } from '../../platform/sync/sync-agent.js';
import { comparisonHash, sealValue } from '../../platform/sync/signing.js';
import type { ActorSnapshot } from '../../platform/graphql/actor.js';
import { exec, uuidArray } from './sql.js';

/** A unit as reported upward. */
export interface UnitSnapshot {
  id: string; code: string; name: string; level: string; parentId: string | null; depth: number;
  schoolType: string | null; stage: string | null; sponsorType: string | null; urbanRuralType: string | null; address: string | null; status: string;
}

export interface EmploymentSnapshot {
  id: string; schoolId: string; departmentId: string | null; staffCategory: string | null; establishmentStatus: string | null; postCategory: string | null;
  employmentStatus: string; startDate: string; endDate: string | null; endReason: string | null; startReason: string | null; createdAt: string;
}

export interface RecordSnapshot {
  id: string; infoSet: string; data: Record<string, unknown>; status: string; effectiveFrom: string | null; effectiveTo: string | null;
  origin: string; changeKind: string; supersedesId: string | null; validFrom: string | null; validTo: string | null;
  enteredAt: string | null; approvedAt: string | null; createdAt: string;
  /** Who entered, submitted, reviewed, approved or returned it, by name, unit and time: account ids stay home. */
  provenance?: Partial<Record<ActorStep, ActorSnapshot>> | null;
}

const ACTOR_STEPS = { entered: 'entered', submitted: 'submitted', schoolApproved: 'school_approved', approved: 'approved', returned: 'returned' } as const;
type ActorStep = keyof typeof ACTOR_STEPS;

/**
 * A record's signatures as they travel: each step's person and unit from the local account, or,
 * for a record that came from elsewhere itself, the names it arrived with.
 */
const PROVENANCE_SQL = `nullif(coalesce(ar.provenance, '{}'::jsonb) || jsonb_strip_nulls(jsonb_build_object(${Object.entries(ACTOR_STEPS).map(([key, col]) => `
  '${key}', (select jsonb_build_object('name', a.real_name, 'unitName', u.name, 'unitCode', u.code, 'at', ar.${col}_at)
     from account a join unit u on u.id = a.unit_id where a.id = ar.${col}_by)`).join(',')})), '{}'::jsonb)`;

const text = (v: unknown, n: number): string | null => (typeof v === 'string' && v.trim() ? v.slice(0, n) : null);

/** Keeps only well-formed signatures of another province's snapshot (names and units as text, a time). */
export function cleanProvenance(p: unknown): RecordSnapshot['provenance'] {
  if (!p || typeof p !== 'object') return null;
  const out: Partial<Record<ActorStep, ActorSnapshot>> = {};
  for (const key of Object.keys(ACTOR_STEPS) as ActorStep[]) {
    const a = (p as Record<string, Record<string, unknown> | undefined>)[key];
    const name = text(a?.name, 60);
    if (!a || !name) continue;
    const at = text(a.at, 40);
    out[key] = { name, unitName: text(a.unitName, 200), unitCode: text(a.unitCode, 40), at: at && !Number.isNaN(Date.parse(at)) ? at : null };
  }
  return Object.keys(out).length ? out : null;
}

/**
 * A teacher's full reportable state at one version: the core columns, the whole employment
 * history and the effective archive (with superseded versions). Province-only indicators stay home.
 * The document number travels sealed with the sender's key, next to its national comparison hash.
 */
export interface TeacherSnapshot {
  id: string; teacherNo: string; version: number; name: string; gender: string; birthDate: string; ethnicity: string | null; politicalStatus: string | null;
  idType: string; idSealed: string; comparisonHash: string; idNumberMasked: string; educationLevel: string | null; professionalTitle: string | null;
  unitId: string; schoolId: string; stage: string | null; employmentStatus: string; staffCategory: string | null; establishmentStatus: string | null;
  postCategory: string | null; hireDate: string | null; createdAt: string;
  employments: EmploymentSnapshot[]; records: RecordSnapshot[];
}

export async function unitSnapshots(em: EntityManager, ids: string[], provinceCode: string): Promise<UnitSnapshot[]> {
  if (!ids.length) return [];
  // Only the province's own subtree is reported (a province database may hold the national root).
  return exec<UnitSnapshot>(em, `
    select u.id, u.code, u.name, u.level, u.parent_id as "parentId", u.depth, u.school_type as "schoolType", u.stage, u.sponsor_type as "sponsorType",
           u.urban_rural_type as "urbanRuralType", u.address, u.status
      from unit u join unit p on p.level = 'province' and p.code = ? and u.path like p.path || '%'
     where u.id = any(?::uuid[]) order by u.depth, u.seq`, [provinceCode, uuidArray(ids)]);
}

interface TeacherRow extends Omit<TeacherSnapshot, 'idSealed' | 'comparisonHash'> { idNumberEnc: Buffer }

/** Snapshots in one statement, so each is consistent with its version. */
export async function teacherSnapshots(em: EntityManager, runtime: Runtime, ids: string[], key: Buffer, registryKey: Buffer): Promise<TeacherSnapshot[]> {
  if (!ids.length) return [];
  const rows = await exec<TeacherRow>(em, `
    select t.id, t.teacher_no as "teacherNo", t.version, t.name, t.gender, t.birth_date::text as "birthDate", t.ethnicity, t.political_status as "politicalStatus",
           t.id_type as "idType", t.id_number_enc as "idNumberEnc", t.id_number_masked as "idNumberMasked", t.education_level as "educationLevel",
           t.professional_title as "professionalTitle", t.unit_id as "unitId", t.school_id as "schoolId", t.stage, t.employment_status as "employmentStatus",
           t.staff_category as "staffCategory", t.establishment_status as "establishmentStatus", t.post_category as "postCategory", t.hire_date::text as "hireDate",
           t.created_at as "createdAt",
           (select coalesce(json_agg(e order by e."startDate", e.id), '[]') from (
              select id, school_id as "schoolId", department_id as "departmentId", staff_category as "staffCategory", establishment_status as "establishmentStatus",
                     post_category as "postCategory", employment_status as "employmentStatus", start_date::text as "startDate", end_date::text as "endDate",
                     end_reason as "endReason", start_reason as "startReason", created_at as "createdAt"
                from employment where teacher_id = t.id) e) as employments,
           (select coalesce(json_agg(r order by r."createdAt", r.id), '[]') from (
              select ar.id, ar.info_set as "infoSet", ar.data, ar.status, ar.effective_from::text as "effectiveFrom", ar.effective_to::text as "effectiveTo", ar.origin,
                     ar.change_kind as "changeKind", ar.supersedes_id as "supersedesId", ar.valid_from as "validFrom", ar.valid_to as "validTo",
                     ar.entered_at as "enteredAt", ar.approved_at as "approvedAt", ar.created_at as "createdAt", ${PROVENANCE_SQL} as provenance
                from archive_record ar where ar.teacher_id = t.id and ar.status in ('effective', 'superseded') and ar.info_set <> 'indicators') r) as records
      from teacher t where t.id = any(?::uuid[])`, [uuidArray(ids)]);
  const fc = runtime.fieldCrypto;
  return rows.map(({ idNumberEnc, ...t }) => {
    const clear = fc.decrypt(idNumberEnc);
    // Restricted sets are sealed with this province's key; they travel open (inside the signed, TLS-carried batch) and are sealed again by the receiver.
    const records = t.records.map((r) => ({ ...r, data: { ...openStoredJson(fc, r.data) } }));
    return { ...t, records, createdAt: new Date(t.createdAt).toISOString(), idSealed: sealValue(key, clear, runtime.config.crypto), comparisonHash: comparisonHash(registryKey, t.idType, clear).toString('hex') };
  });
}

/**
 * Turns pending outbox rows into push items: one snapshot per unit or teacher, however many rows
 * it had. Rows not reported say why (`SkippedRow.reason`): the national root (kept by the national
 * system), a unit or teacher outside this province's subtree, a teacher handed over to another
 * province, or a row whose unit or teacher is gone.
 */
export async function buildItems(em: EntityManager, runtime: Runtime, rows: OutboxRow[], key: Buffer, registryKey: Buffer): Promise<{ items: BatchItem[]; skipped: SkippedRow[] }> {
  const seqsOf = (kind: OutboxRow['kind']): Map<string, number[]> => {
    const m = new Map<string, number[]>();
    for (const r of rows) if (r.kind === kind) m.set(r.refId, [...(m.get(r.refId) ?? []), r.seq]);
    return m;
  };
  const unitSeqs = seqsOf('unit');
  const teacherSeqs = seqsOf('teacher');
  const code = runtime.config.provinceCode;
  const units = await unitSnapshots(em, [...unitSeqs.keys()], code);
  // Reported: teachers of this province's subtree it has not handed over (a release carries its own last snapshot).
  const teacherPlaces = teacherSeqs.size ? await exec<{ id: string; ours: boolean; released: boolean }>(em, `select t.id,
      exists (select 1 from unit p where p.level = 'province' and p.code = ? and t.scope_path like p.path || '%') as ours,
      exists (select 1 from sync_released r where r.teacher_id = t.id) as released
    from teacher t where t.id = any(?::uuid[])`, [code, uuidArray([...teacherSeqs.keys()])]) : [];
  const ours = teacherPlaces.filter((t) => t.ours && !t.released).map((t) => t.id);
  const teachers = await teacherSnapshots(em, runtime, ours, key, registryKey);
  const items: BatchItem[] = [];
  const changeId = (seqs: number[]): string => String(Math.max(...seqs));
  for (const u of units) items.push({ changeId: changeId(unitSeqs.get(u.id)!), kind: 'unit', seqs: unitSeqs.get(u.id)!, data: u });
  for (const t of teachers) items.push({ changeId: changeId(teacherSeqs.get(t.id)!), kind: 'teacher', seqs: teacherSeqs.get(t.id)!, data: t });
  for (const r of rows) if (r.kind === 'message') items.push({ changeId: `m:${r.refId}`, kind: 'message', seqs: [r.seq], data: r.payload });
  const sent = new Set(items.flatMap((i) => i.seqs));
  const reasons = new Map<string, string>();
  const reported = new Set(units.map((u) => u.id));
  const notReported = [...unitSeqs.keys()].filter((id) => !reported.has(id));
  if (notReported.length) {
    for (const u of await exec<{ id: string; level: string }>(em, `select id, level from unit where id = any(?::uuid[])`, [uuidArray(notReported)])) {
      reasons.set(u.id, u.level === 'national' ? 'SYNC_ABOVE_PROVINCE' : 'SYNC_OUTSIDE_PROVINCE');
    }
  }
  for (const t of teacherPlaces) if (!t.ours || t.released) reasons.set(t.id, t.released ? 'SYNC_RELEASED' : 'SYNC_OUTSIDE_PROVINCE');
  return { items, skipped: rows.filter((r) => !sent.has(r.seq)).map((r) => ({ seq: r.seq, reason: reasons.get(r.refId) ?? 'SYNC_RECORD_GONE' })) };
}

/** Puts a message to the national system into the outbox, in the caller's transaction. */
export async function enqueueMessage(em: EntityManager, id: string, payload: Record<string, unknown>): Promise<void> {
  await exec(em, `insert into sync_outbox (kind, ref_id, payload) values ('message', ?, ?::jsonb)`, [id, JSON.stringify(payload)]);
}

/** Re-sends everything changed since `since` (everything when null): new outbox rows, same snapshots. */
export async function enqueueResend(em: EntityManager, since: Date | null): Promise<{ units: number; teachers: number }> {
  const units = await exec<{ n: string }>(em, `
    with ins as (insert into sync_outbox (kind, ref_id, teacher_touched)
      select 'unit', id, true from unit where ?::timestamptz is null or updated_at >= ? or id in (select ref_id from sync_outbox where kind = 'unit' and created_at >= ?)
      order by depth, seq on conflict do nothing returning 1) select count(*)::text as n from ins`, [since, since, since]);
  const teachers = await exec<{ n: string }>(em, `
    with ins as (insert into sync_outbox (kind, ref_id, teacher_touched)
      select 'teacher', id, true from teacher where (?::timestamptz is null or updated_at >= ? or id in (select ref_id from sync_outbox where kind = 'teacher' and created_at >= ?))
        and id not in (select teacher_id from sync_released)
      on conflict do nothing returning 1) select count(*)::text as n from ins`, [since, since, since]);
  return { units: Number(units[0]!.n), teachers: Number(teachers[0]!.n) };
}
