import type { MikroORM } from '@mikro-orm/postgresql';
import { errorMessage, type FieldDef } from '@tmis/shared';
import type { Runtime } from '../../platform/runtime.js';
import type { Actor } from '../../platform/graphql/context.js';
import { JOB_SUPERSEDED_SQLSTATE, JobHandedBack, type JobHandler, type JobOutcome, type RunningJob } from '../../platform/jobs/job-queue.js';
import { AppError } from '../../platform/graphql/errors.js';
import { appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { readFirstSheet, XlsxFormatError, type CellValue, type SheetReader, type SheetRow } from '../../platform/xlsx/xlsx-reader.js';
import { SCHOOL_CODE, teacherColumns } from './teacher-columns.js';
import { checkRow, type RowRules, type SchoolRef } from './teacher-row.js';
import { mapHeader, missingColumns, type ColumnMap } from './header-map.js';
import { buildErrorReport } from './error-report.js';
import { committedBatches, TeacherImportWriter, yieldToIo, type Entry, type ImportCounts } from './teacher-import.writer.js';

export const TEACHER_IMPORT = 'teacher_import';
export const BATCH_SIZE = 2000;
/** Batches committing at once. */
export const WRITERS = 2;
export const MAX_ROWS = 200_000;

export interface TeacherImportInput {
  file: Buffer;
  fileSha256: string;
  /** The school, department or authority the file is imported into. */
  unit: { id: string; path: string; level: string };
  actor: Actor;
  ip: string | null;
  /** Province indicators (拓展指标) as extra columns; their values go to `teacher.indicators`. */
  extraFields?: FieldDef[];
  codeItems?: Record<string, readonly string[]>;
}

/** Schools and departments under the import's unit, by code: rows may name only these. */
async function schoolsUnder(orm: MikroORM, path: string): Promise<Map<string, SchoolRef>> {
  const res = await orm.em.getConnection().getKnex().raw(
    `select u.id, u.code, u.level, u.path, u.stage, u.parent_id, p.stage as parent_stage
       from unit u left join unit p on p.id = u.parent_id
      where u.path like ? and u.level in ('school', 'department') and u.status = 'active'`, [`${path}%`]);
  const map = new Map<string, SchoolRef>();
  for (const r of res.rows as { id: string; code: string; level: string; path: string; stage: string | null; parent_id: string; parent_stage: string | null }[]) {
    const dept = r.level === 'department';
    map.set(r.code, { unitId: r.id, schoolId: dept ? r.parent_id : r.id, departmentId: dept ? r.id : null, path: r.path, stage: dept ? r.parent_stage : r.stage });
  }
  return map;
}

function open(file: Buffer): SheetReader {
  try {
    return readFirstSheet(file);
  } catch (e) {
    if (e instanceof XlsxFormatError) throw new AppError('IMPORT_FILE_INVALID');
    throw e;
  }
}

/**
 * The teacher import (批量导入): streams the first sheet, checks every row with the shared rules
 * and the file-wide duplicate check, and hands batches to the writer — parsing the next batch
 * while the database writes the previous one. The last batch commits with the job's one audit
 * entry; the error report is built at the end and sealed like a document number (it repeats
 * them in clear).
 *
 * Resumable: batches are the same for the same file (every BATCH_SIZE non-blank rows), and each
 * commits its counts and report lines in `job_batch`. A run that takes over a job cut off by a
 * crash or a shutdown reads the whole file again (the file-wide duplicate check needs every row)
 * but writes only the batches that have not committed.
 */
export function teacherImportJob(orm: MikroORM, runtime: Runtime): JobHandler<TeacherImportInput> {
  return async (job: RunningJob, input: TeacherImportInput): Promise<JobOutcome> => {
    const reader = open(input.file);
    const columns = teacherColumns(input.extraFields);
    const schools = await schoolsUnder(orm, input.unit.path);
    const defaultSchool = input.unit.level === 'school' || input.unit.level === 'department'
      ? [...schools.values()].find((s) => s.unitId === input.unit.id) : undefined;
    const rules: RowRules = { columns, school: (code) => schools.get(code), defaultSchool, codeItems: input.codeItems };
    const writer = new TeacherImportWriter(orm, runtime, job, input.actor, columns, (input.extraFields ?? []).map((f) => f.key), input.unit.path);
    const done = await committedBatches(orm, runtime, job.id);
    writer.resume(done.values());
    const auditEvent = (outcome: 'success' | 'failure') => (counts: ImportCounts): AuditEvent => ({
      actorId: input.actor.accountId, actorUsername: input.actor.username, unitId: input.actor.unitId, scopePath: input.actor.scopePath,
      action: 'teacher.import', outcome, targetType: 'Job', targetId: job.id, ip: input.ip,
      detail: { importUnitId: input.unit.id, fileSha256: input.fileSha256, fileBytes: input.file.length, counts },
    });

    const inflight: Promise<void>[] = [];
    let batch: Entry[] = [];
    let batchNo = 0;
    const seen = new Map<string, number>();
    let header: { map: ColumnMap; rows: number } | undefined;
    let pendingFirst: SheetRow | undefined;
    let rows = 0;

    const take = async (row: SheetRow): Promise<void> => {
      const cells: Record<string, CellValue | undefined> = {};
      let blank = true;
      for (const [i, key] of header!.map) {
        const v = row.cells[i];
        cells[key] = v;
        if (v !== null && v !== undefined && v !== '') blank = false;
      }
      if (blank) return;
      if (++rows > MAX_ROWS) throw new AppError('IMPORT_TOO_MANY_ROWS');
      if (rows % 250 === 0) await yieldToIo();
      const checked = checkRow(cells, rules);
      const entry: Entry = { rowNumber: row.number, checked };
      if (checked.doc) {
        const key = `${checked.doc.idType}:${checked.doc.normalized}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, row.number);
        else entry.dupOf = first;
      }
      batch.push(entry);
      if (batch.length >= BATCH_SIZE) {
        const no = batchNo++;
        const full = batch;
        batch = [];
        if (done.has(no)) return; // committed by an earlier run of this job
        // A stopping process hands the job back here, once what it started has committed.
        if (job.signal.aborted) {
          await Promise.all(inflight.splice(0));
          throw new JobHandedBack();
        }
        // Hashing, encryption, CSV and the look-up happen while earlier batches commit; two
        // batches commit side by side (two database backends: the server's work is the larger half).
        const ready = await writer.prepare(full, reader.progress(), no);
        const plan = writer.plan(ready);
        if (inflight.length >= WRITERS) await inflight.shift();
        const write = writer.write(ready, plan);
        write.catch(() => undefined);
        inflight.push(write);
      }
    };

    const learnHeader = (first: SheetRow, second: SheetRow | undefined): void => {
      const found = mapHeader(first.cells, second && second.number === first.number + 1 ? second.cells : undefined, columns);
      if (!found) throw new AppError('IMPORT_HEADER_INVALID');
      const required = columns.filter((c) => c.required || (c.key === SCHOOL_CODE.key && !defaultSchool));
      const missing = missingColumns(found.map, required);
      if (missing.length) throw new AppError('IMPORT_HEADER_INVALID', { missing }, `${errorMessage('IMPORT_HEADER_INVALID')}：缺少${missing.join('、')}`);
      header = { map: found.map, rows: found.rows };
    };

    try {
      for await (const chunk of reader.rows) {
        for (const row of chunk) {
          if (!header) {
            if (!pendingFirst) { pendingFirst = row; continue; }
            learnHeader(pendingFirst, row);
            if (header!.rows === 2) continue;
          }
          await take(row);
        }
      }
      if (!header && pendingFirst) learnHeader(pendingFirst, undefined);
      if (!header) throw new AppError('IMPORT_HEADER_INVALID');
      for (const write of inflight.splice(0)) await write;
      if (!done.get(batchNo)?.final) {
        const last = await writer.prepare(batch, 1, batchNo);
        await writer.write(last, writer.plan(last), auditEvent('success'));
      }
    } catch (e) {
      await Promise.allSettled(inflight);
      // Handed back or taken over: the job goes on elsewhere, so no failure is recorded.
      if (e instanceof JobHandedBack || (e as { code?: string }).code === JOB_SUPERSEDED_SQLSTATE) throw e;
      if (e instanceof XlsxFormatError) e = new AppError('IMPORT_FILE_INVALID');
      // The rows already committed stay; the trail says how far the job got.
      await appendAudit(orm.em.fork(), [auditEvent('failure')({ ...writer.counts })]).catch(() => undefined);
      throw e;
    }

    // Batches commit side by side and a resumed run starts with earlier ones: the report goes by row.
    const report = await buildErrorReport(columns, writer.invalid.sort((a, b) => a.rowNumber - b.rowNumber));
    return {
      counts: { ...writer.counts },
      processed: writer.counts.rows,
      result: runtime.fieldCrypto.encrypt(report.toString('base64')),
    };
  };
}

/** Opens a report sealed by the job. */
export function openReport(runtime: Runtime, sealed: Buffer): Buffer {
  return Buffer.from(runtime.fieldCrypto.decrypt(sealed), 'base64');
}
