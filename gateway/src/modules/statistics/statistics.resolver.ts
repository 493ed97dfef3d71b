import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { StatisticsDimension } from './statistics-dimensions.js';
import { StatisticsService } from './statistics.service.js';
import { TeacherStatisticsFilter, TeacherStatisticsGql } from './statistics.types.js';

@Resolver()
export class StatisticsResolver {
  @Query(() => TeacherStatisticsGql, { description: '教师统计：按任意维度组合分组计数（限于管辖范围；查询员看到的小数值单元格被抑制）' })
  async teacherStatistics(
    @Arg('dimensions', () => [StatisticsDimension], { description: '分组维度（最多4个，可为空：只要合计）' }) dimensions: StatisticsDimension[],
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true, description: '统计单位，默认本单位；CHILD_UNIT 按其直接下级分组' }) unitId?: string,
    @Arg('filter', () => TeacherStatisticsFilter, { nullable: true }) filter?: TeacherStatisticsFilter,
    @Arg('asOf', () => String, { nullable: true, description: '统计时点 YYYY-MM-DD，默认今天；过去的时点按任职记录统计' }) asOf?: string,
    @Arg('indicatorDimensions', () => [String], { nullable: true, description: '与 dimensions 中每个 INDICATOR 依次对应的省级指标代码' }) indicatorDimensions?: string[],
  ): Promise<TeacherStatisticsGql> {
    return new StatisticsService(ctx).teacherStatistics({ unitId, dimensions, filter, asOf, indicatorDimensions });
  }
}
