import type { EntityManager, Knex, MikroORM } from '@mikro-orm/postgresql';
import { formatTeacherNumber, getInfoSet, yearInChina, isIdDocumentType, maskIdNumber, type FieldDef } from '@tmis/shared';
import type { Runtime } from '../../platform/runtime.js';
import type { Actor } from '../../platform/graphql/context.js';
import type { RunningJob } from '../../platform/jobs/job-queue.js';
import { appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { uuidv7Many } from '../../platform/ids.js';
import { csvField, runCopySteps, transactionClient, type CopyStep } from '../../platform/db/copy-in.js';
import type { CheckedRow } from './teacher-row.js';
import type { ReportIssue, ReportRow } from './error-report.js';
import type { ProblemKind } from './problem-record.entity.js';
import { initialNumberState } from '../teachers/number-state.js';

/** One row on its way to the database. `dupOf` is the earlier row of the file with the same document. */
export interface Entry {
  rowNumber: number;
  checked: CheckedRow;
  dupOf?: number;
}

export interface ImportCounts {
  rows: number;
  imported: number;
  reEmployed: number;
  alreadyImported: number;
  invalid: number;
  problems: number;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, imported: 0, reEmployed: 0, alreadyImported: 0, invalid: 0, problems: 0 });

const BASIC_KEYS = getInfoSet('basic')!.fields.map((f) => f.key);
const ID_COLUMN = 'idNumber';

interface Existing { id: string; openSchool: string | null }
interface Problem { entry: Entry; kind: ProblemKind; reason: string }

// Columns as TeacherService.register() writes them; the first column is filled in last (the
// teacher number once numbers are drawn, the teacher id for re-employments), the rest is prepared.
const TEACHER_COPY = `copy teacher (teacher_no, id, created_at, updated_at, name, gender, birth_date, ethnicity, political_status, id_type,
  id_number_enc, id_number_hash, id_number_masked, education_level, professional_title, unit_id, school_id, scope_path, stage,
  employment_status, staff_category, establishment_status, post_category, hire_date, created_by, indicators, number_state) from stdin with (format csv)`;
const EMPLOYMENT_COPY = `copy employment (teacher_id, id, created_at, updated_at, school_id, department_id, staff_category, establishment_status,
  post_category, employment_status, start_date, created_by) from stdin with (format csv)`;
// The archive opens with the basic information set, effective from registration (as register() does).
const RECORD_COPY = `copy archive_record (teacher_id, id, created_at, updated_at, info_set, data, status, scope_path, origin, change_kind,
  entered_by, entered_at, approved_by, approved_at, valid_from) from stdin with (format csv)`;

// A known person without an open employment is employed again, keeping their number (reEmploy()).
const RE_EMPLOY = `update teacher t set unit_id = v.unit_id, school_id = v.school_id, scope_path = v.scope_path, stage = v.stage,
    employment_status = 'active', hire_date = v.hire_date, staff_category = v.staff_category, establishment_status = v.establishment_status,
    post_category = v.post_category, updated_at = ?::timestamptz, version = t.version + 1
  from unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::date[], ?::text[], ?::text[], ?::text[])
    as v(id, unit_id, school_id, scope_path, stage, hire_date, staff_category, establishment_status, post_category)
  where t.id = v.id`;

const INSERT_PROBLEMS = `insert into problem_record (id, created_at, updated_at, job_id, school_id, scope_path, row_number, kind, raw, id_type,
    id_number_enc, reason_code, fingerprint)
  select v.id, ?::timestamptz, ?::timestamptz, ?::uuid, v.school_id, v.scope_path, v.row_number, v.kind, v.raw, v.id_type, v.enc, v.reason, v.fp
  from unnest(?::uuid[], ?::uuid[], ?::text[], ?::int[], ?::text[], ?::jsonb[], ?::text[], ?::bytea[], ?::text[], ?::bytea[])
    as v(id, school_id, scope_path, row_number, kind, raw, id_type, enc, reason, fp)
  on conflict (fingerprint) where status = 'open' do nothing
  returning id`;

const EXISTING = `select t.id, t.id_number_hash as hash, e.school_id as open_school
  from teacher t left join employment e on e.teacher_id = t.id and e.end_date is null
  where t.id_number_hash = any(?::bytea[])`;

/**
 * A valid row made ready for COPY before its batch's turn in the database: each line without
 * its first field (the teacher number or teacher id, known only once the batch is planned),
 * already UTF-8 encoded — buffers, not strings, keep 100,000 rows of text off the JS heap.
 */
interface Ready { teacherId: string; teacherTail: Buffer; employmentTail: Buffer; recordTail: Buffer }

/** COPY data from (first field, rest of line) pairs; first fields are ASCII ids and numbers. */
function copyData(lines: [string, Buffer][]): Buffer {
  let size = 0;
  for (const [head, tail] of lines) size += head.length + tail.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const [head, tail] of lines) {
    at += out.write(head, at, 'latin1');
    at += tail.copy(out, at);
  }
  return out;
}

/** A batch after the CPU work: hashes, encrypted documents and CSV lines. */
export interface PreparedBatch {
  /** Its place in the file (every BATCH_SIZE non-blank rows), the same in every run of the job. */
  batchNo: number;
  entries: Entry[];
  hashes: (Buffer | undefined)[];
  /** During a key/profile migration (issue 15.3): each row's hash under the previous key, which unmigrated teachers still carry. */
  previousHashes: (Buffer | undefined)[];
  ready: (Ready | undefined)[];
  progress: number;
}

/** What the database said about a batch's documents, and the teacher numbers drawn for its new people. */
interface Plan {
  counts: ImportCounts;
  invalid: ReportRow[];
  problems: Problem[];
  fresh: { ready: Ready; teacherNo: string }[];
  again: { entry: Entry; ready: Ready; teacherId: string }[];
}

/** A batch an earlier run of the job committed: its share of the counts and its report lines. */
export interface CommittedBatch { batchNo: number; final: boolean; counts: ImportCounts; invalid: ReportRow[] }

/** The job's committed batches (job_batch), their report lines unsealed. */
export async function committedBatches(orm: MikroORM, runtime: Runtime, jobId: string): Promise<Map<number, CommittedBatch>> {
  const res = await orm.em.getConnection().getKnex().raw(`select batch_no, final, counts, sealed from job_batch where job_id = ?`, [jobId]);
  const rows = res.rows as { batch_no: number; final: boolean; counts: ImportCounts; sealed: Buffer | null }[];
  return new Map(rows.map((r) => [r.batch_no, {
    batchNo: r.batch_no, final: r.final, counts: { ...emptyCounts(), ...r.counts },
    invalid: r.sealed ? JSON.parse(runtime.fieldCrypto.decrypt(r.sealed)) as ReportRow[] : [],
  }]));
}

/** A value checked to be CSV-safe (codes, dates, ids, hex, paths): no quoting needed. */
const safe = (x: string | null | undefined): string => x ?? '';
/** Lets pg's socket callbacks run between slices of CPU work, so the database never waits on us long. */
export const yieldToIo = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Writes batches of checked rows in three steps that overlap across batches:
 * - prepare (CPU): blind-index hashes, encrypted documents, the CSV lines;
 * - plan (a pooled connection, while the previous batch commits): look the documents up and sort
 *   the rows into new, re-employed, already imported (open employment at the same school) and
 *   duplicates (open employment elsewhere); draw teacher numbers for the new ones;
 * - commit: one transaction — teachers, basic records and employments by COPY, the job's
 *   progress, in a single round trip; problem records with one multi-row insert.
 * A batch that loses a race (unique index, deadlock) is rolled back whole, planned again and retried.
 * Each batch records itself in `job_batch` in its transaction and commits only while its run
 * still owns the job; teacher numbers are reserved per batch until it commits, so a batch
 * planned again — after a lost race, or by the run that resumes the job — reuses them.
 */
export class TeacherImportWriter {
  readonly counts = emptyCounts();
  readonly invalid: ReportRow[] = [];
  private readonly knex: Knex;
  private readonly order: Map<string, number>;

  constructor(
    private readonly orm: MikroORM,
    private readonly runtime: Runtime,
    private readonly job: RunningJob,
    private readonly actor: Actor,
    private readonly columns: readonly FieldDef[],
    private readonly extraKeys: readonly string[],
    private readonly fallbackScope: string,
  ) {
    this.knex = orm.em.getConnection().getKnex();
    this.order = new Map(columns.map((c, i) => [c.key, i]));
  }

  /** Starts from what earlier runs of the job committed. */
  resume(batches: Iterable<CommittedBatch>): void {
    for (const b of batches) {
      for (const k of Object.keys(this.counts) as (keyof ImportCounts)[]) this.counts[k] += b.counts[k] ?? 0;
      this.invalid.push(...b.invalid);
    }
  }

  async prepare(entries: Entry[], progress: number, batchNo: number): Promise<PreparedBatch> {
    const fc = this.runtime.fieldCrypto;
    const now = new Date().toISOString();
    const by = this.actor.accountId;
    // As register(): the import's duplicate check covers this province; a national registry the rest.
    const numberState = initialNumberState(this.runtime.config);
    const ids = uuidv7Many(entries.length * 3);
    const hashes: (Buffer | undefined)[] = [];
    const previousHashes: (Buffer | undefined)[] = [];
    const ready: (Ready | undefined)[] = [];
    for (let i = 0; i < entries.length; i++) {
      if (i % 250 === 249) await yieldToIo();
      const e = entries[i]!;
      const doc = e.checked.doc;
      const [hash, previousHash] = doc && !e.dupOf ? fc.blindIndexes(doc.normalized, `doc:${doc.idType}`) : [];
      hashes.push(hash);
      previousHashes.push(previousHash);
      const v = e.checked.valid;
      if (!v || !hash) { ready.push(undefined); continue; }
      const d = v.data;
      const s = v.school;
      const [teacherId, employmentId, recordId] = [ids[3 * i]!, ids[3 * i + 1]!, ids[3 * i + 2]!];
      const indicators = this.extraKeys.length ? csvField(JSON.stringify(Object.fromEntries(this.extraKeys.filter((k) => d[k] !== undefined).map((k) => [k, d[k]])))) : '{}';
      const basic = Object.fromEntries(BASIC_KEYS.filter((k) => d[k] !== undefined).map((k) => [k, d[k]]));
      // Free text (name, masked number, JSON) goes through csvField; the rest are codes, dates,
      // ids and hex that passed validation, so they need no quoting (this loop runs 100,000 times).
      ready.push({
        teacherId,
        teacherTail: Buffer.from(`,${teacherId},${now},${now},${csvField(d.name)},${d.gender},${d.birthDate},${safe(d.ethnicity)},${safe(d.politicalStatus)},${v.idType},`
          + `\\x${fc.encrypt(v.idNormalized).toString('hex')},\\x${hash.toString('hex')},${csvField(maskIdNumber(v.idNormalized))},${safe(d.educationLevel)},`
          + `${safe(d.professionalTitle)},${s.unitId},${s.schoolId},${s.path},${safe(s.stage)},active,${safe(d.staffCategory)},${safe(d.establishmentStatus)},`
          + `${safe(d.postCategory)},${d.startDate},${by},${indicators},${numberState}\n`),
        employmentTail: Buffer.from(`,${employmentId},${now},${now},${s.schoolId},${safe(s.departmentId)},${safe(d.staffCategory)},${safe(d.establishmentStatus)},`
          + `${safe(d.postCategory)},active,${d.startDate},${by}\n`),
        recordTail: Buffer.from(`,${recordId},${now},${now},basic,${csvField(JSON.stringify(basic))},effective,${s.path},import,add,${by},${now},${by},${now},${now}\n`),
      });
    }
    return { batchNo, entries, hashes, previousHashes, ready, progress };
  }

  /** Starts planning right away (on a pooled connection); the result is awaited by `write`. */
  plan(batch: PreparedBatch): Promise<Plan> {
    const p = this.makePlan(batch);
    p.catch(() => undefined);
    return p;
  }

  /** Commits one planned batch; with `audit`, the job's audit entry commits with it (the last batch). */
  async write(batch: PreparedBatch, planned: Promise<Plan>, audit?: (counts: ImportCounts) => AuditEvent): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.commit(batch, await (attempt === 1 ? planned : this.makePlan(batch)), audit);
        return;
      } catch (e) {
        // A unique index lost to a concurrent registration, or two batches crossing on problem
        // fingerprints: roll back whole, plan again.
        if (!['23505', '40P01'].includes((e as { code?: string }).code ?? '') || attempt >= 3) throw e;
      }
    }
  }

  /** Existing teachers by the current hash of the row; one still under the previous key's hash is found by that. */
  private async lookup(hashes: (Buffer | undefined)[], previousHashes: (Buffer | undefined)[]): Promise<Map<string, Existing>> {
    const wanted = [...hashes, ...previousHashes].filter((h): h is Buffer => h !== undefined);
    if (!wanted.length) return new Map();
    const res = await this.knex.raw(EXISTING, [wanted]);
    const found = new Map((res.rows as { id: string; hash: Buffer; open_school: string | null }[]).map((r) => [r.hash.toString('hex'), { id: r.id, openSchool: r.open_school }]));
    previousHashes.forEach((old, i) => {
      const current = hashes[i]?.toString('hex');
      const byOld = old && found.get(old.toString('hex'));
      if (current && byOld && !found.has(current)) found.set(current, byOld);
    });
    return found;
  }

  /**
   * Teacher numbers for a batch's new people: those reserved for it by an earlier plan, topped up
   * from the sequence. Reserved in their own statement (committed at once), so a batch whose
   * transaction is lost — rolled back, or cut off with its process — gets the same numbers again.
   */
  private async reserveNumbers(batchNo: number, count: number): Promise<number[]> {
    const jobId = this.job.id;
    const have = (await this.knex.raw(`select seqs from job_number_reservation where job_id = ? and batch_no = ?`, [jobId, batchNo])).rows as { seqs: string[] }[];
    let seqs = have[0]?.seqs ?? null;
    if (!seqs) {
      const r = await this.knex.raw(`insert into job_number_reservation (job_id, batch_no, seqs)
        values (?, ?, array(select nextval('teacher_no_seq') from generate_series(1, ?))) returning seqs`, [jobId, batchNo, count]);
      seqs = (r.rows as { seqs: string[] }[])[0]!.seqs;
    } else if (seqs.length < count) {
      const r = await this.knex.raw(`update job_number_reservation set seqs = seqs || array(select nextval('teacher_no_seq') from generate_series(1, ?))
        where job_id = ? and batch_no = ? returning seqs`, [count - seqs.length, jobId, batchNo]);
      seqs = (r.rows as { seqs: string[] }[])[0]!.seqs;
    }
    return seqs.slice(0, count).map(Number);
  }

  private async makePlan({ batchNo, entries, hashes, previousHashes, ready }: PreparedBatch): Promise<Plan> {
    const existing = await this.lookup(hashes, previousHashes);
    const plan: Plan = { counts: emptyCounts(), invalid: [], problems: [], fresh: [], again: [] };
    const counts = plan.counts;
    const fresh: Ready[] = [];
    entries.forEach((entry, i) => {
      const { checked } = entry;
      counts.rows++;
      const issues: ReportIssue[] = [...checked.issues];
      const idIssue = checked.idCheckFailed ? checked.issues.find((x) => x.code.startsWith('ID_')) : undefined;
      let problem: Problem | undefined = idIssue ? { entry, kind: 'id_check', reason: idIssue.code } : undefined;
      if (entry.dupOf) {
        issues.push({ key: ID_COLUMN, code: 'IMPORT_DUPLICATE_IN_FILE', suffix: `（与第${entry.dupOf}行重复）` });
        problem ??= { entry, kind: 'duplicate_in_file', reason: 'IMPORT_DUPLICATE_IN_FILE' };
      }
      const found = hashes[i] ? existing.get(hashes[i]!.toString('hex')) : undefined;
      if (found?.openSchool) {
        if (checked.school && found.openSchool === checked.school.schoolId) {
          // Already employed here: this is what makes a re-upload of the same file harmless.
          if (!issues.length) { counts.alreadyImported++; return; }
        } else {
          issues.push({ key: ID_COLUMN, code: 'TEACHER_DUPLICATE_ACTIVE' });
          problem ??= { entry, kind: 'duplicate_in_database', reason: 'TEACHER_DUPLICATE_ACTIVE' };
        }
      }
      if (issues.length || !ready[i]) {
        issues.sort((a, b) => (this.order.get(a.key) ?? 999) - (this.order.get(b.key) ?? 999));
        plan.invalid.push({ rowNumber: entry.rowNumber, texts: checked.texts, issues });
        if (problem) plan.problems.push(problem);
        return;
      }
      if (found) plan.again.push({ entry, ready: ready[i]!, teacherId: found.id });
      else fresh.push(ready[i]!);
    });
    counts.invalid = plan.invalid.length;
    counts.imported = fresh.length + plan.again.length;
    counts.reEmployed = plan.again.length;
    if (fresh.length) {
      // Numbers are drawn only for people the database does not know, so re-uploads burn none.
      const seqs = await this.reserveNumbers(batchNo, fresh.length);
      const year = yearInChina();
      const province = this.runtime.config.provinceCode;
      plan.fresh = fresh.map((ready, k) => ({ ready, teacherNo: formatTeacherNumber({ provinceCode: province, year, sequence: seqs[k]! }) }));
    }
    return plan;
  }

  private async commit(batch: PreparedBatch, plan: Plan, audit?: (c: ImportCounts) => AuditEvent): Promise<void> {
    const delta = { ...plan.counts };
    const em = this.orm.em.fork();
    await em.transactional(async (tx: EntityManager) => {
      const trx = tx.getTransactionContext<Knex.Transaction>()!;
      const q = (sql: string, bindings: unknown[]) => this.knex.raw(sql, bindings as never).transacting(trx);
      const now = new Date();
      if (plan.again.length) await this.reEmploy(q, plan.again, now);
      if (plan.problems.length) delta.problems = (await q(INSERT_PROBLEMS, this.problemBindings(plan.problems, now))).rows.length;
      // The batch's record (a second run of the same batch fails on its key) and its numbers, now used.
      await q(`insert into job_batch (job_id, batch_no, final, attempt, counts, sealed) values (?, ?, ?, ?, ?::jsonb, ?)`,
        [this.job.id, batch.batchNo, !!audit, this.job.attempt, JSON.stringify(delta),
          plan.invalid.length ? this.runtime.fieldCrypto.encrypt(JSON.stringify(plan.invalid)) : null]);
      if (plan.fresh.length) await q(`delete from job_number_reservation where job_id = ? and batch_no = ?`, [this.job.id, batch.batchNo]);
      // Then the COPYs (teachers first, for the foreign keys), the progress and, last, the check
      // that this run still owns the job (after the job row's lock).
      // No wait for the WAL flush at each batch: a database crash can lose only the last batches,
      // and with them their job_batch rows, so the resumed job writes them again. The job's final
      // status is committed synchronously, which flushes every batch before it.
      const steps: CopyStep[] = ['set local synchronous_commit = off'];
      if (plan.fresh.length) {
        steps.push({ copy: TEACHER_COPY, data: copyData(plan.fresh.map((f) => [f.teacherNo, f.ready.teacherTail])) },
          { copy: RECORD_COPY, data: copyData(plan.fresh.map((f) => [f.ready.teacherId, f.ready.recordTail])) });
      }
      const employed = [...plan.fresh.map((f): [string, Buffer] => [f.ready.teacherId, f.ready.employmentTail]),
        ...plan.again.map((a): [string, Buffer] => [a.teacherId, a.ready.employmentTail])];
      if (employed.length) steps.push({ copy: EMPLOYMENT_COPY, data: copyData(employed) });
      const p = this.job.progressStatement(delta.rows, batch.progress, { ...delta });
      steps.push(this.knex.raw(p.sql, p.bindings as never).toQuery());
      await runCopySteps(await transactionClient(trx), steps);
      if (audit) {
        const total = { ...this.counts };
        for (const k of Object.keys(total) as (keyof ImportCounts)[]) total[k] += delta[k];
        await appendAudit(tx, [audit(total)]);
      }
    });
    // Batches may commit side by side: each adds its own share.
    for (const k of Object.keys(this.counts) as (keyof ImportCounts)[]) this.counts[k] += delta[k];
    this.invalid.push(...plan.invalid);
  }

  /** The person keeps their number; the current employment moves onto the teacher row (reEmploy()). */
  private async reEmploy(q: (sql: string, b: unknown[]) => Knex.Raw, rows: { entry: Entry; teacherId: string }[], now: Date): Promise<void> {
    const upd: unknown[][] = Array.from({ length: 9 }, () => []);
    for (const { entry, teacherId } of rows) {
      const v = entry.checked.valid!;
      const d = v.data;
      [teacherId, v.school.unitId, v.school.schoolId, v.school.path, v.school.stage, d.startDate, d.staffCategory ?? null,
        d.establishmentStatus ?? null, d.postCategory ?? null].forEach((x, k) => upd[k]!.push(x));
    }
    await q(RE_EMPLOY, [now, ...upd]);
  }

  private problemBindings(problems: Problem[], now: Date): unknown[] {
    const fc = this.runtime.fieldCrypto;
    const cols: unknown[][] = Array.from({ length: 10 }, () => []);
    const ids = uuidv7Many(problems.length, now.getTime());
    problems.forEach(({ entry, kind, reason }, n) => {
      const { texts, data, school } = entry.checked;
      const scope = school?.path ?? this.fallbackScope;
      const idNumber = texts[ID_COLUMN] ?? '';
      const raw = { ...texts, [ID_COLUMN]: idNumber ? maskIdNumber(idNumber) : '' };
      const fingerprint = fc.blindIndex(JSON.stringify([kind, scope, this.columns.map((c) => texts[c.key] ?? '')]), 'problem_record');
      [ids[n], school?.unitId ?? null, scope, entry.rowNumber, kind, JSON.stringify(raw),
        data.idType && isIdDocumentType(data.idType) ? data.idType : null, idNumber ? fc.encrypt(idNumber) : null, reason, fingerprint]
        .forEach((x, k) => cols[k]!.push(x));
    });
    return [now, now, this.job.id, ...cols];
  }
}
