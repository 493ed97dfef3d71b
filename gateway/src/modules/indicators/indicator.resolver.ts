import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import type { IndicatorDefinition } from './indicator.entity.js';
import { IndicatorService } from './indicator.service.js';
import { IndicatorDefinitionGql, IndicatorInput, IndicatorUpdateInput } from './indicator.types.js';

const toGql = (d: IndicatorDefinition): IndicatorDefinitionGql => ({
  id: d.id, code: d.code, label: d.label, labelEn: d.labelEn, type: d.type, codeItems: d.codeItems, required: d.required,
  schoolTypes: d.schoolTypes, teacherEditable: d.teacherEditable, status: d.status, version: d.version,
});

@Resolver()
export class IndicatorResolver {
  @Query(() => [IndicatorDefinitionGql], { description: '本省拓展指标' })
  async indicators(@Ctx() ctx: RequestContext, @Arg('includeRetired', () => Boolean, { defaultValue: false }) includeRetired = false): Promise<IndicatorDefinitionGql[]> {
    return (await new IndicatorService(ctx).list(includeRetired)).map(toGql);
  }

  @Mutation(() => IndicatorDefinitionGql, { description: '新增省级拓展指标（省级信息管理员），即时生效，无需重启' })
  async defineIndicator(@Arg('input') input: IndicatorInput, @Ctx() ctx: RequestContext): Promise<IndicatorDefinitionGql> {
    return toGql(await new IndicatorService(ctx).define(input));
  }

  @Mutation(() => IndicatorDefinitionGql, { description: '修改或停用省级拓展指标（已填报的值保留）' })
  async updateIndicator(@Arg('id', () => ID) id: string, @Arg('input') input: IndicatorUpdateInput, @Ctx() ctx: RequestContext): Promise<IndicatorDefinitionGql> {
    return toGql(await new IndicatorService(ctx).update(id, input));
  }
}
