import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { toGql as caseToGql } from '../../platform/approvals/approval.resolver.js';
import { ApprovalCaseGql } from '../../platform/approvals/approval.types.js';
import { UnitService } from '../units/unit.service.js';
import type { Transfer } from './transfer.entity.js';
import { TransferService, type TransferSort } from './transfer.service.js';
import { InitiateTransferInput, TransferGql, TransferPageGql } from './transfer.types.js';

async function toGql(ctx: RequestContext, t: Transfer): Promise<TransferGql> {
  const units = new UnitService(ctx);
  const [from, to] = await Promise.all([units.byId(t.fromSchoolId), units.byId(t.toUnitId)]);
  return {
    id: t.id, kind: t.kind, teacherId: t.teacherId, teacherNo: t.teacherNo, teacherName: t.teacherName,
    fromUnitId: t.fromUnitId, fromSchoolId: t.fromSchoolId, fromSchoolName: from?.name ?? '', toUnitId: t.toUnitId, toSchoolId: t.toSchoolId, toUnitName: to?.name ?? '',
    effectiveDate: t.effectiveDate, reason: t.reason ?? null, status: t.status, closeReason: t.closeReason ?? null, completedAt: t.completedAt ?? null,
    createdAt: t.createdAt, caseId: t.caseId ?? null,
  };
}

@Resolver(() => TransferGql)
export class TransferResolver {
  @Mutation(() => TransferGql, { description: '发起调动（调入学校信息管理员）：依次经调入学校主管部门、调出学校、调出学校主管部门审批后档案转移' })
  async initiateTransfer(@Arg('input') input: InitiateTransferInput, @Ctx() ctx: RequestContext): Promise<TransferGql> {
    return toGql(ctx, await new TransferService(ctx).initiate(input));
  }

  @Mutation(() => TransferGql, { description: '撤销已批准、尚未生效的调动（调入学校主管部门，须填写原因）；教师留在原学校' })
  async cancelTransfer(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<TransferGql> {
    return toGql(ctx, await new TransferService(ctx).cancelScheduled(id, reason));
  }

  @Query(() => TransferGql, { description: '调动详情（调入、调出各方及其上级可见）' })
  async transfer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TransferGql> {
    return toGql(ctx, await new TransferService(ctx).get(id));
  }

  @Query(() => [TransferGql], {
    description: '管辖范围内的调动（调入、调出或范围内部），最新的 first 条（1–200）；不给总数，分页请用 transferPage',
    deprecationReason: '用 transferPage（分页、含总数、可排序）',
  })
  async transfers(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('teacherId', () => ID, { nullable: true }) teacherId?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
  ): Promise<TransferGql[]> {
    const rows = await new TransferService(ctx).list({ status, teacherId, first: first ?? 50 });
    return Promise.all(rows.map((t) => toGql(ctx, t)));
  }

  @Query(() => TransferPageGql, { description: '管辖范围内的调动，分页并给出总数；sort: createdAt（默认）| effectiveDate | teacherName | status，desc 默认 true' })
  async transferPage(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('teacherId', () => ID, { nullable: true }) teacherId?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
    @Arg('sort', () => String, { nullable: true }) sort?: string,
    @Arg('desc', () => Boolean, { nullable: true }) desc?: boolean,
  ): Promise<TransferPageGql> {
    const page = await new TransferService(ctx).page({ status, teacherId, first, offset, sort: sort as TransferSort | undefined, desc });
    return { nodes: await Promise.all(page.nodes.map((t) => toGql(ctx, t))), totalCount: page.totalCount };
  }

  @FieldResolver(() => ApprovalCaseGql, { nullable: true })
  async approvalCase(@Root() t: TransferGql, @Ctx() ctx: RequestContext): Promise<ApprovalCaseGql | null> {
    if (!t.caseId) return null;
    const s = new ApprovalService(ctx);
    // The teacher concerned sees the transfer but not the authorities' case file.
    const c = await s.get(t.caseId).catch(() => null);
    return c ? caseToGql(s, c) : null;
  }
}
