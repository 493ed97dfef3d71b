import { Arg, Ctx, ID, Info, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { RequestContext } from '../../platform/graphql/context.js';
import { downloadUrlOf } from '../exports/export.service.js';
import type { SavedQuery } from './saved-query.entity.js';
import { SavedQueryService } from './saved-query.service.js';
import { SavedQueryExportGql, SavedQueryGql, SavedQueryPage, SavedQueryRunGql, SaveQueryInput, type SavedQueryVisibilityGql } from './saved-query.types.js';

const toGql = (q: SavedQuery, ctx: RequestContext): SavedQueryGql => ({
  id: q.id, name: q.name, description: q.description ?? null, query: q.query, variables: q.variables, visibility: q.visibility as SavedQueryVisibilityGql,
  ownerUsername: q.ownerUsername, ownerUnitId: q.ownerUnitId, mine: q.ownerAccountId === ctx.actor?.accountId, createdAt: q.createdAt, updatedAt: q.updatedAt,
});

// The running schema comes from the request itself, so the service validates and executes against exactly what the API serves.
const service = (ctx: RequestContext, info: GraphQLResolveInfo): SavedQueryService => new SavedQueryService(ctx, info.schema);

@Resolver()
export class SavedQueryResolver {
  @Mutation(() => SavedQueryGql, { description: '保存（或修改本人的）分析查询' })
  async saveQuery(@Arg('input', () => SaveQueryInput) input: SaveQueryInput, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<SavedQueryGql> {
    return toGql(await service(ctx, info).save(input), ctx);
  }

  @Mutation(() => Boolean, { description: '删除本人保存的查询' })
  async deleteSavedQuery(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<boolean> {
    return service(ctx, info).remove(id);
  }

  @Query(() => SavedQueryPage, { description: '可用的保存查询：本人的，以及本单位或上级单位共享的' })
  async savedQueries(
    @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<SavedQueryPage> {
    const page = await service(ctx, info).list(first, offset);
    return { nodes: page.nodes.map((q) => toGql(q, ctx)), totalCount: page.totalCount };
  }

  @Query(() => SavedQueryGql, { description: '一个保存的查询' })
  async savedQuery(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<SavedQueryGql> {
    return toGql(await service(ctx, info).get(id), ctx);
  }

  @Query(() => SavedQueryRunGql, { description: '运行保存的查询：按运行人本人的权限范围返回数据' })
  async runSavedQuery(
    @Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo,
    @Arg('variables', () => GraphQLJSON, { nullable: true, description: '覆盖保存的变量' }) variables?: Record<string, unknown> | null,
  ): Promise<SavedQueryRunGql> {
    const { query, result } = await service(ctx, info).run(id, variables);
    return { savedQuery: toGql(query, ctx), data: result.data, errors: result.errors };
  }

  @Mutation(() => SavedQueryExportGql, { description: '运行保存的查询并导出为 .xlsx（须说明用途，登记为数据导出记录）' })
  async exportSavedQuery(
    @Arg('id', () => ID) id: string,
    @Arg('purpose', () => String, { description: '导出用途（至少4个字）' }) purpose: string,
    @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo,
    @Arg('variables', () => GraphQLJSON, { nullable: true }) variables?: Record<string, unknown> | null,
  ): Promise<SavedQueryExportGql> {
    const { record, table } = await service(ctx, info).export(id, variables, purpose);
    return { id: record.id, rowCount: record.rowCount, columns: table.headers, rowsPath: table.rowsPath, downloadUrl: downloadUrlOf(record.id) };
  }
}
