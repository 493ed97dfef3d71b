import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { WorkforceReportService } from './workforce-report.service.js';
import { WorkforceReport } from './workforce-report.types.js';

@Resolver()
export class WorkforceReportResolver {
  @Query(() => WorkforceReport, { description: '教师队伍建设报告数据（省、市、县教育行政部门的信息管理员、信息查询员）；可打印页面：/reports/workforce?unitId=&year=' })
  async workforceReport(@Arg('unitId', () => ID) unitId: string, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<WorkforceReport> {
    return new WorkforceReportService(ctx).build(unitId, year);
  }
}
