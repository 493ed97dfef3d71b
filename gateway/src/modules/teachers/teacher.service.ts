import { yearInChina } from '@tmis/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import {
  formatTeacherNumber, isIdDocumentType, isValidCode, maskIdNumber, validateIdDocument, type CodeListId,
} from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, scopeFilter, type Filter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { loader } from '../../platform/graphql/loaders.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { Teacher } from './teacher.entity.js';
import { Employment } from './employment.entity.js';
import { ArchiveRecord } from '../archive/archive-record.entity.js';
import { columnFilters } from './teacher-filter.js';
import { teacherTotal } from './teacher-count.js';
import { attachVisits, presenceScope, visitedReadable } from './teacher-visits.js';
import { initialNumberState } from './number-state.js';
import { TeacherOrder, type RegisterTeacherInput, type TeacherFilter } from './teacher.types.js';

export const MAX_PAGE = 200;

/** Where a refused onboarding sends the user: the transfer flow (调动). */
const TRANSFER_POINTER = { flow: 'transfer', mutation: 'initiateTransfer' } as const;

interface Cursor { k: string; id: string }
const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');
function decodeCursor(s: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.k === 'string' && typeof c.id === 'string') return c;
  } catch { /* fall through */ }
  throw new AppError('VALIDATION_FAILED', { field: 'after' }, '分页游标无效');
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function assertDate(field: string, v: string | null | undefined): void {
  if (v == null) return;
  const d = new Date(`${v}T00:00:00Z`);
  if (!isoDate.test(v) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== v) throw new AppError('DATE_INVALID', { field });
}

export class TeacherService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** Keyed hash of a document number as stored: type + normalised number. */
  documentHash(idType: string, normalized: string): Buffer {
    return this.ctx.runtime.fieldCrypto.blindIndex(normalized, `doc:${idType}`);
  }

  /** What a lookup matches: the current hash, and during a key/profile migration the previous one too. */
  documentHashes(idType: string, normalized: string): { $in: Buffer[] } {
    return { $in: this.ctx.runtime.fieldCrypto.blindIndexes(normalized, `doc:${idType}`) };
  }

  async list(filter: TeacherFilter | null | undefined, first: number, after: string | null | undefined, order: TeacherOrder) {
    const { where, scope, unitPath } = await this.listConditions(filter);
    const sortKey = order === TeacherOrder.NAME ? 'name' : 'teacherNo';
    const limit = Math.min(Math.max(first, 1), MAX_PAGE);
    const base = { $and: where };
    const page: Record<string, unknown>[] = [...where];
    if (after) {
      const c = decodeCursor(after);
      // The redundant `>=` is what lets the index scan start at the cursor: PostgreSQL takes no
      // index bound from the OR, and deep pages then re-read every row before them.
      page.push({ [sortKey]: { $gte: c.k } }, { $or: [{ [sortKey]: { $gt: c.k } }, { [sortKey]: c.k, id: { $gt: c.id } }] });
    }
    const [rows, total] = await Promise.all([
      this.em.find(Teacher, { $and: page } as never, { orderBy: { [sortKey]: 'asc', id: 'asc' }, limit: limit + 1 }),
      teacherTotal(this.ctx, scope, base.$and, filter, unitPath),
    ]);
    const hasNextPage = rows.length > limit;
    const nodes = rows.slice(0, limit);
    await attachVisits(this.ctx, nodes);
    const edges = nodes.map((t) => ({ cursor: encodeCursor({ k: String(t[sortKey]), id: t.id }), node: t }));
    return { edges, nodes, total, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  /**
   * The WHERE conditions of the teacher list: the caller's read scope and the filter. Shared with
   * exports, so an export returns exactly the rows `teachers` would.
   */
  async scopedWhere(filter: TeacherFilter | null | undefined): Promise<Record<string, unknown>[]> {
    return (await this.listConditions(filter)).where;
  }

  /** The list's WHERE, with the caller's Teacher scope and the filter unit's path (for `teacherTotal`). */
  private async listConditions(filter: TeacherFilter | null | undefined): Promise<{ where: Record<string, unknown>[]; scope: Filter; unitPath: string | null }> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Teacher');
    const where: Record<string, unknown>[] = [presenceScope(this.ctx, scope, filter?.presence), ...columnFilters(filter)];
    let unitPath: string | null = null;
    if (filter?.unitId) {
      // The unit itself must be in scope; its subtree then narrows the list.
      const unit = await new UnitService(this.ctx).get(filter.unitId);
      where.push({ scopePath: { $like: `${unit.path}%` } });
      unitPath = unit.path;
    }
    if (filter?.idNumber?.trim()) {
      const type = filter.idType ?? '1';
      const normalized = type === 'Z' ? filter.idNumber.trim() : filter.idNumber.trim().toUpperCase();
      where.push({ idNumberHash: this.documentHashes(type, normalized) });
    }
    return { where, scope, unitPath };
  }

  async get(id: string): Promise<Teacher> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Teacher');
    const t = await this.em.findOne(Teacher, { $and: [{ id }, scope] } as never).catch(() => null);
    if (!t) throw notFoundOrNoAccess();
    return t;
  }

  /**
   * A teacher the caller may read: in its scope, or reached through a visit (已调出 as they
   * left, 轮岗来校 for the period). Only for reading — every action keeps using `get`, so a
   * visit never lets anyone change a teacher who is no longer theirs.
   */
  async getReadable(id: string): Promise<Teacher> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Teacher');
    const visited = visitedReadable(this.ctx);
    const t = await this.em.findOne(Teacher, { $and: [{ id }, visited ? { $or: [scope, visited] } : scope] } as never).catch(() => null);
    if (!t) throw notFoundOrNoAccess();
    await attachVisits(this.ctx, [t]);
    return t;
  }

  /** Full document number, decrypted in a batch per request; each read is audited. */
  async idNumber(t: Teacher): Promise<string> {
    const sealed = await loader<Buffer>(this.ctx, 'teacher.idNumberEnc', async (ids) => {
      const rows = await this.em.getConnection().execute<{ id: string; id_number_enc: Buffer }[]>(
        'select id, id_number_enc from teacher where id in (' + ids.map(() => '?').join(',') + ')', [...ids]);
      return new Map(rows.map((r) => [r.id, r.id_number_enc]));
    }).load(t.id);
    if (!sealed) throw new AppError('NOT_FOUND_OR_NO_ACCESS');
    this.recordSensitiveRead(t, 'idNumber');
    return this.ctx.runtime.fieldCrypto.decrypt(sealed);
  }

  recordSensitiveRead(t: Pick<Teacher, 'id'>, field: string): void {
    const actor = this.ctx.actor;
    if (!actor) return;
    let entry = this.ctx.pendingAudit.find((e) => e.action === 'teacher.read_sensitive');
    if (!entry) {
      entry = actorEvent(this.ctx, { action: 'teacher.read_sensitive', targetType: 'Teacher', detail: { reads: [] as string[] } });
      this.ctx.pendingAudit.push(entry);
    }
    const reads = (entry.detail as { reads: string[] }).reads;
    // One entry per request, one line per teacher and field however many records or paths read it.
    if (!reads.includes(`${t.id}:${field}`)) reads.push(`${t.id}:${field}`);
  }

  employments(teacherId: string): Promise<Employment[]> {
    return loader<Employment[]>(this.ctx, 'teacher.employments', async (ids) => {
      const rows = await this.em.find(Employment, { teacher: { $in: [...ids] } }, { orderBy: { startDate: 'desc' } });
      const map = new Map<string, Employment[]>();
      for (const r of rows) map.set(r.teacher.id, [...(map.get(r.teacher.id) ?? []), r]);
      return map;
    }).load(teacherId).then((r) => r ?? []);
  }

  archiveRecords(teacherId: string, infoSet: string): Promise<ArchiveRecord[]> {
    return loader<ArchiveRecord[]>(this.ctx, `teacher.records.${infoSet}`, async (ids) => {
      const rows = await this.em.find(ArchiveRecord, { teacher: { $in: [...ids] }, infoSet, status: 'effective', validTo: null, changeKind: { $ne: 'delete' } }, { orderBy: { validFrom: 'desc' } });
      const map = new Map<string, ArchiveRecord[]>();
      for (const r of rows) map.set(r.teacher.id, [...(map.get(r.teacher.id) ?? []), r]);
      return map;
    }).load(teacherId).then((r) => r ?? []);
  }

  async register(input: RegisterTeacherInput): Promise<Teacher> {
    const actor = requireActor(this.ctx);
    const unit = await new UnitService(this.ctx).get(input.unitId);
    if (unit.level !== 'school' && unit.level !== 'department') throw new AppError('TEACHER_NOT_SCHOOL');
    if (!canOn(this.ctx.ability, 'create', 'Teacher', { scopePath: unit.path })) throw new AppError('FORBIDDEN');
    const school = unit.level === 'school' ? unit : await this.em.findOneOrFail(Unit, { id: unit.parent!.id });

    const name = input.name.trim();
    if (!name || name.length > 60) throw new AppError('VALIDATION_FAILED', { field: 'name' }, '姓名不能为空且不超过60字');
    assertDate('birthDate', input.birthDate);
    assertDate('startDate', input.startDate);
    const codes: [CodeListId, string | null | undefined, string][] = [
      ['gender', input.gender, 'gender'], ['ethnicity', input.ethnicity, 'ethnicity'], ['politicalStatus', input.politicalStatus, 'politicalStatus'],
      ['educationLevel', input.educationLevel, 'educationLevel'], ['professionalTitle', input.professionalTitle, 'professionalTitle'],
      ['staffCategory', input.staffCategory, 'staffCategory'], ['establishmentStatus', input.establishmentStatus, 'establishmentStatus'],
      ['postCategory', input.postCategory, 'postCategory'],
    ];
    for (const [list, value, field] of codes) {
      if (value != null && !isValidCode(list, value)) throw new AppError('CODE_INVALID', { field, list, value });
    }
    if (!isIdDocumentType(input.idType)) throw new AppError('ID_DOCUMENT_TYPE', { field: 'idType' });
    const doc = validateIdDocument(input.idType, input.idNumber, { gender: input.gender as never, birthDate: input.birthDate });
    if (!doc.ok) throw new AppError(doc.code, { field: doc.field ?? 'idNumber' });

    const hash = this.documentHash(input.idType, doc.normalized);
    const existing = await this.em.findOne(Teacher, { idNumberHash: this.documentHashes(input.idType, doc.normalized) });
    if (existing) return this.reEmploy(existing, input, unit, school);

    return this.em.transactional(async (tx) => {
      const [{ seq }] = await tx.getConnection().execute<{ seq: string }[]>("select nextval('teacher_no_seq')::text as seq", [], 'all', tx.getTransactionContext());
      const teacher = tx.create(Teacher, {
        teacherNo: formatTeacherNumber({ provinceCode: this.ctx.runtime.config.provinceCode, year: yearInChina(), sequence: Number(seq) }),
        // The duplicate check above covers this province; only a national registry covers the rest.
        numberState: initialNumberState(this.ctx.runtime.config),
        name, gender: input.gender, birthDate: input.birthDate, ethnicity: input.ethnicity ?? null, politicalStatus: input.politicalStatus ?? null,
        idType: input.idType, idNumberEnc: this.ctx.runtime.fieldCrypto.encrypt(doc.normalized), idNumberHash: hash,
        idNumberMasked: maskIdNumber(doc.normalized), educationLevel: input.educationLevel ?? null, professionalTitle: input.professionalTitle ?? null,
        unit, school, scopePath: unit.path, stage: school.stage ?? null, employmentStatus: 'active',
        staffCategory: input.staffCategory ?? null, establishmentStatus: input.establishmentStatus ?? null, postCategory: input.postCategory ?? null,
        hireDate: input.startDate, createdBy: actor.accountId,
      });
      tx.create(Employment, {
        teacher, school, department: unit.level === 'department' ? unit : null, staffCategory: input.staffCategory ?? null,
        establishmentStatus: input.establishmentStatus ?? null, postCategory: input.postCategory ?? null,
        employmentStatus: 'active', startDate: input.startDate, createdBy: actor.accountId,
      });
      // The archive opens with the basic information set, effective from registration.
      tx.create(ArchiveRecord, {
        teacher, infoSet: 'basic', scopePath: unit.path, origin: 'school', status: 'effective', enteredBy: actor.accountId, enteredAt: new Date(),
        approvedBy: actor.accountId, approvedAt: new Date(), validFrom: new Date(),
        data: Object.fromEntries(Object.entries({ name, gender: input.gender, birthDate: input.birthDate, ethnicity: input.ethnicity, politicalStatus: input.politicalStatus, educationLevel: input.educationLevel }).filter(([, v]) => v != null)),
      });
      try {
        await tx.flush();
      } catch (e) {
        // Two registrations of the same document raced: the unique hash index decides.
        if (e instanceof UniqueConstraintViolationException) throw new AppError('TEACHER_DUPLICATE_ACTIVE', TRANSFER_POINTER);
        throw e;
      }
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'teacher.register', targetType: 'Teacher', targetId: teacher.id,
        detail: { teacherNo: teacher.teacherNo, unitId: unit.id, numberState: teacher.numberState } })]);
      return teacher;
    });
  }

  /**
   * The document is known: one person keeps one number. With an open employment anywhere the
   * registration is refused (the transfer flow moves people); the existing school is named only
   * to callers allowed to see that teacher.
   */
  private async reEmploy(existing: Teacher, input: RegisterTeacherInput, unit: Unit, school: Unit): Promise<Teacher> {
    const actor = requireActor(this.ctx);
    const open = await this.em.findOne(Employment, { teacher: existing.id, endDate: null });
    if (open) {
      const visible = scopeFilter(this.ctx.ability, 'read', 'Teacher') !== null && canOn(this.ctx.ability, 'read', 'Teacher', existing);
      await appendAudit(this.em, [actorEvent(this.ctx, { action: 'teacher.register', outcome: 'denied', targetType: 'Teacher', targetId: visible ? existing.id : null,
        detail: { reason: 'TEACHER_DUPLICATE_ACTIVE' } })]);
      const named = { teacherId: existing.id, teacherNo: existing.teacherNo, schoolId: existing.school.id };
      // Already at this very school: nothing to transfer, and "在其他单位" would be wrong.
      if (visible && existing.school.id === school.id) {
        throw new AppError('TEACHER_DUPLICATE_ACTIVE', { ...named, sameSchool: true }, `该证件号码的教师已在${school.name}任职（教师个人标识码 ${existing.teacherNo}），无需重复注册`);
      }
      // Onboarding refuses and points to the transfer flow, which the receiving school starts.
      throw new AppError('TEACHER_DUPLICATE_ACTIVE', { ...TRANSFER_POINTER, ...(visible ? named : {}) });
    }
    return this.em.transactional(async (tx) => {
      const t = await tx.findOneOrFail(Teacher, { id: existing.id });
      tx.create(Employment, {
        teacher: t, school, department: unit.level === 'department' ? unit : null, staffCategory: input.staffCategory ?? null,
        establishmentStatus: input.establishmentStatus ?? null, postCategory: input.postCategory ?? null,
        employmentStatus: 'active', startDate: input.startDate, createdBy: actor.accountId,
      });
      Object.assign(t, {
        unit, school, scopePath: unit.path, stage: school.stage ?? null, employmentStatus: 'active', hireDate: input.startDate,
        staffCategory: input.staffCategory ?? null, establishmentStatus: input.establishmentStatus ?? null, postCategory: input.postCategory ?? null,
      });
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'teacher.re_employ', targetType: 'Teacher', targetId: t.id, detail: { teacherNo: t.teacherNo, unitId: unit.id } })]);
      return t;
    });
  }
}
