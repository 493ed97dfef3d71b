import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { loader } from '../../platform/graphql/loaders.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { TeacherService } from '../teachers/teacher.service.js';
import type { Teacher } from '../teachers/teacher.entity.js';
import { ProblemRecord, type ProblemStatus } from './problem-record.entity.js';
import { SCHOOL_CODE, teacherColumns } from './teacher-columns.js';
import { checkRow, type SchoolRef } from './teacher-row.js';

const STATUSES: ProblemStatus[] = ['open', 'resolved', 'dismissed'];

/** The problem-data queue (问题数据): listed, resolved and dismissed within the caller's scope. */
export class ProblemRecordService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  async list(args: { status?: string | null; unitId?: string | null; first: number; offset: number }): Promise<{ nodes: ProblemRecord[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'ProblemRecord')];
    if (args.status) {
      if (!STATUSES.includes(args.status as ProblemStatus)) throw new AppError('VALIDATION_FAILED', { field: 'status' });
      where.push({ status: args.status });
    }
    if (args.unitId) where.push({ scopePath: { $like: `${(await new UnitService(this.ctx).get(args.unitId)).path}%` } });
    const [nodes, totalCount] = await this.em.findAndCount(ProblemRecord, { $and: where } as never, {
      orderBy: { createdAt: 'desc', id: 'asc' }, limit: Math.min(Math.max(args.first, 1), 200), offset: Math.max(args.offset, 0),
    });
    return { nodes, totalCount };
  }

  /** An open record the caller may act on, or "not found or no access". */
  private async forUpdate(id: string): Promise<ProblemRecord> {
    requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'update', 'ProblemRecord');
    const rec = await this.em.findOne(ProblemRecord, { $and: [{ id }, scope] } as never, { populate: ['idNumberEnc'] as never }).catch(() => null);
    if (!rec) throw notFoundOrNoAccess();
    if (rec.status !== 'open') throw new AppError('PROBLEM_NOT_OPEN');
    return rec;
  }

  /** Full document number for callers whose teacher field rules allow it (read is audited); masked otherwise. */
  async idNumber(rec: ProblemRecord): Promise<string | null> {
    const masked = rec.raw.idNumber || null;
    if (!this.ctx.ability.can('read', subject('Teacher', { scopePath: rec.scopePath }) as never, 'idNumber')) return masked;
    // One query for the page, not one per record.
    const sealed = await loader<Buffer>(this.ctx, 'problemRecord.idNumberEnc', async (ids) => {
      const rows = await this.em.getConnection().execute<{ id: string; id_number_enc: Buffer | null }[]>(
        `select id, id_number_enc from problem_record where id in (${ids.map(() => '?').join(',')})`, [...ids]);
      return new Map(rows.filter((r) => r.id_number_enc).map((r) => [r.id, r.id_number_enc!]));
    }).load(rec.id);
    if (!sealed) return masked;
    const actor = this.ctx.actor;
    if (actor) {
      this.ctx.pendingAudit.push({ actorId: actor.accountId, actorUsername: actor.username, unitId: actor.unitId, scopePath: actor.scopePath,
        action: 'problem_record.read_sensitive', targetType: 'ProblemRecord', targetId: rec.id, ip: this.ctx.ip, detail: { field: 'idNumber' } });
    }
    return this.ctx.runtime.fieldCrypto.decrypt(sealed);
  }

  /** A school named by code, only within the caller's scope. */
  private async schoolRef(code: string): Promise<SchoolRef | undefined> {
    const unit = await this.em.findOne(Unit, { $and: [{ code, level: { $in: ['school', 'department'] } }, requireScope(this.ctx.ability, 'read', 'Unit')] } as never);
    if (!unit) return undefined;
    const dept = unit.level === 'department';
    const school = dept ? await this.em.findOneOrFail(Unit, { id: unit.parent!.id }) : unit;
    return { unitId: unit.id, schoolId: school.id, departmentId: dept ? unit.id : null, path: unit.path, stage: school.stage ?? null };
  }

  /**
   * Re-checks the corrected row (the uploaded values overlaid with `data`) with the import's
   * rules and registers the teacher through the same path as a single registration; the record
   * is closed in the same transaction. Fails with the same codes as the import.
   */
  async resolve(id: string, data: Record<string, unknown>): Promise<{ record: ProblemRecord; teacher: Teacher }> {
    const actor = requireActor(this.ctx);
    const rec = await this.forUpdate(id);
    // The teacher exists: a registry conflict closes when the national registry checks again.
    if (rec.kind === 'registry_conflict') throw new AppError('PROBLEM_RESOLVED_BY_REGISTRY');
    const original: Record<string, unknown> = { ...rec.raw, idNumber: rec.idNumberEnc ? this.ctx.runtime.fieldCrypto.decrypt(rec.idNumberEnc) : rec.raw.idNumber };
    const cells = { ...original, ...data } as Record<string, string | number | boolean | null>;
    const columns = teacherColumns();
    const unknown = Object.keys(data).find((k) => !columns.some((c) => c.key === k));
    if (unknown) throw new AppError('FIELD_UNKNOWN', { field: unknown });
    const badType = Object.entries(data).find(([, v]) => v !== null && !['string', 'number', 'boolean'].includes(typeof v));
    if (badType) throw new AppError('FIELD_TYPE', { field: badType[0] });
    const schoolCode = String(cells[SCHOOL_CODE.key] ?? '').trim();
    const ref = schoolCode ? await this.schoolRef(schoolCode) : undefined;
    const defaultSchool = !schoolCode && rec.school ? await this.schoolRef((await this.em.findOneOrFail(Unit, { id: rec.school.id })).code) : undefined;
    const checked = checkRow(cells, { columns, school: (code) => (code === schoolCode ? ref : undefined), defaultSchool });
    if (!checked.valid) {
      const first = checked.issues[0]!;
      throw new AppError(first.code, { field: first.key, issues: checked.issues });
    }
    const v = checked.valid;
    const d = v.data;
    return this.em.transactional(async (tx) => {
      const teacher = await new TeacherService({ ...this.ctx, em: tx }).register({
        unitId: v.school.unitId, name: d.name!, gender: d.gender!, birthDate: d.birthDate!, idType: v.idType, idNumber: v.idNormalized,
        ethnicity: d.ethnicity ?? null, politicalStatus: d.politicalStatus ?? null, educationLevel: d.educationLevel ?? null,
        professionalTitle: d.professionalTitle ?? null, staffCategory: d.staffCategory ?? null, establishmentStatus: d.establishmentStatus ?? null,
        postCategory: d.postCategory ?? null, startDate: d.startDate!,
      });
      const record = await tx.findOneOrFail(ProblemRecord, { id: rec.id });
      Object.assign(record, { status: 'resolved', resolvedBy: actor.accountId, resolvedAt: new Date(), teacher });
      await tx.flush();
      await appendAudit(tx, [{ actorId: actor.accountId, actorUsername: actor.username, unitId: actor.unitId, scopePath: actor.scopePath,
        action: 'problem_record.resolve', targetType: 'ProblemRecord', targetId: rec.id, ip: this.ctx.ip, detail: { teacherId: teacher.id, kind: rec.kind } }]);
      return { record, teacher };
    });
  }

  async dismiss(id: string, note: string): Promise<ProblemRecord> {
    const actor = requireActor(this.ctx);
    const rec = await this.forUpdate(id);
    const text = note.trim();
    if (!text) throw new AppError('PROBLEM_NOTE_REQUIRED');
    if (text.length > 500) throw new AppError('FIELD_TOO_LONG', { field: 'note' });
    return this.em.transactional(async (tx) => {
      const record = await tx.findOneOrFail(ProblemRecord, { id: rec.id });
      Object.assign(record, { status: 'dismissed', resolvedBy: actor.accountId, resolvedAt: new Date(), note: text });
      await tx.flush();
      await appendAudit(tx, [{ actorId: actor.accountId, actorUsername: actor.username, unitId: actor.unitId, scopePath: actor.scopePath,
        action: 'problem_record.dismiss', targetType: 'ProblemRecord', targetId: rec.id, ip: this.ctx.ip, detail: { note: text } }]);
      return record;
    });
  }
}
