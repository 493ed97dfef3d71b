import { type ErrorCode, errorMessage, getInfoSet, infoSetAppliesTo, type InfoSetDef, isAdministrativeLevel, isCollected, validateRecordData } from '@tmis/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { IndicatorService, INDICATOR_SET } from '../indicators/indicator.service.js';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, scopeFilter, type Filter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { visitView, type VisitView } from '../teachers/teacher-visits.js';
import { UnitService } from '../units/unit.service.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { ArchiveRecord, type RecordOrigin, type RecordStatus } from './archive-record.entity.js';
import { mirrorToTeacher } from './mirror.js';
import { closeReturnNotice, noticeChangeApproved, noticeReturned } from './archive-notices.js';
import type { RecordQueueFilter, SaveRecordInput } from './archive.types.js';

export interface ActionResult { id: string; ok: boolean; code?: ErrorCode; status?: string }

type RecordAction = 'update' | 'submit' | 'review' | 'approve' | 'change';

interface SetForTeacher { def: InfoSetDef; codeItems?: Record<string, string[]>; teacherEditable?: Set<string> }

/** The plain shape CASL rules speak of (ids, not relations). */
export function recordSubject(r: ArchiveRecord): Record<string, unknown> {
  return { id: r.id, teacherId: r.teacher.id, scopePath: r.scopePath, infoSet: r.infoSet, status: r.status, enteredBy: r.enteredBy, changeKind: r.changeKind };
}

const PENDING: RecordStatus[] = ['draft', 'submitted', 'school_approved', 'returned'];

/**
 * Steps only the school's supervising authority takes (its nearest administrative ancestor; the
 * rules leave out the subtrees of the authorities below the caller), and what an authority
 * above it is told when it tries.
 */
const AUTHORITY_DESK: Partial<Record<RecordAction, { status: RecordStatus; code: ErrorCode }>> = {
  approve: { status: 'school_approved', code: 'WORKFLOW_NOT_YOUR_STEP' },
  change: { status: 'effective', code: 'FORBIDDEN' },
};

export class ArchiveService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  private event(action: string, r: ArchiveRecord, detail: Record<string, unknown> = {}): AuditEvent {
    return actorEvent(this.ctx, { action, targetType: 'ArchiveRecord', targetId: r.id,
      detail: { teacherId: r.teacher.id, infoSet: r.infoSet, status: r.status, changeKind: r.changeKind, ...detail } });
  }

  /**
   * The set's definition for this teacher. The province's own indicators form the set
   * `indicators`, built from their definitions at request time (no restart to add one).
   */
  private async setFor(infoSet: string, teacher: Teacher): Promise<SetForTeacher> {
    if (infoSet === INDICATOR_SET) {
      const school = await new UnitService(this.ctx).byId(teacher.school.id);
      const f = await new IndicatorService(this.ctx).fieldsFor(school?.schoolType);
      return { def: f.def, codeItems: f.codeItems, teacherEditable: f.teacherEditable };
    }
    const def = getInfoSet(infoSet);
    if (!def) throw new AppError('INFO_SET_UNKNOWN', { infoSet });
    if (!infoSetAppliesTo(def, teacher.stage)) throw new AppError('INFO_SET_NOT_APPLICABLE', { infoSet, stage: teacher.stage });
    return { def };
  }

  private validate(set: SetForTeacher, data: Record<string, unknown>): Record<string, unknown> {
    if (set.teacherEditable && this.ctx.principal?.role === 'teacher') {
      const locked = Object.keys(data).filter((k) => !set.teacherEditable!.has(k));
      if (locked.length) throw new AppError('INFO_SET_SCHOOL_ONLY', { fields: locked });
    }
    const def = set.def;
    const r = validateRecordData(def.fields, data, { codeItems: set.codeItems });
    if (r.errors.length) throw new AppError('RECORD_INVALID', { errors: r.errors.map((e) => ({ ...e, message: errorMessage(e.code) })) });
    return r.data;
  }

  private origin(): RecordOrigin {
    const p = requirePrincipal(this.ctx);
    if (p.role === 'teacher') return 'teacher';
    return isAdministrativeLevel(p.unitLevel) ? 'authority' : 'school';
  }

  /** Creates a draft (or edits a draft / returned record); an authority's own entry is effective at once. */
  async save(input: SaveRecordInput): Promise<ArchiveRecord> {
    const actor = requireActor(this.ctx);
    const teacher = await new TeacherService(this.ctx).get(input.teacherId);
    // Teachers who left (resigned, retired, deceased) keep their archive but are no longer collected.
    if (!isCollected(teacher.employmentStatus)) throw new AppError('TEACHER_NOT_COLLECTED', { status: teacher.employmentStatus });
    const set = await this.setFor(input.infoSet, teacher);
    const def = set.def;
    if (input.id) return this.edit(input, set);

    const origin = this.origin();
    const draft = { teacherId: teacher.id, scopePath: teacher.scopePath, infoSet: def.code, status: 'draft', enteredBy: actor.accountId, changeKind: 'add' };
    if (!canOn(this.ctx.ability, 'create', 'ArchiveRecord', draft)) {
      throw new AppError(origin === 'teacher' && def.entry === 'school_only' ? 'INFO_SET_SCHOOL_ONLY' : 'FORBIDDEN', { infoSet: def.code });
    }
    const data = this.validate(set, input.data);
    if (!def.multiple) {
      const existing = await this.em.count(ArchiveRecord, { teacher: teacher.id, infoSet: def.code, changeKind: 'add', $or: [{ status: 'effective', validTo: null }, { status: { $in: PENDING } }] });
      if (existing) throw new AppError('INFO_SET_SINGLE', { infoSet: def.code });
    }
    const now = new Date();
    const record = this.em.create(ArchiveRecord, {
      teacher, infoSet: def.code, data, scopePath: teacher.scopePath, origin, changeKind: 'add', enteredBy: actor.accountId, enteredAt: now,
      status: input.submit ? 'submitted' : 'draft', submittedBy: input.submit ? actor.accountId : null, submittedAt: input.submit ? now : null,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(record);
      if (origin === 'authority') await this.makeEffective(tx, record, now);
      await tx.flush();
      if (record.status === 'effective') await mirrorToTeacher(tx, record);
      await appendAudit(tx, [this.event('archive.saved', record)]);
    });
    return record;
  }

  private async edit(input: SaveRecordInput, set: SetForTeacher): Promise<ArchiveRecord> {
    const record = await this.findForAction(input.id!, 'update');
    if (input.version != null && input.version !== record.version) throw new AppError('CONFLICT');
    if (record.changeKind === 'delete') throw new AppError('RECORD_NOT_EDITABLE');
    record.data = this.validate(set, input.data);
    record.returnReason = record.status === 'returned' ? record.returnReason : null;
    const resubmitted = input.submit && record.status === 'returned';
    if (input.submit) this.markSubmitted(record);
    await this.em.transactional(async (tx) => {
      if (resubmitted) await closeReturnNotice(tx, record);
      await tx.flush();
      await appendAudit(tx, [this.event('archive.saved', record)]);
    });
    return record;
  }

  private markSubmitted(r: ArchiveRecord): void {
    const actor = requireActor(this.ctx);
    r.status = 'submitted';
    r.submittedBy = actor.accountId;
    r.submittedAt = new Date();
  }

  /** A record the caller may read, or "not found or no access" — never a hint that it exists. */
  private async findReadable(id: string): Promise<ArchiveRecord> {
    requirePrincipal(this.ctx);
    const read = requireScope(this.ctx.ability, 'read', 'ArchiveRecord');
    const r = await this.em.findOne(ArchiveRecord, { $and: [{ id }, read] } as never, { populate: ['teacher'] }).catch(() => null);
    if (!r) throw notFoundOrNoAccess();
    return r;
  }

  /**
   * A readable record the caller may also act on; one outside the action's rules gets
   * RECORD_NOT_EDITABLE / RECORD_TRANSITION_INVALID, which reveals nothing new.
   */
  private async findForAction(id: string, action: RecordAction): Promise<ArchiveRecord> {
    return this.allow(await this.findReadable(id), action);
  }

  private allow(r: ArchiveRecord, action: RecordAction): ArchiveRecord {
    if (canOn(this.ctx.ability, action, 'ArchiveRecord', recordSubject(r))) return r;
    // The right step, but another authority's desk: a city on a record of a county's school.
    const desk = AUTHORITY_DESK[action];
    if (desk && desk.status === r.status && this.ctx.ability.can(action, 'ArchiveRecord')) throw new AppError(desk.code, { status: r.status });
    throw new AppError(action === 'update' ? 'RECORD_NOT_EDITABLE' : 'RECORD_TRANSITION_INVALID', { status: r.status });
  }

  /** Runs `fn` per id in its own transaction: one bad record never blocks the others of a bulk action. */
  private async each(ids: string[], fn: (id: string) => Promise<ArchiveRecord>): Promise<ActionResult[]> {
    const results: ActionResult[] = [];
    for (const id of [...new Set(ids)]) {
      try {
        const r = await fn(id);
        results.push({ id, ok: true, status: r.status });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        this.em.clear();
        results.push({ id, ok: false, code: e.code });
      }
    }
    return results;
  }

  submit(ids: string[]): Promise<ActionResult[]> {
    return this.each(ids, async (id) => {
      const r = await this.findForAction(id, 'submit');
      const wasReturned = r.status === 'returned';
      this.markSubmitted(r);
      await this.commit(r, 'archive.submitted', ['draft', 'returned'], wasReturned ? (tx) => closeReturnNotice(tx, r) : undefined);
      return r;
    });
  }

  /**
   * The next step for each record: school review (submitted → school_approved) by the school's
   * (or department's) information admin, or approval (→ effective) by the school's supervising authority.
   */
  approve(ids: string[]): Promise<ActionResult[]> {
    return this.each(ids, async (id) => {
      const actor = requireActor(this.ctx);
      const r = await this.findAwaiting(id);
      const now = new Date();
      if (r.status === 'submitted') {
        Object.assign(r, { status: 'school_approved', schoolApprovedBy: actor.accountId, schoolApprovedAt: now });
        await this.commit(r, 'archive.school_approved', ['submitted']);
      } else {
        await this.commit(r, 'archive.effective', ['school_approved'], async (tx) => {
          await this.makeEffective(tx, r, now);
          await noticeChangeApproved(tx, r);
        });
      }
      return r;
    });
  }

  returnRecords(ids: string[], reason: string): Promise<ActionResult[]> {
    const why = reason?.trim();
    if (!why) throw new AppError('RETURN_REASON_REQUIRED');
    return this.each(ids, async (id) => {
      const actor = requireActor(this.ctx);
      const r = await this.findAwaiting(id);
      const from = r.status;
      Object.assign(r, { status: 'returned', returnedBy: actor.accountId, returnedAt: new Date(), returnReason: why.slice(0, 500) });
      await this.commit(r, 'archive.returned', [from], (tx) => noticeReturned(tx, r, from, why.slice(0, 500)), { reason: why });
      return r;
    });
  }

  /** A record waiting for the caller's step: school review of a submitted one, authority approval of a school-approved one. */
  private async findAwaiting(id: string): Promise<ArchiveRecord> {
    const r = await this.findReadable(id);
    return this.allow(r, r.status === 'submitted' ? 'review' : 'approve');
  }

  /**
   * Writes the record only if nobody moved it meanwhile: the UPDATE is conditional on the
   * version and status it was read with (optimistic locking), so two reviewers cannot both act.
   */
  private async commit(r: ArchiveRecord, action: string, fromStatuses: string[], extra?: (tx: EntityManager) => Promise<void>, detail?: Record<string, unknown>): Promise<void> {
    await this.em.transactional(async (tx) => {
      const moved = await tx.getConnection().execute<{ id: string }[]>(
        `select id from archive_record where id = ? and version = ? and status in (${fromStatuses.map(() => '?').join(',')}) for update`,
        [r.id, r.version, ...fromStatuses], 'all', tx.getTransactionContext());
      if (moved.length === 0) throw new AppError('CONFLICT');
      if (extra) await extra(tx);
      await tx.flush();
      if (r.status === 'effective') await mirrorToTeacher(tx, r);
      await appendAudit(tx, [this.event(action, r, detail)]);
    });
  }

  /** Makes a record the current version; a change or deletion closes the version it replaces. */
  private async makeEffective(tx: EntityManager, r: ArchiveRecord, now: Date): Promise<void> {
    const actor = requireActor(this.ctx);
    if (r.supersedes) {
      const closed = await tx.nativeUpdate(ArchiveRecord, { id: r.supersedes.id, status: 'effective', validTo: null }, { status: 'superseded', validTo: now });
      if (closed === 0) throw new AppError('CONFLICT');
    }
    Object.assign(r, { status: 'effective', approvedBy: actor.accountId, approvedAt: now, validFrom: now, validTo: r.changeKind === 'delete' ? now : null });
  }

  /** 变更申请: a school information admin asks to change or delete an effective record; the supervising authority decides. */
  async requestChange(recordId: string, data: Record<string, unknown> | null, remove: boolean, reason: string): Promise<ArchiveRecord> {
    const actor = requireActor(this.ctx);
    const why = reason?.trim();
    if (!why) throw new AppError('VALIDATION_FAILED', { field: 'reason' }, '变更申请须说明原因');
    const current = await this.findForAction(recordId, 'change');
    if (current.validTo) throw new AppError('RECORD_TRANSITION_INVALID', { status: 'superseded' });
    const set = await this.setFor(current.infoSet, current.teacher);
    const now = new Date();
    const origin = this.origin();
    const request = this.em.create(ArchiveRecord, {
      teacher: current.teacher, infoSet: current.infoSet, data: remove ? current.data : this.validate(set, data ?? {}), scopePath: current.teacher.scopePath,
      origin, changeKind: remove ? 'delete' : 'change', supersedes: current, changeReason: why.slice(0, 500), enteredBy: actor.accountId, enteredAt: now,
      status: 'school_approved', submittedBy: actor.accountId, submittedAt: now, schoolApprovedBy: actor.accountId, schoolApprovedAt: now,
    });
    try {
      await this.em.transactional(async (tx) => {
        tx.persist(request);
        if (origin === 'authority') await this.makeEffective(tx, request, now);
        await tx.flush();
        if (request.status === 'effective') await mirrorToTeacher(tx, request);
        await appendAudit(tx, [this.event('archive.change_requested', request, { supersedes: current.id, reason: why })]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new AppError('RECORD_CHANGE_PENDING');
      throw e;
    }
    return request;
  }

  /** Review queue: records in scope, optionally only those waiting for the caller's own step. */
  async queue(f: RecordQueueFilter | null | undefined, first: number, offset: number): Promise<{ nodes: ArchiveRecord[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Filter[] = [requireScope(this.ctx.ability, 'read', 'ArchiveRecord')];
    if (f?.awaitingMe) {
      const mine = [scopeFilter(this.ctx.ability, 'review', 'ArchiveRecord'), scopeFilter(this.ctx.ability, 'approve', 'ArchiveRecord')].filter((x): x is Filter => x !== null);
      if (mine.length === 0) return { nodes: [], totalCount: 0 };
      where.push({ $or: mine });
    }
    if (f?.status?.length) where.push({ status: { $in: f.status } });
    if (f?.infoSet) where.push({ infoSet: f.infoSet });
    if (f?.changeKind?.length) where.push({ changeKind: { $in: f.changeKind } });
    if (f?.teacherId) where.push({ teacher: f.teacherId });
    if (f?.unitId) where.push({ scopePath: { $like: `${(await new UnitService(this.ctx).get(f.unitId)).path}%` } });
    const [nodes, totalCount] = await this.em.findAndCount(ArchiveRecord, { $and: where } as never, {
      orderBy: { submittedAt: 'asc', createdAt: 'asc' }, limit: Math.min(Math.max(first, 1), 500), offset: Math.max(offset, 0),
    });
    return { nodes, totalCount };
  }

  /** The archive as it stood at `asOf` (now by default): the versions valid then, grouped by set. */
  async archive(teacherId: string, asOf: Date | null | undefined, sets: string[] | null | undefined): Promise<ArchiveRecord[]> {
    const teacher = await new TeacherService(this.ctx).getReadable(teacherId);
    const visit = visitView(teacher);
    // Those who left are read as they left: no later moment than the move.
    const wanted = asOf ?? new Date();
    const at = visit?.frozenAt && visit.frozenAt < wanted ? visit.frozenAt : wanted;
    const where: Filter[] = [{ teacher: teacherId }, { status: { $in: ['effective', 'superseded'] } },
      { changeKind: { $ne: 'delete' } }, { validFrom: { $lte: at } }, { $or: [{ validTo: null }, { validTo: { $gt: at } }] }];
    if (!visit) where.unshift(requireScope(this.ctx.ability, 'read', 'ArchiveRecord'));
    if (sets?.length) where.push({ infoSet: { $in: sets } });
    const rows = await this.em.find(ArchiveRecord, { $and: where } as never, { orderBy: { infoSet: 'asc', validFrom: 'asc' } });
    return visit ? this.visibleThrough(visit, rows) : rows;
  }

  /** Every version and request of one set of a teacher, oldest first. */
  async history(teacherId: string, infoSet: string): Promise<ArchiveRecord[]> {
    const teacher = await new TeacherService(this.ctx).getReadable(teacherId);
    const visit = visitView(teacher);
    const where: Filter[] = [{ teacher: teacherId }, { infoSet }];
    if (!visit) where.unshift(requireScope(this.ctx.ability, 'read', 'ArchiveRecord'));
    else if (visit.frozenAt) where.push({ createdAt: { $lte: visit.frozenAt } });
    const rows = await this.em.find(ArchiveRecord, { $and: where } as never, { orderBy: { createdAt: 'asc' } });
    return visit ? this.visibleThrough(visit, rows) : rows;
  }

  /**
   * The records of one teacher read through a visit: the ones the caller's rules allow for a
   * teacher of the unit the access comes from (a query user still sees no ethics records). The
   * teacher's visibility itself was decided in SQL by `getReadable`; this is the per-set rule.
   */
  private visibleThrough(visit: VisitView, rows: ArchiveRecord[]): ArchiveRecord[] {
    return rows.filter((r) => canOn(this.ctx.ability, 'read', 'ArchiveRecord', { ...recordSubject(r), scopePath: visit.scopePath }));
  }
}
