import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import { actorOf } from '../graphql/actor.js';
import { ApprovalCase } from './approval.entity.js';
import { ApprovalService, type InboxItem } from './approval.service.js';
import { ApprovalCaseGql, ApprovalInboxGql, ApprovalInboxItemGql, ApprovalInboxPageGql, NotificationGql, NotificationPageGql } from './approval.types.js';
import type { Notification } from './notification.entity.js';
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

/** Notices as GraphQL, with what each is about (so the portal can open it): one query for all cases named. */
async function noticesToGql(ctx: RequestContext, rows: Notification[]): Promise<NotificationGql[]> {
  const caseIds = [...new Set(rows.flatMap((n) => (n.caseId ? [n.caseId] : [])))];
  const subjects = caseIds.length
    ? new Map((await ctx.em.find(ApprovalCase, { id: { $in: caseIds } }, { fields: ['id', 'subjectType', 'subjectId'] })).map((c) => [c.id, c]))
    : new Map<string, ApprovalCase>();
  return rows.map((n) => {
    const c = n.caseId ? subjects.get(n.caseId) : undefined;
    return { id: n.id, kind: n.kind, message: n.message, caseId: n.caseId ?? null, subjectType: n.subjectType ?? c?.subjectType ?? null, subjectId: n.subjectId ?? c?.subjectId ?? null, createdAt: n.createdAt, readAt: n.readAt ?? null, doneAt: n.doneAt ?? null };
  });
}

async function inboxItemsToGql(s: ApprovalService, items: InboxItem[]): Promise<ApprovalInboxItemGql[]> {
  return Promise.all(items.map(async (i) => ({ daysPending: i.daysPending, approvalCase: await toGql(s, i.approvalCase) })));
}

/** `approvalInbox { items }`: read only when asked, so `{ counts }` (the home) never meets the items' cap. */
@Resolver(() => ApprovalInboxGql)
export class ApprovalInboxResolver {
  @FieldResolver(() => [ApprovalInboxItemGql], { description: '最早的在前，至多 500 条；超过时报 LIST_TOO_LARGE，分页请用 approvalInboxPage' })
  async items(@Ctx() ctx: RequestContext): Promise<ApprovalInboxItemGql[]> {
    const s = new ApprovalService(ctx);
    return inboxItemsToGql(s, await s.inboxItems());
  }
}

@Resolver()
export class ApprovalResolver {
  @Query(() => ApprovalInboxGql, {
    description: '待我审批：当前环节由本单位本角色办理的事项（items 最早的在前，至多 500 条，超过时报 LIST_TOO_LARGE；分页请用 approvalInboxPage），counts 为各类全部数量',
  })
  async approvalInbox(@Ctx() ctx: RequestContext): Promise<ApprovalInboxGql> {
    // items are read only when asked for (ApprovalInboxResolver): the counts alone never hit the cap.
    return { counts: await new ApprovalService(ctx).inboxCounts() } as ApprovalInboxGql;
  }

  @Query(() => ApprovalInboxPageGql, {
    description: '待我审批分页：当前环节由本单位本角色办理的事项，等待最久的在前，含总数；types 只列这些流程类型（如本模块的），counts 为各类全部数量（不受 types 限制）',
  })
  async approvalInboxPage(
    @Ctx() ctx: RequestContext,
    @Arg('types', () => [String], { nullable: true }) types?: string[],
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<ApprovalInboxPageGql> {
    const s = new ApprovalService(ctx);
    const [page, counts] = await Promise.all([s.inboxPage(types ?? null, first, offset), s.inboxCounts()]);
    return { nodes: await inboxItemsToGql(s, page.nodes), totalCount: page.totalCount, counts };
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

  @Query(() => [NotificationGql], {
    description: '站内通知（发给本人或本单位本角色）；unreadOnly 只列未读且未办结的。至多 200 条，超过时报 LIST_TOO_LARGE；分页请用 notificationPage',
    deprecationReason: '用 notificationPage（分页、含总数）；未读数用 unreadNotificationCount',
  })
  async notifications(@Ctx() ctx: RequestContext, @Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean): Promise<NotificationGql[]> {
    return noticesToGql(ctx, await new ApprovalService(ctx).notifications(unreadOnly));
  }

  @Query(() => NotificationPageGql, { description: '站内通知分页（发给本人或本单位本角色），最新在前，含总数；unreadOnly 只列未读且未办结的' })
  async notificationPage(
    @Ctx() ctx: RequestContext,
    @Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
  ): Promise<NotificationPageGql> {
    const page = await new ApprovalService(ctx).notificationPage(unreadOnly, first, offset);
    return { nodes: await noticesToGql(ctx, page.nodes), totalCount: page.totalCount };
  }

  @Query(() => Int, { description: '未读且未办结的站内通知条数（首页“未读通知”）' })
  unreadNotificationCount(@Ctx() ctx: RequestContext): Promise<number> {
    return new ApprovalService(ctx).unreadNotificationCount();
  }

  @Mutation(() => Int, { description: '标记通知为已读，返回标记条数' })
  markNotificationsRead(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: RequestContext): Promise<number> {
    return new ApprovalService(ctx).markNotificationsRead(ids);
  }

  @Mutation(() => Int, { description: '把发给本人或本单位本角色的未读通知全部标为已读（不限于当前页），返回标记条数' })
  markAllNotificationsRead(@Ctx() ctx: RequestContext): Promise<number> {
    return new ApprovalService(ctx).markAllNotificationsRead();
  }

  private async act(ctx: RequestContext, id: string, action: ApprovalAction, comment: string | null | undefined, version: number | undefined): Promise<ApprovalCaseGql> {
    const s = new ApprovalService(ctx);
    return toGql(s, await s.act(id, action, comment, version));
  }
}
