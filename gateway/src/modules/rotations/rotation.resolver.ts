import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { toGql as caseToGql } from '../../platform/approvals/approval.resolver.js';
import { ApprovalCaseGql } from '../../platform/approvals/approval.types.js';
import { UnitService } from '../units/unit.service.js';
import type { Rotation } from './rotation.entity.js';
import { RotationService, type RotationSort } from './rotation.service.js';
import { InitiateRotationInput, RotationCountGql, RotationGql, RotationPageGql } from './rotation.types.js';

async function toGql(ctx: RequestContext, r: Rotation): Promise<RotationGql> {
  const units = new UnitService(ctx);
  const [sending, receiving] = await Promise.all([units.byId(r.sendingSchoolId), units.byId(r.receivingSchoolId)]);
  return {
    id: r.id, teacherId: r.teacherId, teacherNo: r.teacherNo, teacherName: r.teacherName, sendingSchoolId: r.sendingSchoolId, sendingSchoolName: sending?.name ?? '',
    receivingSchoolId: r.receivingSchoolId, receivingSchoolName: receiving?.name ?? '', personnelChange: r.personnelChange, startDate: r.startDate, endDate: r.endDate,
    reason: r.reason ?? null, status: r.status, closeReason: r.closeReason ?? null, approvedAt: r.approvedAt ?? null, archiveRecordId: r.archiveRecordId ?? null,
    transferId: r.transferId ?? null, createdAt: r.createdAt, caseId: r.caseId ?? null,
  };
}

@Resolver(() => RotationGql)
export class RotationResolver {
  @Mutation(() => RotationGql, { description: '发起交流轮岗（派出学校信息管理员）' })
  async initiateRotation(@Arg('input') input: InitiateRotationInput, @Ctx() ctx: RequestContext): Promise<RotationGql> {
    return toGql(ctx, await new RotationService(ctx).initiate(input));
  }

  @Mutation(() => RotationGql, { description: '撤销已批准、尚未生效的转人事关系交流轮岗（派出学校主管部门，须填写原因）' })
  async cancelRotation(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<RotationGql> {
    return toGql(ctx, await new RotationService(ctx).cancelScheduled(id, reason));
  }

  @Query(() => RotationGql, { description: '交流轮岗详情' })
  async rotation(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<RotationGql> {
    return toGql(ctx, await new RotationService(ctx).get(id));
  }

  @Query(() => [RotationGql], {
    description: '管辖范围内的交流轮岗（派出或接收）的前 first 条（1–200），year 为交流期涉及的年度；不给总数，分页请用 rotationPage',
    deprecationReason: '用 rotationPage（分页、含总数、可排序）',
  })
  async rotations(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('teacherId', () => ID, { nullable: true }) teacherId?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
  ): Promise<RotationGql[]> {
    const rows = await new RotationService(ctx).list({ year, status, teacherId, first: first ?? 50 });
    return Promise.all(rows.map((r) => toGql(ctx, r)));
  }

  @Query(() => RotationPageGql, { description: '管辖范围内的交流轮岗，分页并给出总数；sort: startDate（默认）| endDate | createdAt | teacherName | status，desc 默认 true' })
  async rotationPage(
    @Ctx() ctx: RequestContext,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('teacherId', () => ID, { nullable: true }) teacherId?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
    @Arg('sort', () => String, { nullable: true }) sort?: string,
    @Arg('desc', () => Boolean, { nullable: true }) desc?: boolean,
  ): Promise<RotationPageGql> {
    const page = await new RotationService(ctx).page({ year, status, teacherId, first, offset, sort: sort as RotationSort | undefined, desc });
    return { nodes: await Promise.all(page.nodes.map((r) => toGql(ctx, r))), totalCount: page.totalCount };
  }

  @Query(() => [RotationCountGql], { description: '某年开始的已批准交流轮岗人数，按下级单位统计派出与接收' })
  rotationCounts(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext, @Arg('unitId', () => ID, { nullable: true }) unitId?: string): Promise<RotationCountGql[]> {
    return new RotationService(ctx).counts(year, unitId ?? null);
  }

  @FieldResolver(() => ApprovalCaseGql, { nullable: true })
  async approvalCase(@Root() r: RotationGql, @Ctx() ctx: RequestContext): Promise<ApprovalCaseGql | null> {
    if (!r.caseId) return null;
    const s = new ApprovalService(ctx);
    const c = await s.get(r.caseId).catch(() => null);
    return c ? caseToGql(s, c) : null;
  }
}
