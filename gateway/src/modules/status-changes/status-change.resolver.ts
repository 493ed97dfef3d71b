import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { TeacherGql } from '../teachers/teacher.types.js';
import { TeacherResolver } from '../teachers/teacher.resolver.js';
import { StatusChangeService } from './status-change.service.js';

@ObjectType('StatusChange', { description: '在职状态变动记录' })
class StatusChangeGql {
  @Field(() => ID) id: string;
  @Field() fromStatus: string;
  @Field() toStatus: string;
  @Field() effectiveDate: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field(() => ID) changedBy: string;
  @Field() createdAt: Date;
}

@Resolver()
export class StatusChangeResolver {
  @Mutation(() => TeacherGql, { description: '变更在职状态：长期不在岗、离职、离退休、去世，或恢复在岗（学校信息管理员）' })
  async changeEmploymentStatus(
    @Arg('teacherId', () => ID) teacherId: string,
    @Arg('status', { description: 'active | long_absence | resigned | retired | deceased' }) status: string,
    @Arg('effectiveDate') effectiveDate: string,
    @Ctx() ctx: RequestContext,
    @Arg('reason', () => String, { nullable: true }) reason?: string,
  ): Promise<TeacherGql> {
    await new StatusChangeService(ctx).change(teacherId, status, effectiveDate, reason ?? null);
    return new TeacherResolver().teacher(teacherId, ctx);
  }

  @Query(() => [StatusChangeGql], { description: '在职状态变动历史' })
  async statusChanges(@Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext): Promise<StatusChangeGql[]> {
    return (await new StatusChangeService(ctx).history(teacherId)).map((c) => ({
      id: c.id, fromStatus: c.fromStatus, toStatus: c.toStatus, effectiveDate: c.effectiveDate, reason: c.reason, changedBy: c.changedBy, createdAt: c.createdAt,
    }));
  }
}
