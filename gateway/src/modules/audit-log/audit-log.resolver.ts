import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditChainStatusGql, AuditExportGql, AuditRecordPage, AuditSearchFilter } from './audit-log.types.js';

@Resolver()
export class AuditLogResolver {
  @Query(() => AuditRecordPage, { description: '审计日志检索（限本单位及下级）：按操作人、操作、对象、单位、时间段筛选，分页' })
  auditEntries(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AuditSearchFilter, { nullable: true }) filter?: AuditSearchFilter,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<AuditRecordPage> {
    return new AuditLogService(ctx).search(filter, first, offset);
  }

  @Mutation(() => AuditExportGql, { description: '导出审计日志（CSV，限本单位及下级，最多5万条；安全审计员）；导出本身记入审计日志' })
  exportAuditLog(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => AuditSearchFilter, { nullable: true }) filter?: AuditSearchFilter,
  ): Promise<AuditExportGql> {
    return new AuditLogService(ctx).exportCsv(filter);
  }

  @Query(() => AuditChainStatusGql, { description: '校验审计日志哈希链（全链逐条重算）' })
  auditChainStatus(@Ctx() ctx: RequestContext): Promise<AuditChainStatusGql> {
    return new AuditLogService(ctx).chainStatus();
  }
}
