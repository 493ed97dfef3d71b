import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import { actorOf } from '../graphql/actor.js';
import { ApprovalCase } from './approval.entity.js';
import { ApprovalService } from './approval.service.js';
import { ApprovalCaseGql, ApprovalInboxGql, NotificationGql } from './approval.types.js';
import { getWorkflow, type ApprovalAction } from './workflow-definition.js';

/** The GraphQL shape of a case with its recorded steps (business modules reuse it). */
export async function toGql(s: ApprovalService, c: ApprovalCase): Promise<ApprovalCaseGql> {
  const def = getWorkflow(c.type);
  const steps = await s.steps(c.id);
  // Who acted, by name, for the unit the step was taken for (as the paper form carries signatures);
  // one batched query per request for all steps shown.
  const [initiator, ...actors] = await Promise.all([actorOf(s.context, c.initiatedBy, c.createdAt, { unitId: c.initiatingUnitId }),
    ...steps.map((r) => actorOf(s.context, r.actorId, r.at, { unitId: r.actorUnitId }))]);
  return {
    id: c.id, type: c.type, typeName: def?.name ?? c.type, subjectType: c.subjectType, subjectId: c.subjectId, status: c.status, currentStep: c.currentStep,
    currentStepName: c.status === 'in_progress' ? def?.steps[c.currentStep]?.name ?? null : null, parties: c.parties,
    initiatedBy: c.initiatedBy, initiatingUnitId: c.initiatingUnitId, initiator, payload: c.payload ?? null, version: c.version, createdAt: c.createdAt, updatedAt: c.updatedAt,
    steps: steps.map((r, i) => ({ id: r.id, stepIndex: r.stepIndex, stepKey: r.stepKey, action: r.action, actorId: r.actorId, actorUnitId: r.actorUnitId,
      actorName: actors[i]?.name ?? null, actorUnitName: actors[i]?.unitName ?? null, actor: actors[i] ?? null, comment: r.comment ?? null, at: r.at })),
  };
}

@Resolver()
export class ApprovalResolver {
  @Query(() => ApprovalInboxGql, { description: '待我审批：当前环节由本单位本角色办理的事项，含等待天数与各类数量' })
  async approvalInbox(@Ctx() ctx: RequestContext): Promise<ApprovalInboxGql> {
    const s = new ApprovalService(ctx);
    const inbox = await s.inbox();
    return { counts: inbox.counts, items: await Promise.all(inbox.items.map(async (i) => ({ daysPending: i.daysPending, approvalCase: await toGql(s, i.approvalCase) }))) };
  }

  @Query(() => ApprovalCaseGql, { description: '审批事项详情（发起人及各方单位和上级可见）' })
  async approvalCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApprovalCaseGql> {
    const s = new ApprovalService(ctx);
    return toGql(s, await s.get(id));
  }

  @Mutation(() => ApprovalCaseGql, { description: '同意（进入下一环节或办结）' })
  approveCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Arg('comment', () => String, { nullable: true }) comment?: string, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<ApprovalCaseGql> {
    return this.act(ctx, id, 'approve', comment, version);
  }

  @Mutation(() => ApprovalCaseGql, { description: '退回（须填写原因，流程结束）' })
  returnCase(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<ApprovalCaseGql> {
    return this.act(ctx, id, 'return', reason, version);
  }

  @Mutation(() => ApprovalCaseGql, { description: '发起人撤回' })
  withdrawCase(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<ApprovalCaseGql> {
    return this.act(ctx, id, 'withdraw', null, version);
  }

  @Mutation(() => ApprovalCaseGql, { description: '撤销（发起人或发起单位管理员，须填写原因）' })
  cancelCase(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext, @Arg('version', () => Int, { nullable: true }) version?: number): Promise<ApprovalCaseGql> {
    return this.act(ctx, id, 'cancel', reason, version);
  }

  @Query(() => [NotificationGql], { description: '站内通知（发给本人或本单位本角色）；unreadOnly 只列未读且未办结的' })
  async notifications(@Ctx() ctx: RequestContext, @Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean): Promise<NotificationGql[]> {
    const rows = await new ApprovalService(ctx).notifications(unreadOnly);
    // What each notice is about, so the portal can open it: one query for all cases named.
    const caseIds = [...new Set(rows.flatMap((n) => (n.caseId ? [n.caseId] : [])))];
    const subjects = caseIds.length
      ? new Map((await ctx.em.find(ApprovalCase, { id: { $in: caseIds } }, { fields: ['id', 'subjectType', 'subjectId'] })).map((c) => [c.id, c]))
      : new Map<string, ApprovalCase>();
    return rows.map((n) => {
      const c = n.caseId ? subjects.get(n.caseId) : undefined;
      return { id: n.id, kind: n.kind, message: n.message, caseId: n.caseId ?? null, subjectType: n.subjectType ?? c?.subjectType ?? null, subjectId: n.subjectId ?? c?.subjectId ?? null, createdAt: n.createdAt, readAt: n.readAt ?? null, doneAt: n.doneAt ?? null };
    });
  }

  @Mutation(() => Int, { description: '标记通知为已读，返回标记条数' })
  markNotificationsRead(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: RequestContext): Promise<number> {
    return new ApprovalService(ctx).markNotificationsRead(ids);
  }

  private async act(ctx: RequestContext, id: string, action: ApprovalAction, comment: string | null | undefined, version: number | undefined): Promise<ApprovalCaseGql> {
    const s = new ApprovalService(ctx);
    return toGql(s, await s.act(id, action, comment, version));
  }
}
