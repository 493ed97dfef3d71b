import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { errorMessage } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { CampaignService, type CampaignView } from './campaign.service.js';
import type { CampaignKind } from './campaign-rules.js';
import { CampaignConfirmationResult, CampaignGql, CampaignProgressGql, CampaignTeacherPage } from './campaign.types.js';

const toGql = ({ campaign: c, countyDeadline, effectiveDeadline }: CampaignView): CampaignGql => ({
  id: c.id, kind: c.kind, year: c.year, title: c.title, opensOn: c.opensOn, deadline: c.deadline, countyDeadline, effectiveDeadline,
});

@Resolver()
export class CampaignResolver {
  @Query(() => CampaignGql, { description: '信息更新工作：不传参数时为当前一期' })
  async updateCampaign(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => String, { nullable: true, description: 'annual | half_year' }) kind?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
  ): Promise<CampaignGql> {
    const svc = new CampaignService(ctx);
    return toGql(await svc.describe(kind && year ? await svc.ensure(kind as CampaignKind, year) : await svc.current()));
  }

  @Query(() => CampaignProgressGql, { description: '更新进度：本单位及直属下级单位，含滞后单位。教师本学段每个必填信息子集均在本期内录入或确认无变化，才算完成更新' })
  async campaignProgress(
    @Arg('campaignId', () => ID) campaignId: string,
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
  ): Promise<CampaignProgressGql> {
    const svc = new CampaignService(ctx);
    const campaign = await svc.get(campaignId);
    return { campaign: toGql(await svc.describe(campaign)), ...(await svc.progress(campaign, unitId)) };
  }

  @Query(() => CampaignTeacherPage, { description: '本期更新工作中的教师及其尚缺的必填信息子集（默认只列未完成更新的）' })
  async campaignTeachers(
    @Arg('campaignId', () => ID) campaignId: string,
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('pendingOnly', { defaultValue: true }) pendingOnly?: boolean,
    @Arg('first', () => Int, { defaultValue: 50 }) first?: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset?: number,
  ): Promise<CampaignTeacherPage> {
    const svc = new CampaignService(ctx);
    return svc.teachers(await svc.get(campaignId), unitId, pendingOnly ?? true, first ?? 50, offset ?? 0);
  }

  @Mutation(() => CampaignGql, { description: '省级设定本省更新截止日期（不晚于国家规定）' })
  async setCampaignDeadline(@Arg('campaignId', () => ID) campaignId: string, @Arg('deadline') deadline: string, @Ctx() ctx: RequestContext): Promise<CampaignGql> {
    const svc = new CampaignService(ctx);
    return toGql(await svc.describe(await svc.setDeadline(campaignId, deadline)));
  }

  @Mutation(() => CampaignGql, { description: '县（区）信息管理员设定本县（区）更早的截止日期（晚于开始日期、不晚于全省截止日期）；传空值恢复为全省截止日期' })
  async setCountyCampaignDeadline(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('deadline', () => String, { nullable: true }) deadline: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CampaignGql> {
    const svc = new CampaignService(ctx);
    return toGql(await svc.describe(await svc.setCountyDeadline(campaignId, deadline ?? null)));
  }

  @Mutation(() => [CampaignConfirmationResult], { description: '学校信息管理员批量确认教师信息无变化（确认无变化）：仅在本期更新时间内；不传信息子集时确认本学段全部必填子集' })
  async confirmArchiveUnchanged(
    @Arg('campaignId', () => ID) campaignId: string,
    @Arg('teacherIds', () => [ID]) teacherIds: string[],
    @Ctx() ctx: RequestContext,
    @Arg('infoSets', () => [String], { nullable: true }) infoSets?: string[] | null,
  ): Promise<CampaignConfirmationResult[]> {
    const results = await new CampaignService(ctx).confirmUnchanged(campaignId, teacherIds, infoSets);
    return results.map((r) => ({ teacherId: r.teacherId, ok: r.ok, code: r.code ?? null, message: r.code ? errorMessage(r.code) : null, infoSets: r.infoSets }));
  }
}
