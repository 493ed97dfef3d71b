import { LockMode, UniqueConstraintViolationException } from '@mikro-orm/core';
import { pageOrder, pageWindow, type PageArgs } from '../../platform/graphql/paging.js';
import { chinaDayPlus, isIdDocumentType, isRealDate, validateIdDocument } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Employment } from '../teachers/employment.entity.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { Transfer, type TransferStatus } from './transfer.entity.js';
import { TRANSFER_WORKFLOW } from './transfer.workflow.js';
import { cancelScheduledMove } from './effective-dates.js';
import { requestMover } from './move-archive.js';

export interface InitiateTransferInput {
  idType: string;
  idNumber: string;
  name: string;
  toUnitId: string;
  effectiveDate: string;
  reason?: string | null;
  /** True when the move is an exchange rotation: those go through the rotation flow instead. */
  exchangeRotation?: boolean | null;
}

const MAX_DAYS_AHEAD = 366;
const TRANSFER_STATUSES: TransferStatus[] = ['in_progress', 'scheduled', 'completed', 'returned', 'withdrawn', 'cancelled'];

/** Names are compared without spaces: 张 三 and 张三 are the same person on a form. */
const sameName = (a: string, b: string): boolean => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

export function latestEffectiveDate(now = Date.now()): string {
  return chinaDayPlus(MAX_DAYS_AHEAD, now);
}

/** The supervising authorities of two schools, or TRANSFER_NO_AUTHORITY. */
export async function authoritiesOf(units: UnitService, a: Unit, b: Unit): Promise<[Unit, Unit]> {
  const [ua, ub] = await Promise.all([units.supervisingAuthority(a), units.supervisingAuthority(b)]);
  if (!ua || !ub) throw new AppError('TRANSFER_NO_AUTHORITY');
  return [ua, ub];
}

/** True when the teacher already has an open transfer or rotation application. */
export async function hasOpenMobilityCase(ctx: RequestContext, teacherId: string): Promise<boolean> {
  // Rotations by table name: the rotations module builds on this one, not the other way round.
  const [row] = await ctx.em.getConnection().execute<{ open: boolean }[]>(
    `select exists (select 1 from transfer where teacher_id = ? and status in ('in_progress', 'scheduled'))
         or exists (select 1 from rotation where teacher_id = ? and status in ('in_progress', 'scheduled')) as open`, [teacherId, teacherId]);
  return row?.open === true;
}

/**
 * True when another province has asked for this teacher (跨省调动) and the request is still open
 * here. Read by table name: the interprovincial module builds on this one, not the other way round.
 */
export async function hasOpenInterprovincialRequest(ctx: RequestContext, teacherId: string): Promise<boolean> {
  const rows = await ctx.em.getConnection().execute<{ n: number }[]>(
    `select count(*)::int as n from interprovincial_transfer where teacher_id = ? and direction = 'out' and status in ('received', 'in_progress')`, [teacherId]);
  return (rows[0]?.n ?? 0) > 0;
}

/** 调动: the receiving school applies; the approval engine carries the four-party approval. */
/** The keys a transfer list sorts by. */
export const TRANSFER_SORT = { createdAt: 'createdAt', effectiveDate: 'effectiveDate', teacherName: 'teacherName', status: 'status' } as const;
export type TransferSort = keyof typeof TRANSFER_SORT;

export class TransferService {
  constructor(private readonly ctx: RequestContext) {}

  /**
   * The receiving school does not see the teacher yet, so the person is named by document and
   * name, as on the paper form. A wrong name gets the same answer as an unknown document: the
   * call cannot be used to probe who is registered.
   */
  async initiate(input: InitiateTransferInput): Promise<Transfer> {
    const actor = requireActor(this.ctx);
    if (input.exchangeRotation) throw new AppError('TRANSFER_USE_ROTATION', { flow: 'rotation', mutation: 'initiateRotation' });
    const units = new UnitService(this.ctx);
    const toUnit = await units.get(input.toUnitId);
    if (toUnit.level !== 'school' && toUnit.level !== 'department') throw new AppError('TEACHER_NOT_SCHOOL');
    if (!canOn(this.ctx.ability, 'create', 'Transfer', { toScopePath: toUnit.path })) throw new AppError('FORBIDDEN');
    if (!isIdDocumentType(input.idType)) throw new AppError('ID_DOCUMENT_TYPE', { field: 'idType' });
    const doc = validateIdDocument(input.idType, input.idNumber);
    if (!doc.ok) throw new AppError(doc.code, { field: doc.field ?? 'idNumber' });

    const teacher = await this.ctx.em.findOne(Teacher, { idNumberHash: new TeacherService(this.ctx).documentHashes(input.idType, doc.normalized) });
    if (!teacher || !sameName(teacher.name, input.name)) {
      await appendAudit(this.ctx.em, [actorEvent(this.ctx, { action: 'transfer.initiate', outcome: 'denied', targetType: 'Teacher', targetId: null, detail: { reason: 'TRANSFER_TEACHER_NOT_FOUND' } })]);
      throw new AppError('TRANSFER_TEACHER_NOT_FOUND');
    }
    const open = await this.ctx.em.findOne(Employment, { teacher: teacher.id, endDate: null });
    if (!open || !['active', 'long_absence'].includes(teacher.employmentStatus)) throw new AppError('TRANSFER_NOT_EMPLOYED', { flow: 'onboarding', mutation: 'registerTeacher' });
    const toSchool = toUnit.level === 'school' ? toUnit : await this.ctx.em.findOneOrFail(Unit, { id: toUnit.parent!.id });
    if (open.school.id === toSchool.id) throw new AppError('TRANSFER_SAME_SCHOOL');
    if (!isRealDate(input.effectiveDate) || input.effectiveDate <= open.startDate || input.effectiveDate > latestEffectiveDate()) {
      throw new AppError('DATE_INVALID', { field: 'effectiveDate', after: open.startDate, to: latestEffectiveDate() });
    }
    if (await hasOpenMobilityCase(this.ctx, teacher.id) || await hasOpenInterprovincialRequest(this.ctx, teacher.id)) throw new AppError('TRANSFER_IN_PROGRESS');
    const fromSchool = await this.ctx.em.findOneOrFail(Unit, { id: open.school.id });
    const [receivingAuthority, releasingAuthority] = await authoritiesOf(units, toSchool, fromSchool);

    const transfer = this.ctx.em.create(Transfer, {
      kind: 'transfer', teacherId: teacher.id, teacherNo: teacher.teacherNo, teacherName: teacher.name,
      fromUnitId: teacher.unit.id, fromSchoolId: fromSchool.id, toUnitId: toUnit.id, toSchoolId: toSchool.id,
      fromScopePath: teacher.scopePath, toScopePath: toUnit.path, partyPaths: [teacher.scopePath, toUnit.path].join(' '),
      effectiveDate: input.effectiveDate, reason: input.reason?.trim() || null, initiatedBy: actor.accountId,
    });
    try {
      await this.ctx.em.transactional(async (tx) => {
        await tx.persist(transfer).flush();
        const c = await new ApprovalService(this.ctx).open({
          type: TRANSFER_WORKFLOW.type, subjectType: 'Transfer', subjectId: transfer.id,
          parties: { receivingSchool: toSchool.id, receivingAuthority: receivingAuthority.id, releasingSchool: fromSchool.id, releasingAuthority: releasingAuthority.id },
          partyPaths: [teacher.scopePath, toUnit.path],
          payload: { teacherNo: teacher.teacherNo, teacherName: teacher.name, fromSchool: fromSchool.name, toUnit: toUnit.name, effectiveDate: input.effectiveDate },
        }, tx);
        transfer.caseId = c.id;
        await tx.flush();
        await appendAudit(tx, [actorEvent(this.ctx, { action: 'transfer.initiate', targetType: 'Transfer', targetId: transfer.id,
          detail: { teacherId: teacher.id, fromSchoolId: fromSchool.id, toUnitId: toUnit.id, caseId: c.id } })]);
      });
    } catch (e) {
      // Two schools applying for the same teacher at the same instant: the partial unique index decides.
      if (e instanceof UniqueConstraintViolationException) throw new AppError('TRANSFER_IN_PROGRESS');
      throw e;
    }
    return transfer;
  }

  async get(id: string): Promise<Transfer> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Transfer');
    const t = await this.ctx.em.findOne(Transfer, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!t) throw notFoundOrNoAccess();
    return t;
  }

  /**
   * Cancels an approved move before its effective date (撤销): the authority on the initiating
   * side — the receiving school's for a transfer, the sending school's for a rotation — with a
   * reason. The teacher stays where they are; both schools and the initiator are told.
   */
  async cancelScheduled(id: string, reason: string): Promise<Transfer> {
    const t = await this.get(id);
    if (t.status !== 'scheduled' || !t.caseId) throw new AppError('TRANSFER_NOT_SCHEDULED');
    const caseId = t.caseId;
    const relation = t.kind === 'transfer' ? 'receivingAuthority' : 'sendingAuthority';
    await this.ctx.em.transactional(async (tx) => {
      const locked = await tx.findOne(Transfer, { id, status: 'scheduled' }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      // Moved or cancelled by someone else a moment ago.
      if (!locked) throw new AppError('TRANSFER_NOT_SCHEDULED');
      await new ApprovalService({ ...this.ctx, em: tx }).cancelApproved(tx, caseId, relation, reason);
      await cancelScheduledMove(tx, requestMover(this.ctx), locked, reason.trim());
    });
    return this.get(id);
  }

  /** The newest `first` (1…200, else VALIDATION_FAILED, never cut to 200) transfers in scope (into, out of, or inside it). */
  async list(args: { status?: string | null; teacherId?: string | null; first: number }): Promise<Transfer[]> {
    return (await this.page({ ...args, offset: 0 }, false)).nodes;
  }

  /** A page of the transfers in scope, with the total (none is cut off): newest first unless `sort` says otherwise. */
  async page(args: PageArgs<TransferSort> & { status?: string | null; teacherId?: string | null }, count = true): Promise<{ nodes: Transfer[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'Transfer')];
    if (args.status) {
      if (!TRANSFER_STATUSES.includes(args.status as TransferStatus)) throw new AppError('VALIDATION_FAILED', { field: 'status' });
      where.push({ status: args.status });
    }
    if (args.teacherId) where.push({ teacherId: args.teacherId });
    const opts = { orderBy: pageOrder(TRANSFER_SORT, args.sort, args.desc, 'createdAt'), ...pageWindow(args.first, args.offset) };
    if (!count) return { nodes: await this.ctx.em.find(Transfer, { $and: where } as never, opts), totalCount: -1 };
    const [nodes, totalCount] = await this.ctx.em.findAndCount(Transfer, { $and: where } as never, opts);
    return { nodes, totalCount };
  }

}
