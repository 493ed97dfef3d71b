import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { pageWindow, withinCap, type ListCap } from '../../platform/graphql/paging.js';
import { isIdDocumentType, isRealDate, todayInChina, validateIdDocument } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { comparisonHash } from '../../platform/sync/signing.js';
import { uuidv7 } from '../../platform/ids.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { hasOpenMobilityCase, latestEffectiveDate } from '../transfers/transfer.service.js';
import { agentOf } from '../sync/sync.setup.js';
import { enqueueMessage } from '../sync/snapshot.js';
import { InterprovincialTransfer } from './interprovincial-transfer.entity.js';
import { INTERPROVINCIAL_IN_WORKFLOW, INTERPROVINCIAL_OUT_WORKFLOW } from './interprovincial.workflow.js';
import './interprovincial.handlers.js';

/** The unpaged `interprovincialTransfers` (kept for API users): at most 200 rows, an error above (LIST_TOO_LARGE). */
export const INTERPROVINCIAL_LIST_CAP: ListCap = { cap: 200, paged: 'interprovincialTransferPage' };

export interface InitiateInterprovincialInput {
  fromProvinceCode: string;
  idType: string;
  idNumber: string;
  name: string;
  toUnitId: string;
  effectiveDate: string;
  reason?: string | null;
}

/** 跨省调动: the receiving province's side (initiate) and the releasing province's side (accept, decline). */
export class InterprovincialService {
  constructor(private readonly ctx: RequestContext) {}

  private requireSync(): { registryKey: Buffer } {
    const c = this.ctx.runtime.config;
    if (c.mode !== 'province' || !agentOf(this.ctx.runtime) || !c.registryKey) throw new AppError('INTERPROVINCIAL_SYNC_DISABLED');
    return { registryKey: c.registryKey };
  }

  /**
   * The receiving school names the person by document and name, as on the paper form; the
   * national registry finds them by the comparison hash, so the number never leaves in clear.
   */
  async initiate(input: InitiateInterprovincialInput): Promise<InterprovincialTransfer> {
    const actor = requireActor(this.ctx);
    const { registryKey } = this.requireSync();
    const own = this.ctx.runtime.config.provinceCode;
    const units = new UnitService(this.ctx);
    const toUnit = await units.get(input.toUnitId);
    if (toUnit.level !== 'school' && toUnit.level !== 'department') throw new AppError('TEACHER_NOT_SCHOOL');
    if (!canOn(this.ctx.ability, 'create', 'Transfer', { toScopePath: toUnit.path })) throw new AppError('FORBIDDEN');
    if (!/^\d{2}0000$/.test(input.fromProvinceCode)) throw new AppError('VALIDATION_FAILED', { field: 'fromProvinceCode' });
    if (input.fromProvinceCode === own) throw new AppError('INTERPROVINCIAL_SAME_PROVINCE', { flow: 'transfer', mutation: 'initiateTransfer' });
    if (!isIdDocumentType(input.idType)) throw new AppError('ID_DOCUMENT_TYPE', { field: 'idType' });
    const doc = validateIdDocument(input.idType, input.idNumber);
    if (!doc.ok) throw new AppError(doc.code, { field: doc.field ?? 'idNumber' });
    if (!isRealDate(input.effectiveDate) || input.effectiveDate <= todayInChina() || input.effectiveDate > latestEffectiveDate()) {
      throw new AppError('DATE_INVALID', { field: 'effectiveDate', to: latestEffectiveDate() });
    }
    const local = await this.ctx.em.findOne(Teacher, { idNumberHash: new TeacherService(this.ctx).documentHashes(input.idType, doc.normalized) });
    // A teacher this province released earlier may be asked back; anyone else here is an ordinary transfer.
    const released = local ? (await this.ctx.em.getConnection().execute(`select 1 from sync_released where teacher_id = ?`, [local.id])).length > 0 : false;
    if (local && !released) throw new AppError('INTERPROVINCIAL_LOCAL_TEACHER', { flow: 'transfer', mutation: 'initiateTransfer' });
    const toSchool = toUnit.level === 'school' ? toUnit : await this.ctx.em.findOneOrFail(Unit, { id: toUnit.parent!.id });
    const authority = await units.supervisingAuthority(toSchool);
    if (!authority) throw new AppError('TRANSFER_NO_AUTHORITY');
    const [province] = await this.ctx.em.getConnection().execute<{ name: string }[]>(`select name from unit where level = 'province' and code = ?`, [own]);
    const t = this.ctx.em.create(InterprovincialTransfer, {
      direction: 'in', fromProvince: input.fromProvinceCode, toProvince: own, teacherName: input.name.trim(), idType: input.idType,
      comparisonHash: comparisonHash(registryKey, input.idType, doc.normalized), toUnitId: toUnit.id, toUnitName: `${province?.name ?? own} ${toUnit.name}`,
      partyPaths: toUnit.path, effectiveDate: input.effectiveDate, reason: input.reason?.trim() || null, status: 'in_progress', initiatedBy: actor.accountId,
    });
    try {
      await this.ctx.em.transactional(async (tx) => {
        await tx.persist(t).flush();
        const c = await new ApprovalService(this.ctx).open({
          type: INTERPROVINCIAL_IN_WORKFLOW.type, subjectType: 'InterprovincialTransfer', subjectId: t.id,
          parties: { receivingSchool: toSchool.id, receivingAuthority: authority.id }, partyPaths: [toUnit.path],
          payload: { teacherName: t.teacherName, fromProvince: t.fromProvince, toUnit: toUnit.name, effectiveDate: t.effectiveDate },
        }, tx);
        t.caseId = c.id;
        await tx.flush();
        await appendAudit(tx, [actorEvent(this.ctx, { action: 'interprovincial.initiate', targetType: 'InterprovincialTransfer', targetId: t.id,
          detail: { fromProvince: t.fromProvince, toUnitId: toUnit.id, caseId: c.id } })]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new AppError('INTERPROVINCIAL_IN_PROGRESS');
      throw e;
    }
    return t;
  }

  /** A request waiting at the releasing school, which the caller may act on (its own subtree). */
  private async receivedForCaller(id: string): Promise<InterprovincialTransfer> {
    const t = await this.get(id);
    if (t.direction !== 'out') throw notFoundOrNoAccess();
    // The releasing school's information admin: the same post that may start a transfer in its subtree.
    if (!canOn(this.ctx.ability, 'create', 'Transfer', { toScopePath: t.partyPaths })) throw new AppError('FORBIDDEN');
    if (t.status !== 'received') throw new AppError('INTERPROVINCIAL_NOT_PENDING', { status: t.status });
    return t;
  }

  /** The releasing school agrees (its approval) and the case goes to its supervising authority. */
  async accept(id: string): Promise<InterprovincialTransfer> {
    this.requireSync();
    const t = await this.receivedForCaller(id);
    // One move at a time: an open transfer or rotation inside the province comes first.
    if (await hasOpenMobilityCase(this.ctx, t.teacherId!)) throw new AppError('TRANSFER_IN_PROGRESS');
    const school = await this.ctx.em.findOneOrFail(Unit, { id: t.fromSchoolId! });
    const authority = await new UnitService(this.ctx).supervisingAuthority(school);
    if (!authority) throw new AppError('TRANSFER_NO_AUTHORITY');
    await this.ctx.em.transactional(async (tx) => {
      const c = await new ApprovalService(this.ctx).open({
        type: INTERPROVINCIAL_OUT_WORKFLOW.type, subjectType: 'InterprovincialTransfer', subjectId: t.id,
        parties: { releasingSchool: school.id, releasingAuthority: authority.id }, partyPaths: [t.partyPaths],
        payload: { teacherNo: t.teacherNo, teacherName: t.teacherName, toProvince: t.toProvince, toUnit: t.toUnitName, effectiveDate: t.effectiveDate },
      }, tx);
      Object.assign(t, { caseId: c.id, status: 'in_progress' });
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'interprovincial.accept', targetType: 'InterprovincialTransfer', targetId: t.id, detail: { caseId: c.id } })]);
    });
    return t;
  }

  async decline(id: string, reason: string): Promise<InterprovincialTransfer> {
    this.requireSync();
    if (!reason.trim()) throw new AppError('VALIDATION_FAILED', { field: 'reason' });
    const t = await this.receivedForCaller(id);
    await this.ctx.em.transactional(async (tx) => {
      Object.assign(t, { status: 'declined', closeReason: reason.trim() });
      await tx.flush();
      await enqueueMessage(tx, uuidv7(), { type: 'transfer_declined', transferId: t.id, reason: reason.trim() });
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'interprovincial.decline', targetType: 'InterprovincialTransfer', targetId: t.id, detail: { reason: reason.trim() } })]);
    });
    return t;
  }

  async get(id: string): Promise<InterprovincialTransfer> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Transfer');
    const t = await this.ctx.em.findOne(InterprovincialTransfer, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!t) throw notFoundOrNoAccess();
    return t;
  }

  /** Newest first: at most 200, refused above (LIST_TOO_LARGE); `page` lists them all. */
  async list(status: string | null): Promise<InterprovincialTransfer[]> {
    const page = await this.page(status, INTERPROVINCIAL_LIST_CAP.cap, 0);
    return withinCap(INTERPROVINCIAL_LIST_CAP, page.nodes, page.totalCount);
  }

  /** A page of the cross-province transfers in scope, newest first, with the total (issue 16.2). */
  async page(status: string | null, first: number, offset: number): Promise<{ nodes: InterprovincialTransfer[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'Transfer')];
    if (status) where.push({ status });
    const [nodes, totalCount] = await this.ctx.em.findAndCount(InterprovincialTransfer, { $and: where } as never,
      { orderBy: { createdAt: 'desc', id: 'desc' }, ...pageWindow(first, offset), refresh: true });
    return { nodes, totalCount };
  }
}
