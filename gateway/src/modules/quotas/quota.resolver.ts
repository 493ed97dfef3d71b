import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { QuotaService } from './quota.service.js';
import { QuotaAllocationGql, QuotaBasis } from './quota.types.js';

@Resolver()
export class QuotaResolver {
  @Query(() => QuotaAllocationGql, { description: '指标分配：把总数按在岗人数分配给本单位的直接下级（最大余额法，展示计算过程；主管部门信息管理员）' })
  async allocateQuota(
    @Arg('unitId', () => ID) unitId: string,
    @Arg('total', () => Int, { description: '待分配总数（如评优名额、职称岗位数）' }) total: number,
    @Ctx() ctx: RequestContext,
    @Arg('basis', () => QuotaBasis, { nullable: true }) basis?: QuotaBasis,
  ): Promise<QuotaAllocationGql> {
    return new QuotaService(ctx).allocate(unitId, total, basis ?? QuotaBasis.ACTIVE_HEADCOUNT);
  }
}
