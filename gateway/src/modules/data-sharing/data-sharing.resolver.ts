import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { requirePrincipal } from '../../platform/graphql/context.js';
import { ExportFieldGql } from '../exports/export.types.js';
import type { DataSharingApplication, SharingStatus } from './data-sharing.entity.js';
import { DataSharingService } from './data-sharing.service.js';
import { SHAREABLE_FIELDS } from './data-sharing-rules.js';
import { StatisticsDimension } from '../statistics/statistics-dimensions.js';
import { TeacherStatisticsGql } from '../statistics/statistics.types.js';
import {
  ApplyDataSharingInput, DataSharingApplicationGql, DataSharingApplicationPage, DataSharingCredentialGql, DataSharingUsePage, SharedTeacherPageGql,
} from './data-sharing.types.js';

const toGql = (a: DataSharingApplication, status: SharingStatus = a.status): DataSharingApplicationGql => ({
  id: a.id, departmentName: a.departmentName, departmentCode: a.departmentCode ?? null, contactName: a.contactName, contactPhone: a.contactPhone,
  purpose: a.purpose, fields: a.fields, scopeUnitId: a.scopeUnitId, authorityUnitId: a.authorityUnitId, filedBy: a.filedBy, startsAt: a.startsAt,
  expiresAt: a.expiresAt, status, expired: a.expiresAt.getTime() <= Date.now(), caseId: a.caseId ?? null, approvedAt: a.approvedAt ?? null,
  revokedAt: a.revokedAt ?? null, revokeReason: a.revokeReason ?? null, credentialIssuedAt: a.credentialIssuedAt ?? null,
});

async function shown(s: DataSharingService, apps: DataSharingApplication[]): Promise<DataSharingApplicationGql[]> {
  const status = await s.statusOf(apps);
  return apps.map((a) => toGql(a, status.get(a.id)));
}

@Resolver(() => DataSharingApplicationGql)
export class DataSharingResolver {
  @Query(() => [ExportFieldGql], { description: '可共享的信息项（证件号码及考核、待遇、师德信息不共享）' })
  shareableFields(@Ctx() ctx: RequestContext): ExportFieldGql[] {
    requirePrincipal(ctx);
    return SHAREABLE_FIELDS.map((f) => ({ key: f.key, header: f.header }));
  }

  @Mutation(() => DataSharingApplicationGql, { description: '提交信息共享申请（教育行政部门的信息查询员代申请部门填报），由本部门信息管理员审核' })
  async applyDataSharing(@Arg('input', () => ApplyDataSharingInput) input: ApplyDataSharingInput, @Ctx() ctx: RequestContext): Promise<DataSharingApplicationGql> {
    return toGql(await new DataSharingService(ctx).apply(input));
  }

  @Query(() => DataSharingApplicationPage, { description: '信息共享申请：本单位及下级单位的' })
  async dataSharingApplications(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<DataSharingApplicationPage> {
    const s = new DataSharingService(ctx);
    const page = await s.list(first, offset);
    return { nodes: await shown(s, page.nodes), totalCount: page.totalCount };
  }

  @Query(() => DataSharingApplicationGql)
  async dataSharingApplication(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<DataSharingApplicationGql> {
    const s = new DataSharingService(ctx);
    return (await shown(s, [await s.get(id)]))[0]!;
  }

  @Mutation(() => DataSharingCredentialGql, { description: '签发共享凭证（申请经办人，审核通过后；再次签发则旧凭证失效）' })
  async issueDataSharingCredential(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<DataSharingCredentialGql> {
    const { application, credential } = await new DataSharingService(ctx).issueCredential(id);
    return { application: toGql(application), credential };
  }

  @Mutation(() => DataSharingApplicationGql, { description: '终止共享（审核部门的信息管理员）' })
  async revokeDataSharing(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<DataSharingApplicationGql> {
    return toGql(await new DataSharingService(ctx).revoke(id, reason));
  }

  @Query(() => SharedTeacherPageGql, { description: '申请部门凭共享凭证读取教师信息（无需登录；仅批准的信息项、范围和期限；每次使用均登记）' })
  async sharedTeachers(
    @Arg('credential') credential: string, @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<SharedTeacherPageGql> {
    const r = await new DataSharingService(ctx).sharedTeachers(credential, 'graphql', { first, offset });
    return { departmentName: r.application.departmentName, purpose: r.application.purpose, expiresAt: r.application.expiresAt, columns: r.headers, totalCount: r.totalCount, rows: r.rows };
  }

  @Query(() => TeacherStatisticsGql, { description: '申请部门凭共享凭证读取统计数（无需登录；仅按批准的信息项分组，小数值单元格一律抑制；每次使用均登记）' })
  async sharedStatistics(
    @Arg('credential') credential: string,
    @Arg('dimensions', () => [StatisticsDimension], { description: '分组维度（最多4个；须在批准的信息项内）' }) dimensions: StatisticsDimension[],
    @Ctx() ctx: RequestContext,
  ): Promise<TeacherStatisticsGql> {
    return (await new DataSharingService(ctx).sharedStatistics(credential, dimensions)).result;
  }

  @FieldResolver(() => DataSharingUsePage, { description: '使用记录（成功与被拒绝的）' })
  async uses(@Root() a: DataSharingApplicationGql, @Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 100 }) first = 100): Promise<DataSharingUsePage> {
    const page = await new DataSharingService(ctx).uses(a.id, first);
    return { totalCount: page.totalCount, nodes: page.nodes.map((u) => ({ id: u.id, at: u.at, channel: u.channel, outcome: u.outcome, code: u.code ?? null, rowCount: u.rowCount, fields: u.fields, ip: u.ip ?? null })) };
  }
}
