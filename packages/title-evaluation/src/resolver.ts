import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ApprovalCaseGql, ApprovalService, approvalCaseToGql, AppError, type RequestContext } from '@tmis/gateway/sdk';
import type { TitleNomination, TitleQuota, TitleRound } from './entities.js';
import { NominationService } from './nomination.service.js';
import { METHOD, QuotaService, TITLE_QUOTA_SORT, type TitleQuotaSort } from './quota.service.js';
import {
  OpenTitleRoundInput, TitleConditionGql, TitleEligibilityGql, TitleNominationGql, TitleNominationPageGql, TitleQuotaAllocationGql, TitleQuotaGql, TitleQuotaPageGql, TitleRoundGql,
} from './types.js';

const roundGql = (r: TitleRound): TitleRoundGql => ({
  id: r.id, year: r.year, name: r.name, titles: r.titles, nominationStart: r.nominationStart, nominationEnd: r.nominationEnd, totalQuota: r.totalQuota,
  minYearsInTitle: r.minYearsInTitle, assessmentYears: r.assessmentYears, status: r.status, createdAt: r.createdAt,
});

const quotaGql = (q: TitleQuota): TitleQuotaGql => ({
  id: q.id, roundId: q.roundId, unitId: q.unitId, unitName: q.unitName, unitCode: q.unitCode, unitLevel: q.unitLevel, parentQuotaId: q.parentQuotaId ?? null,
  quota: q.quota, used: q.used, allocatedDown: q.allocatedDown, available: q.quota - q.used - q.allocatedDown, headcount: q.headcount,
  exactQuota: q.exactQuota, floor: q.floorPart, remainder: q.remainder, remainderRank: q.remainderRank ?? null, fromRemainder: q.fromRemainder,
});

const nominationGql = (n: TitleNomination): TitleNominationGql => ({
  id: n.id, roundId: n.roundId, teacherId: n.teacherId, teacherNo: n.teacherNo, teacherName: n.teacherName, schoolId: n.schoolId, schoolName: n.schoolName, scopePath: n.scopePath,
  currentTitle: n.currentTitle ?? null, targetTitle: n.targetTitle, conditions: n.conditions as TitleConditionGql[], status: n.status,
  closeReason: n.closeReason ?? null, caseId: n.caseId ?? null, archiveRecordId: n.archiveRecordId ?? null, createdAt: n.createdAt,
});

@Resolver()
export class TitleRoundResolver {
  @Query(() => [TitleRoundGql], { description: '职称评审轮次' })
  async titleRounds(@Ctx() ctx: RequestContext): Promise<TitleRoundGql[]> {
    return (await new QuotaService(ctx).rounds()).map(roundGql);
  }

  @Query(() => TitleRoundGql)
  async titleRound(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TitleRoundGql> {
    return roundGql(await new QuotaService(ctx).round(id));
  }

  @Mutation(() => TitleRoundGql, { description: '开启评审轮次并按在岗人数把名额分配给下级单位（省级信息管理员）' })
  async openTitleRound(@Arg('input', () => OpenTitleRoundInput) input: OpenTitleRoundInput, @Ctx() ctx: RequestContext): Promise<TitleRoundGql> {
    return roundGql(await new QuotaService(ctx).openRound(input));
  }

  @Mutation(() => TitleRoundGql, { description: '结束评审轮次（不再接受推荐）' })
  async closeTitleRound(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TitleRoundGql> {
    return roundGql(await new QuotaService(ctx).closeRound(id));
  }

  @Query(() => [TitleQuotaGql], {
    description: '名额（管辖范围内）；给出 parentUnitId 时为该单位名额及其下分。至多 2000 条，超过时报 LIST_TOO_LARGE；分页请用 titleQuotaPage',
    deprecationReason: '用 titleQuotaPage（分页、含总数、可排序）',
  })
  async titleQuotas(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: RequestContext, @Arg('parentUnitId', () => ID, { nullable: true }) parentUnitId?: string): Promise<TitleQuotaGql[]> {
    return (await new QuotaService(ctx).quotas(roundId, parentUnitId)).map(quotaGql);
  }

  @Query(() => TitleQuotaPageGql, {
    description: `名额分页（管辖范围内），含总数；给出 parentUnitId 时为该单位分给直接下级的名额（不含本单位）。sort: ${Object.keys(TITLE_QUOTA_SORT).join(' | ')}（默认 unitPath，即单位层级顺序），desc 默认 false`,
  })
  async titleQuotaPage(
    @Arg('roundId', () => ID) roundId: string, @Ctx() ctx: RequestContext,
    @Arg('parentUnitId', () => ID, { nullable: true }) parentUnitId?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
    @Arg('sort', () => String, { nullable: true }) sort?: string,
    @Arg('desc', () => Boolean, { nullable: true }) desc?: boolean,
  ): Promise<TitleQuotaPageGql> {
    const page = await new QuotaService(ctx).page(roundId, parentUnitId, { first, offset, sort: sort as TitleQuotaSort | undefined, desc });
    return { nodes: page.nodes.map(quotaGql), totalCount: page.totalCount };
  }

  @Query(() => TitleQuotaGql, { nullable: true, description: '本单位推荐所用的名额（本单位或上级的名额行）' })
  async titleQuotaForMe(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: RequestContext): Promise<TitleQuotaGql | null> {
    const q = await new QuotaService(ctx).drawnQuota(roundId);
    return q ? quotaGql(q) : null;
  }

  @Query(() => TitleQuotaAllocationGql, { description: '一个单位名额的分配计算过程（最大余额法）' })
  async titleQuotaAllocation(@Arg('roundId', () => ID) roundId: string, @Arg('unitId', () => ID) unitId: string, @Ctx() ctx: RequestContext): Promise<TitleQuotaAllocationGql> {
    const { own, rows: children } = await new QuotaService(ctx).allocationRows(roundId, unitId);
    // leftover as at allocation time: seats handed out by remainder.
    const leftover = children.reduce((n, r) => n + r.fromRemainder, 0);
    return { own: quotaGql(own), rows: children.map(quotaGql), rowCount: children.length, totalHeadcount: children.reduce((n, r) => n + r.headcount, 0), leftover, method: METHOD };
  }

  @Mutation(() => TitleQuotaGql, { description: '把本单位名额按在岗人数再分配给直接下级（市、县信息管理员）' })
  async allocateTitleQuota(@Arg('roundId', () => ID) roundId: string, @Arg('unitId', () => ID) unitId: string, @Arg('total', () => Int) total: number, @Ctx() ctx: RequestContext): Promise<TitleQuotaGql> {
    return quotaGql(await new QuotaService(ctx).allocate(roundId, unitId, total));
  }
}

@Resolver(() => TitleNominationGql)
export class TitleNominationResolver {
  @Query(() => TitleEligibilityGql, { description: '申报资格核验：依据档案逐项显示条件与原因' })
  async titleEligibility(@Arg('roundId', () => ID) roundId: string, @Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext,
    @Arg('targetTitle', () => String, { nullable: true }) targetTitle?: string): Promise<TitleEligibilityGql> {
    return new NominationService(ctx).eligibility(roundId, teacherId, targetTitle);
  }

  @Query(() => TitleNominationPageGql, { description: '推荐名单分页（管辖范围内），最新在前，含总数' })
  async titleNominationPage(
    @Arg('roundId', () => ID) roundId: string, @Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<TitleNominationPageGql> {
    const page = await new NominationService(ctx).page(roundId, status, first, offset);
    return { nodes: page.nodes.map(nominationGql), totalCount: page.totalCount };
  }

  @Query(() => [TitleNominationGql], {
    description: '推荐名单（管辖范围内）。至多 500 条，超过时报 LIST_TOO_LARGE；分页请用 titleNominationPage',
    deprecationReason: '用 titleNominationPage（分页、含总数）',
  })
  async titleNominations(@Arg('roundId', () => ID) roundId: string, @Ctx() ctx: RequestContext, @Arg('status', () => String, { nullable: true }) status?: string): Promise<TitleNominationGql[]> {
    return (await new NominationService(ctx).list(roundId, status)).map(nominationGql);
  }

  @Mutation(() => TitleNominationGql, { description: '推荐教师参加评审（学校信息管理员，占用本单位名额）' })
  async nominateForTitle(@Arg('roundId', () => ID) roundId: string, @Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext,
    @Arg('targetTitle', () => String, { nullable: true }) targetTitle?: string): Promise<TitleNominationGql> {
    return nominationGql(await new NominationService(ctx).nominate(roundId, teacherId, targetTitle));
  }

  @Mutation(() => TitleNominationGql, { description: '撤回推荐（审核中），名额释放' })
  async withdrawTitleNomination(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Arg('reason', () => String, { nullable: true }) reason?: string): Promise<TitleNominationGql> {
    return nominationGql(await new NominationService(ctx).withdraw(id, reason));
  }

  @FieldResolver(() => ApprovalCaseGql, { nullable: true })
  async approvalCase(@Root() n: TitleNominationGql, @Ctx() ctx: RequestContext): Promise<ApprovalCaseGql | null> {
    if (!n.caseId) return null;
    const s = new ApprovalService(ctx);
    try {
      return await approvalCaseToGql(s, await s.get(n.caseId));
    } catch (e) {
      if (e instanceof AppError) return null;
      throw e;
    }
  }
}
