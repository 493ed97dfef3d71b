import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import type { UpdateCampaign } from './campaign.entity.js';
import { CampaignService } from './campaign.service.js';
import type { CampaignKind } from './campaign-rules.js';
import { CampaignGql, CampaignProgressGql } from './campaign.types.js';

const toGql = (c: UpdateCampaign): CampaignGql => ({ id: c.id, kind: c.kind, year: c.year, title: c.title, opensOn: c.opensOn, deadline: c.deadline });

@Resolver()
export class CampaignResolver {
  @Query(() => CampaignGql, { description: '信息更新工作：不传参数时为当前一期' })
  async updateCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => String, { nullable: true, description: 'annual | half_year' }) kind?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<CampaignGql> {
    const svc = new CampaignService(ctx);
    return toGql(kind && year ? await svc.ensure(kind as CampaignKind, year) : await svc.current());
  }

  @Query(() => CampaignProgressGql, { description: '更新进度：本单位及直属下级单位，含滞后单位' })
  async campaignProgress(
    @Arg('campaignId', () => ID) campaignId: string,
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ): Promise<CampaignProgressGql> {
    const svc = new CampaignService(ctx);
    const campaign = await svc.get(campaignId);
    return { campaign: toGql(campaign), ...(await svc.progress(campaign, unitId)) };
  }

  @Mutation(() => CampaignGql, { description: '省级设定本省更新截止日期（不晚于国家规定）' })
  async setCampaignDeadline(@Arg('campaignId', () => ID) campaignId: string, @Arg('deadline') deadline: string, @Ctx() ctx: RequestContext): Promise<CampaignGql> {
    return toGql(await new CampaignService(ctx).setDeadline(campaignId, deadline));
  }
}
