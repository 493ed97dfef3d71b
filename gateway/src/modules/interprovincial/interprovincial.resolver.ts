import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import type { InterprovincialTransfer } from './interprovincial-transfer.entity.js';
import { InterprovincialService } from './interprovincial.service.js';
import { InitiateInterprovincialTransferInput, InterprovincialTransferGql, InterprovincialTransferPageGql } from './interprovincial.types.js';

const toGql = (t: InterprovincialTransfer): InterprovincialTransferGql => ({
  id: t.id, direction: t.direction, fromProvince: t.fromProvince, toProvince: t.toProvince, teacherId: t.teacherId ?? null, teacherNo: t.teacherNo ?? null,
  teacherName: t.teacherName, toUnitName: t.toUnitName, effectiveDate: t.effectiveDate, reason: t.reason ?? null, status: t.status,
  closeReason: t.closeReason ?? null, caseId: t.caseId ?? null, completedAt: t.completedAt ?? null, createdAt: t.createdAt,
});

@Resolver()
export class InterprovincialResolver {
  @Mutation(() => InterprovincialTransferGql, { description: '发起跨省调入（调入学校信息管理员）：经本省主管部门审批后由全国系统转至调出省' })
  async initiateInterprovincialTransfer(@Arg('input') input: InitiateInterprovincialTransferInput, @Ctx() ctx: RequestContext): Promise<InterprovincialTransferGql> {
    return toGql(await new InterprovincialService(ctx).initiate(input));
  }

  @Mutation(() => InterprovincialTransferGql, { description: '调出学校同意跨省调出，提交主管部门审批' })
  async acceptInterprovincialTransfer(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<InterprovincialTransferGql> {
    return toGql(await new InterprovincialService(ctx).accept(id));
  }

  @Mutation(() => InterprovincialTransferGql, { description: '调出学校不同意跨省调出（须说明原因）' })
  async declineInterprovincialTransfer(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<InterprovincialTransferGql> {
    return toGql(await new InterprovincialService(ctx).decline(id, reason));
  }

  @Query(() => InterprovincialTransferPageGql, { description: '管辖范围内的跨省调动，分页并给出总数，最新在前' })
  async interprovincialTransferPage(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<InterprovincialTransferPageGql> {
    const page = await new InterprovincialService(ctx).page(status ?? null, first, offset);
    return { nodes: page.nodes.map(toGql), totalCount: page.totalCount };
  }

  @Query(() => [InterprovincialTransferGql], {
    description: '管辖范围内的跨省调动，最新在前。至多 200 条，超过时报 LIST_TOO_LARGE；分页请用 interprovincialTransferPage',
    deprecationReason: '用 interprovincialTransferPage（分页、含总数）',
  })
  async interprovincialTransfers(@Ctx() ctx: RequestContext, @Arg('status', () => String, { nullable: true }) status?: string): Promise<InterprovincialTransferGql[]> {
    return (await new InterprovincialService(ctx).list(status ?? null)).map(toGql);
  }
}
