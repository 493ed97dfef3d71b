import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { UnitService } from './unit.service.js';
import type { Unit } from './unit.entity.js';
import { CreateUnitInput, SchoolDirectoryEntryGql, UnitGql, UnitPage } from './unit.types.js';

export function toUnitGql(u: Unit): UnitGql {
  return {
    id: u.id, code: u.code, name: u.name, level: u.level, path: u.path, depth: u.depth, parentId: u.parent?.id ?? null,
    schoolType: u.schoolType, stage: u.stage, sponsorType: u.sponsorType, urbanRuralType: u.urbanRuralType, address: u.address, status: u.status, closedOn: u.closedOn ?? null,
  };
}

@Resolver(() => UnitGql)
export class UnitResolver {
  @Query(() => UnitGql, { description: '按ID查询单位（仅限本单位及下级）' })
  async unit(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UnitGql> {
    return toUnitGql(await new UnitService(ctx).get(id));
  }

  @Query(() => UnitPage, { description: '单位列表：按上级单位（树的一层）、名称或代码搜索，均限于本单位子树' })
  async units(
    @Ctx() ctx: RequestContext,
    @Arg('parentId', () => ID, { nullable: true }) parentId?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('level', () => String, { nullable: true }) level?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<UnitPage> {
    const page = await new UnitService(ctx).list({ parentId, search, level, first, offset });
    return { nodes: page.nodes.map(toUnitGql), totalCount: page.totalCount };
  }

  @Query(() => [SchoolDirectoryEntryGql], { description: '学校名录：按名称或学校标识码查找本系统内的学校（学校身份不保密；用于选择调入、接收学校）' })
  async schoolDirectory(
    @Arg('search') search: string,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
  ): Promise<SchoolDirectoryEntryGql[]> {
    const rows = await new UnitService(ctx).schoolDirectory(search, first);
    return rows.map((u) => ({ id: u.id, code: u.code, name: u.name, stage: u.stage ?? null, schoolType: u.schoolType ?? null }));
  }

  @FieldResolver(() => UnitGql, { nullable: true, description: '主管教育行政部门（由单位树推得）' })
  async supervisingAuthority(@Root() unit: UnitGql, @Ctx() ctx: RequestContext): Promise<UnitGql | null> {
    const svc = new UnitService(ctx);
    const entity = await svc.byId(unit.id);
    const authority = entity ? await svc.supervisingAuthority(entity) : null;
    return authority ? toUnitGql(authority) : null;
  }

  @Mutation(() => UnitGql, { description: '在本单位下设立下级单位（系统管理员）' })
  async createUnit(@Arg('input') input: CreateUnitInput, @Ctx() ctx: RequestContext): Promise<UnitGql> {
    return toUnitGql(await new UnitService(ctx).create(input));
  }
}
