import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { UnitGql } from '../units/unit.types.js';
import { toUnitGql } from '../units/unit.resolver.js';
import { UnitService } from '../units/unit.service.js';
import { SpotCheckService } from './spot-check.service.js';
import type { SpotCheck, SpotCheckItem } from './spot-check.entity.js';
import {
  DrawSpotCheckInput, type SpotCheckCorrectionGql, SpotCheckGql, SpotCheckItemGql, SpotCheckPage, SpotCheckResultGql, type SpotCheckStatusGql,
} from './spot-check.types.js';

export function toSpotCheckGql(c: SpotCheck): SpotCheckGql {
  return {
    id: c.id, title: c.title, authorityUnitId: c.authorityUnit.id, seed: c.seed, schoolCount: c.schoolCount, teacherCount: c.teacherCount,
    status: c.status as SpotCheckStatusGql, createdBy: c.createdBy, createdAt: c.createdAt, publishedBy: c.publishedBy ?? null,
    publishedAt: c.publishedAt ?? null, version: c.version, drawnSchoolIds: c.drawnSchoolIds,
  };
}

export function toSpotCheckItemGql(i: SpotCheckItem): SpotCheckItemGql {
  return {
    id: i.id, ordinal: i.ordinal, schoolId: i.school.id, teacherId: i.teacher.id, result: i.result as SpotCheckResultGql,
    finding: i.finding ?? null, checkedBy: i.checkedBy ?? null, checkedAt: i.checkedAt ?? null,
    correction: (i.correction ?? null) as SpotCheckCorrectionGql | null, correctionNote: i.correctionNote ?? null, correctedBy: i.correctedBy ?? null, correctedAt: i.correctedAt ?? null,
  };
}

@Resolver(() => SpotCheckGql)
export class SpotCheckResolver {
  @Query(() => SpotCheckPage, { description: '随机抽查列表：本部门及下级部门组织的抽查；被抽查学校可见已通报的抽查' })
  async spotChecks(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<SpotCheckPage> {
    const page = await new SpotCheckService(ctx).list(first, offset);
    return { nodes: page.nodes.map(toSpotCheckGql), totalCount: page.totalCount };
  }

  @Query(() => SpotCheckGql, { description: '按ID查询随机抽查；不可见时返回“不存在或无权访问”' })
  async spotCheck(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<SpotCheckGql> {
    return toSpotCheckGql(await new SpotCheckService(ctx).get(id));
  }

  @Mutation(() => SpotCheckGql, { description: '发起随机抽查：按随机种子抽取学校，再从其在职教师中抽取教师（抽取过程可复现）' })
  async drawSpotCheck(@Arg('input') input: DrawSpotCheckInput, @Ctx() ctx: RequestContext): Promise<SpotCheckGql> {
    return toSpotCheckGql(await new SpotCheckService(ctx).draw(input));
  }

  @Mutation(() => SpotCheckItemGql, { description: '填写抽查对象的核查结论（通报后不能修改）' })
  async recordSpotCheckFinding(
    @Arg('itemId', () => ID) itemId: string,
    @Arg('result', () => SpotCheckResultGql) result: SpotCheckResultGql,
    @Arg('finding', () => String, { nullable: true }) finding: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<SpotCheckItemGql> {
    return toSpotCheckItemGql(await new SpotCheckService(ctx).recordFinding(itemId, result, finding));
  }

  @Mutation(() => SpotCheckGql, { description: '通报抽查结果：被抽查学校可查看本校结果，此后不能再填写结论' })
  async publishSpotCheck(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<SpotCheckGql> {
    return toSpotCheckGql(await new SpotCheckService(ctx).publish(id));
  }

  @Mutation(() => SpotCheckItemGql, { description: '办结整改任务：被抽查学校的信息管理员说明已更正的情况，组织抽查的部门收到通知' })
  async completeSpotCheckCorrection(@Arg('itemId', () => ID) itemId: string, @Arg('note') note: string, @Ctx() ctx: RequestContext): Promise<SpotCheckItemGql> {
    return toSpotCheckItemGql(await new SpotCheckService(ctx).completeCorrection(itemId, note));
  }

  @FieldResolver(() => Int, { description: '待整改的任务数（限调用者可见的抽查对象）' })
  openCorrections(@Root() c: SpotCheckGql, @Ctx() ctx: RequestContext): Promise<number> {
    return new SpotCheckService(ctx).openCorrections(c.id);
  }

  @FieldResolver(() => UnitGql, { nullable: true, description: '组织抽查的部门' })
  async authorityUnit(@Root() c: SpotCheckGql, @Ctx() ctx: RequestContext): Promise<UnitGql | null> {
    const u = await new UnitService(ctx).byId(c.authorityUnitId);
    return u ? toUnitGql(u) : null;
  }

  @FieldResolver(() => [UnitGql], { description: '被抽中的学校（限调用者可见的单位）' })
  async schools(@Root() c: SpotCheckGql, @Ctx() ctx: RequestContext): Promise<UnitGql[]> {
    return (await new SpotCheckService(ctx).schools(c.drawnSchoolIds)).map(toUnitGql);
  }

  @FieldResolver(() => [SpotCheckItemGql], { description: '抽查对象：组织部门见全部，被抽查学校只见本校（通报后）' })
  async items(@Root() c: SpotCheckGql, @Ctx() ctx: RequestContext): Promise<SpotCheckItemGql[]> {
    return (await new SpotCheckService(ctx).items(c.id)).map(toSpotCheckItemGql);
  }
}

@Resolver(() => SpotCheckItemGql)
export class SpotCheckItemResolver {
  @FieldResolver(() => String, { nullable: true, description: '教师个人标识码' })
  async teacherNo(@Root() i: SpotCheckItemGql, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await new SpotCheckService(ctx).teacherLabel(i.teacherId))?.teacherNo ?? null;
  }

  @FieldResolver(() => String, { nullable: true, description: '教师姓名' })
  async teacherName(@Root() i: SpotCheckItemGql, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await new SpotCheckService(ctx).teacherLabel(i.teacherId))?.name ?? null;
  }

  @FieldResolver(() => UnitGql, { nullable: true, description: '所在学校' })
  async school(@Root() i: SpotCheckItemGql, @Ctx() ctx: RequestContext): Promise<UnitGql | null> {
    const u = await new UnitService(ctx).byId(i.schoolId);
    return u ? toUnitGql(u) : null;
  }
}
