import type { EntityManager } from '@mikro-orm/postgresql';
import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { maskIdNumber, TEACHER_ALL_FIELDS, todayInChina } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type Actor, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { readableTeacherFields } from '../teachers/teacher-access.js';
import { attachVisits, visitedReadable, visitView } from '../teachers/teacher-visits.js';
import type { TeacherFilter } from '../teachers/teacher.types.js';
import { listedStatuses } from '../teachers/teacher-filter.js';
import { DataExport, type DataExportKind } from './data-export.entity.js';
import { CORE_EXPORT_FIELDS, noExtraFields, pickColumns, type ExportField, type ExportRow, type ExtraExportFields } from './export-fields.js';
import { buildWorkbook } from './export-workbook.js';

/** One export is one file held in the database: beyond this many rows, narrow the filter. */
export const EXPORT_MAX_ROWS = 50_000;
export const EXPORT_TTL_MS = 24 * 3600 * 1000;
const PURPOSE_MIN = 4;
const PURPOSE_MAX = 500;
const ALL_TEACHER_FIELDS = [...TEACHER_ALL_FIELDS];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const downloadUrlOf = (id: string): string => `/api/exports/${id}/file`;

export class ExportService {
  constructor(
    private readonly ctx: RequestContext,
    private readonly extraFields: ExtraExportFields = noExtraFields,
  ) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** A column is exportable when some rule lets the caller both read and export its field. */
  private allowed(field: string): boolean {
    return this.ctx.ability.can('read', 'Teacher', field) && this.ctx.ability.can('export', 'Teacher', field);
  }

  /** The columns this caller may ask for (the portal's field picker). */
  async exportableFields(): Promise<ExportField[]> {
    requirePrincipal(this.ctx);
    if (!this.ctx.ability.can('export', 'Teacher')) return [];
    return [...CORE_EXPORT_FIELDS, ...(await this.extraFields(this.ctx))].filter((f) => this.allowed(f.requires));
  }

  async exportTeachers(filter: TeacherFilter | null | undefined, fieldKeys: string[], purposeText: string): Promise<DataExport> {
    const actor = requireActor(this.ctx);
    // Access first; refusals below write nothing.
    const exportScope = requireScope(this.ctx.ability, 'export', 'Teacher');
    const purpose = checkedPurpose(purposeText);
    if (fieldKeys.length === 0) throw new AppError('VALIDATION_FAILED', { field: 'fields' }, '请选择导出的信息项');
    const picked = pickColumns(fieldKeys, [...CORE_EXPORT_FIELDS, ...(await this.extraFields(this.ctx))], (f) => this.allowed(f));
    if ('refused' in picked) throw new AppError(picked.refused, { field: picked.field });
    const { columns } = picked;

    // Exactly the rows `teachers(filter:)` lists, narrowed to those the caller may export.
    // Teachers reached through a visit (已调出, 轮岗来校) are exported by those who export their own.
    const visited = visitedReadable(this.ctx);
    const where = { $and: [...(await new TeacherService(this.ctx).scopedWhere(filter)), visited ? { $or: [exportScope, visited] } : exportScope] };
    const total = await this.em.count(Teacher, where as never);
    if (total > EXPORT_MAX_ROWS) throw new AppError('EXPORT_TOO_LARGE', { rowCount: total, max: EXPORT_MAX_ROWS });
    const teachers = await this.em.find(Teacher, where as never, { orderBy: { teacherNo: 'asc', id: 'asc' } });
    const rows = await this.rows(teachers, columns);

    const createdAt = new Date();
    const filters = recordedFilters(filter);
    const fields = columns.map((c) => c.key);
    const record = this.em.create(DataExport, {
      kind: 'teachers', purpose, filters, fields, rowCount: teachers.length, exporterAccountId: actor.accountId,
      exporterUsername: actor.username, exporterUnitId: actor.unitId, scopePath: actor.scopePath, createdAt,
      expiresAt: new Date(createdAt.getTime() + EXPORT_TTL_MS), file: null,
    });
    // Encrypted at rest (issue 14.7): the row holds the sealed workbook, opened only on download.
    record.file = this.ctx.runtime.fieldCrypto.sealBytes(await buildWorkbook(columns, rows.cells, {
      exportId: record.id, exporter: actor.username, createdAt, purpose, filters, rowCount: teachers.length,
    }));
    await this.em.transactional(async (tx) => {
      tx.persist(record);
      await tx.flush();
      await appendAudit(tx, [this.event(actor, 'data_export.create', record.id, 'success', {
        kind: 'teachers', purpose, rowCount: teachers.length, fields, filters,
        ...(fields.includes('idNumber') ? { idNumbers: rows.fullIdNumbers > 0 ? 'full' : 'masked' } : {}),
      })]);
    });
    return record;
  }

  /**
   * A table made elsewhere (a saved report query's result) recorded and filed exactly like a
   * teacher export: stated purpose, row limit, the DataExport row with its file, the audit
   * event. The caller needs the export permission; the table's content is already scoped.
   */
  async exportTable(input: { kind: DataExportKind; purpose: string; filters: Record<string, unknown>; headers: string[]; rows: (string | null)[][]; sheetName: string }): Promise<DataExport> {
    const actor = requireActor(this.ctx);
    requireScope(this.ctx.ability, 'export', 'Teacher');
    const purpose = checkedPurpose(input.purpose);
    if (input.rows.length > EXPORT_MAX_ROWS) throw new AppError('EXPORT_TOO_LARGE', { rowCount: input.rows.length, max: EXPORT_MAX_ROWS });
    const createdAt = new Date();
    const record = this.em.create(DataExport, {
      kind: input.kind, purpose, filters: input.filters, fields: input.headers, rowCount: input.rows.length, exporterAccountId: actor.accountId,
      exporterUsername: actor.username, exporterUnitId: actor.unitId, scopePath: actor.scopePath, createdAt,
      expiresAt: new Date(createdAt.getTime() + EXPORT_TTL_MS), file: null,
    });
    record.file = this.ctx.runtime.fieldCrypto.sealBytes(await buildWorkbook(input.headers.map((header) => ({ header, width: 18 })), input.rows, {
      exportId: record.id, exporter: actor.username, createdAt, purpose, filters: input.filters, rowCount: input.rows.length, sheetName: input.sheetName,
    }));
    await this.em.transactional(async (tx) => {
      tx.persist(record);
      await tx.flush();
      await appendAudit(tx, [this.event(actor, 'data_export.create', record.id, 'success', { kind: input.kind, purpose, rowCount: input.rows.length, fields: input.headers, filters: input.filters })]);
    });
    return record;
  }

  /** Cell texts per row, honouring each row's field rules as the GraphQL Teacher type does. */
  private async rows(teachers: Teacher[], columns: ExportField[]): Promise<{ cells: (string | null)[][]; fullIdNumbers: number }> {
    // Rows reached through a visit (已调出, 轮岗来校) follow the field rules of the unit the access comes from.
    await attachVisits(this.ctx, teachers);
    const fieldsOf = new Map(teachers.map((t) => [t.id, this.rowFields(t)]));
    const wanted = new Set(columns.map((c) => c.key));
    const needFull = wanted.has('idNumber') ? teachers.filter((t) => fieldsOf.get(t.id)!.has('idNumber')) : [];
    const idNumbers = await this.decryptIdNumbers(needFull.map((t) => t.id));
    const unitNames = wanted.has('school') || wanted.has('unit') ? await this.unitNames(teachers) : new Map<string, string>();
    const loaded = new Map<string, Map<string, string | null>>();
    for (const c of columns) if (c.load) loaded.set(c.key, await c.load(teachers, this.ctx));
    const cells = teachers.map((teacher) => {
      const row: ExportRow = { teacher, fields: fieldsOf.get(teacher.id)!, idNumber: idNumbers.get(teacher.id), unitName: (id) => unitNames.get(id) ?? null };
      return columns.map((c) => {
        if (!row.fields.has(c.requires)) return null;
        return c.cell ? c.cell(row) : loaded.get(c.key)?.get(teacher.id) ?? null;
      });
    });
    return { cells, fullIdNumbers: idNumbers.size };
  }

  /** Fields of this row the caller may both read and export. */
  private rowFields(t: Teacher): Set<string> {
    const readable = readableTeacherFields(this.ctx.ability, t);
    const exportable = permittedFieldsOf(this.ctx.ability, 'export', subject('Teacher', { id: t.id, scopePath: visitView(t)?.scopePath ?? t.scopePath }) as never, {
      fieldsFrom: (rule) => rule.fields ?? ALL_TEACHER_FIELDS,
    });
    return new Set(exportable.filter((f) => readable.has(f)));
  }

  private async decryptIdNumbers(ids: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      const rows = await this.em.getConnection().execute<{ id: string; id_number_enc: Buffer }[]>(
        `select id, id_number_enc from teacher where id in (${chunk.map(() => '?').join(',')})`, chunk);
      for (const r of rows) out.set(r.id, this.ctx.runtime.fieldCrypto.decrypt(r.id_number_enc));
    }
    return out;
  }

  private async unitNames(teachers: Teacher[]): Promise<Map<string, string>> {
    const ids = [...new Set(teachers.flatMap((t) => [t.school.id, t.unit.id]))];
    if (ids.length === 0) return new Map();
    const units = await this.em.find(Unit, { id: { $in: ids } }, { fields: ['id', 'name'] });
    return new Map(units.map((u) => [u.id, u.name]));
  }

  /** The exporter's own exports and, for authorities, those made by accounts in units below. */
  async list(first: number, offset: number): Promise<{ nodes: DataExport[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'DataExport');
    const [nodes, totalCount] = await this.em.findAndCount(DataExport, scope as never, {
      orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200), offset: Math.max(offset, 0),
    });
    return { nodes, totalCount };
  }

  /** The file, for its exporter only and within 24 hours; every attempt is audited. */
  async download(id: string): Promise<{ bytes: Buffer; filename: string }> {
    const actor = requireActor(this.ctx);
    requireScope(this.ctx.ability, 'export', 'Teacher');
    const row = UUID.test(id)
      ? await this.em.findOne(DataExport, { id, exporterAccountId: actor.accountId }, { populate: ['file'] })
      : null;
    const refuse = async (code: 'NOT_FOUND_OR_NO_ACCESS' | 'EXPORT_EXPIRED'): Promise<never> => {
      await appendAudit(this.em, [this.event(actor, 'data_export.download', id.slice(0, 80), 'denied', { reason: code })]);
      throw code === 'EXPORT_EXPIRED' ? new AppError(code) : notFoundOrNoAccess();
    };
    if (!row) return refuse('NOT_FOUND_OR_NO_ACCESS');
    if (!row.file || row.expiresAt.getTime() <= Date.now()) return refuse('EXPORT_EXPIRED');
    await appendAudit(this.em, [this.event(actor, 'data_export.download', row.id, 'success', { rowCount: row.rowCount, bytes: row.file.length })]);
    const stamp = todayInChina(row.createdAt).replaceAll('-', '');
    return { bytes: this.ctx.runtime.fieldCrypto.openBytes(row.file), filename: `教师信息导出-${stamp}-${row.id.slice(-6)}.xlsx` };
  }

  private event(actor: Actor, action: string, targetId: string, outcome: AuditEvent['outcome'], detail: Record<string, unknown>): AuditEvent {
    return actorEvent(this.ctx, { action, targetType: 'DataExport', targetId, outcome, detail });
  }
}

/** The stated purpose of an export, trimmed; too short or too long is refused. */
export function checkedPurpose(text: string): string {
  const purpose = text.trim();
  if ([...purpose].length < PURPOSE_MIN) throw new AppError('EXPORT_PURPOSE_REQUIRED', { field: 'purpose', min: PURPOSE_MIN });
  if ([...purpose].length > PURPOSE_MAX) throw new AppError('VALIDATION_FAILED', { field: 'purpose', max: PURPOSE_MAX }, `导出用途不超过${PURPOSE_MAX}字`);
  return purpose;
}

/**
 * The filter as recorded: only what was set, never a document number in clear, and the statuses the
 * rows were limited to when the list's default (current teachers only) applied.
 */
export function recordedFilters(filter: TeacherFilter | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(filter ?? {})) {
    if (v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = k === 'idNumber' ? maskIdNumber(String(v)) : v;
  }
  const statuses = listedStatuses(filter);
  if (statuses && !out.employmentStatus) out.employmentStatus = [...statuses];
  return out;
}

export const EXPORT_FILES_EXPIRY_TASK = 'export_files_expiry';

/**
 * Drops the files of exports whose 24 hours are over (issue 14.7): run by the job queue's
 * crontab, so a file never outlives its term because nobody exported since. The DataExport rows
 * stay for the audit trail. Returns how many files were dropped.
 */
export async function dropExpiredExportFiles(em: EntityManager, at: Date = new Date()): Promise<number> {
  return em.fork().nativeUpdate(DataExport, { file: { $ne: null }, expiresAt: { $lte: at } }, { file: null });
}
