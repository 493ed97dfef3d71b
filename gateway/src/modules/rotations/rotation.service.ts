import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { pageOrder, pageWindow, type PageArgs } from '../../platform/graphql/paging.js';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { Employment } from '../teachers/employment.entity.js';
import { authoritiesOf, hasOpenInterprovincialRequest, hasOpenMobilityCase, latestEffectiveDate, TransferService } from '../transfers/transfer.service.js';
import { Rotation } from './rotation.entity.js';
import { ROTATION_TRANSFER_WORKFLOW, ROTATION_WORKFLOW } from './rotation.workflow.js';
import { isValidRotationPeriod, periodsOverlap, ROTATION_STAGES } from './rotation-rules.js';

export interface InitiateRotationInput {
  teacherId: string;
  receivingSchoolId: string;
  startDate: string;
  endDate: string;
  personnelChange: boolean;
  reason?: string | null;
}

export interface RotationCount { unitId: string; unitName: string; sent: number; received: number; withPersonnelChange: number }

/** 交流轮岗: initiated by the sending school for its own teacher. */
/** The keys a rotation list sorts by. */
export const ROTATION_SORT = { startDate: 'startDate', endDate: 'endDate', createdAt: 'createdAt', teacherName: 'teacherName', status: 'status' } as const;
export type RotationSort = keyof typeof ROTATION_SORT;

export class RotationService {
  constructor(private readonly ctx: RequestContext) {}

  async initiate(input: InitiateRotationInput): Promise<Rotation> {
    const actor = requireActor(this.ctx);
    const teacher = await new TeacherService(this.ctx).get(input.teacherId);
    if (!canOn(this.ctx.ability, 'create', 'Rotation', { sendingScopePath: teacher.scopePath })) throw new AppError('FORBIDDEN');
    const open = await this.ctx.em.findOne(Employment, { teacher: teacher.id, endDate: null });
    if (!open || teacher.employmentStatus !== 'active') throw new AppError('ROTATION_NOT_APPLICABLE', { reason: 'not_active' });
    const sending = await this.ctx.em.findOneOrFail(Unit, { id: open.school.id });
    // The receiving school may be anywhere in the province: unit identities are not confidential.
    const receiving = await this.ctx.em.findOne(Unit, { id: input.receivingSchoolId, level: 'school', status: 'active' });
    if (!receiving) throw notFoundOrNoAccess();
    if (receiving.id === sending.id) throw new AppError('TRANSFER_SAME_SCHOOL');
    if (!ROTATION_STAGES.includes(sending.stage ?? '') || !ROTATION_STAGES.includes(receiving.stage ?? '')) throw new AppError('ROTATION_NOT_APPLICABLE', { reason: 'stage' });
    if (!isValidRotationPeriod(input.startDate, input.endDate)) throw new AppError('ROTATION_PERIOD_INVALID');
    if (input.startDate <= open.startDate || input.startDate > latestEffectiveDate()) {
      throw new AppError('DATE_INVALID', { field: 'startDate', after: open.startDate, to: latestEffectiveDate() });
    }
    const approved = await this.ctx.em.find(Rotation, { teacherId: teacher.id, status: { $in: ['approved', 'scheduled'] } });
    if (approved.some((r) => periodsOverlap(r, input))) throw new AppError('ROTATION_OVERLAP');
    if (await hasOpenMobilityCase(this.ctx, teacher.id) || await hasOpenInterprovincialRequest(this.ctx, teacher.id)) throw new AppError('TRANSFER_IN_PROGRESS');
    const [sendingAuthority, receivingAuthority] = await authoritiesOf(new UnitService(this.ctx), sending, receiving);
    const workflow = input.personnelChange ? ROTATION_TRANSFER_WORKFLOW : ROTATION_WORKFLOW;

    const rotation = this.ctx.em.create(Rotation, {
      teacherId: teacher.id, teacherNo: teacher.teacherNo, teacherName: teacher.name, sendingSchoolId: sending.id, receivingSchoolId: receiving.id,
      sendingScopePath: teacher.scopePath, receivingScopePath: receiving.path, partyPaths: [teacher.scopePath, receiving.path].join(' '),
      personnelChange: input.personnelChange, startDate: input.startDate, endDate: input.endDate, reason: input.reason?.trim() || null, initiatedBy: actor.accountId,
    });
    try {
      await this.ctx.em.transactional(async (tx) => {
        await tx.persist(rotation).flush();
        const c = await new ApprovalService(this.ctx).open({
          type: workflow.type, subjectType: 'Rotation', subjectId: rotation.id,
          parties: { sendingSchool: sending.id, sendingAuthority: sendingAuthority.id, receivingSchool: receiving.id, receivingAuthority: receivingAuthority.id },
          partyPaths: [teacher.scopePath, receiving.path],
          payload: { teacherNo: teacher.teacherNo, teacherName: teacher.name, sendingSchool: sending.name, receivingSchool: receiving.name, startDate: input.startDate, endDate: input.endDate, personnelChange: input.personnelChange },
        }, tx);
        rotation.caseId = c.id;
        await tx.flush();
        await appendAudit(tx, [actorEvent(this.ctx, { action: 'rotation.initiate', targetType: 'Rotation', targetId: rotation.id,
          detail: { teacherId: teacher.id, receivingSchoolId: receiving.id, personnelChange: input.personnelChange, caseId: c.id } })]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new AppError('TRANSFER_IN_PROGRESS');
      throw e;
    }
    return rotation;
  }

  async get(id: string): Promise<Rotation> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Rotation');
    const r = await this.ctx.em.findOne(Rotation, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!r) throw notFoundOrNoAccess();
    return r;
  }

  /** Cancels a rotation with a change of personnel relationship before its start date (as a transfer is cancelled). */
  async cancelScheduled(id: string, reason: string): Promise<Rotation> {
    const r = await this.get(id);
    if (r.status !== 'scheduled' || !r.transferId) throw new AppError('TRANSFER_NOT_SCHEDULED');
    await new TransferService(this.ctx).cancelScheduled(r.transferId, reason);
    return this.get(id);
  }

  /** The first `first` (1…200, else VALIDATION_FAILED, never cut to 200) rotations in scope; `year` selects those whose period touches that calendar year. */
  async list(args: { year?: number | null; status?: string | null; teacherId?: string | null; first: number }): Promise<Rotation[]> {
    return (await this.page({ ...args, offset: 0 }, false)).nodes;
  }

  /** A page of the rotations in scope, with the total (none is cut off): latest start first unless `sort` says otherwise. */
  async page(args: PageArgs<RotationSort> & { year?: number | null; status?: string | null; teacherId?: string | null }, count = true): Promise<{ nodes: Rotation[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'Rotation')];
    if (args.year != null) where.push({ startDate: { $lte: `${args.year}-12-31` }, endDate: { $gte: `${args.year}-01-01` } });
    if (args.status) where.push({ status: args.status });
    if (args.teacherId) where.push({ teacherId: args.teacherId });
    const opts = { orderBy: pageOrder(ROTATION_SORT, args.sort, args.desc, 'startDate'), ...pageWindow(args.first, args.offset) };
    if (!count) return { nodes: await this.ctx.em.find(Rotation, { $and: where } as never, opts), totalCount: -1 };
    const [nodes, totalCount] = await this.ctx.em.findAndCount(Rotation, { $and: where } as never, opts);
    return { nodes, totalCount };
  }


  /**
   * Approved rotations starting in `year`, per unit directly below `unitId` (or the school
   * itself): teachers sent out of, and received into, each unit's subtree.
   */
  async counts(year: number, unitId: string | null): Promise<RotationCount[]> {
    const actor = requireActor(this.ctx);
    requireScope(this.ctx.ability, 'read', 'Rotation');
    if (!Number.isInteger(year) || year < 1990 || year > 2100) throw new AppError('VALIDATION_FAILED', { field: 'year' });
    const unit = await new UnitService(this.ctx).get(unitId ?? actor.unitId);
    const children = await this.ctx.em.find(Unit, { parent: unit.id }, { orderBy: { code: 'asc' } });
    const groups = children.length ? children : [unit];
    const rows = await this.ctx.em.getConnection().execute<{ id: string; sent: string; received: string; changed: string }[]>(
      `select g.id,
              count(*) filter (where r.sending_scope_path like g.path || '%') as sent,
              count(*) filter (where r.receiving_scope_path like g.path || '%') as received,
              count(*) filter (where r.personnel_change and (r.sending_scope_path like g.path || '%' or r.receiving_scope_path like g.path || '%')) as changed
         from unit g
         left join rotation r on r.status in ('approved', 'scheduled') and r.start_date between ? and ?
              and (r.sending_scope_path like g.path || '%' or r.receiving_scope_path like g.path || '%')
        where g.id in (${groups.map(() => '?').join(', ')})
        group by g.id`,
      [`${year}-01-01`, `${year}-12-31`, ...groups.map((g) => g.id)]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    return groups.map((g) => {
      const r = byId.get(g.id);
      return { unitId: g.id, unitName: g.name, sent: Number(r?.sent ?? 0), received: Number(r?.received ?? 0), withPersonnelChange: Number(r?.changed ?? 0) };
    });
  }
}
