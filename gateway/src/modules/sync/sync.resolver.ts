import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { SyncService } from './sync.service.js';

@ObjectType('SyncStatus', { description: '省级与全国系统数据对接状态' })
class SyncStatusGql {
  @Field({ description: 'province | national' }) mode: string;
  @Field() provinceCode: string;
  @Field() enabled: boolean;
  @Field(() => Int, { description: '待上报的变更' }) pending: number;
  @Field(() => Int) delivered: number;
  @Field(() => Int, { description: '全国系统拒收的变更（如非本省教师）' }) rejected: number;
  @Field(() => Date, { nullable: true }) lastSuccessAt: Date | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Int) failures: number;
}

@ObjectType('SyncRound')
class SyncRoundGql {
  @Field(() => Int) pushed: number;
  @Field(() => Int) pulled: number;
}

@ObjectType('SyncResend')
class SyncResendGql {
  @Field(() => Int) units: number;
  @Field(() => Int) teachers: number;
}

@ObjectType('ProvinceChecksum', { description: '各省教师数与（标识, 版本）校验和' })
class ProvinceChecksumGql {
  @Field() provinceCode: string;
  @Field(() => Int) teachers: number;
  @Field() checksum: string;
}

@ObjectType('RegistryConflict', { description: '一人一号冲突：证件重复、跨省同时在职' })
class RegistryConflictGql {
  @Field(() => ID) id: string;
  @Field({ description: 'duplicate_document | active_in_two_provinces' }) kind: string;
  @Field({ description: 'open | resolved' }) status: string;
  @Field(() => ID) teacherIdA: string;
  @Field() teacherNoA: string;
  @Field() provinceA: string;
  @Field(() => ID) teacherIdB: string;
  @Field() teacherNoB: string;
  @Field() provinceB: string;
  @Field() detectedAt: Date;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
}

@Resolver()
export class SyncResolver {
  @Query(() => SyncStatusGql, { description: '数据对接状态（省级/全国系统管理员、信息管理员）' })
  syncStatus(@Ctx() ctx: RequestContext): Promise<SyncStatusGql> {
    return new SyncService(ctx).status();
  }

  @Query(() => [ProvinceChecksumGql], { description: '各省教师数与校验和，用于核对两级数据一致' })
  syncChecksums(@Ctx() ctx: RequestContext): Promise<ProvinceChecksumGql[]> {
    return new SyncService(ctx).checksums();
  }

  @Query(() => [RegistryConflictGql], { description: '一人一号冲突（全国系统发现，通知相关省份）' })
  registryConflicts(@Ctx() ctx: RequestContext, @Arg('status', () => String, { nullable: true }) status?: string): Promise<RegistryConflictGql[]> {
    return new SyncService(ctx).conflicts(status ?? null);
  }

  @Mutation(() => SyncRoundGql, { description: '立即上报并接收全国系统消息（省级）' })
  syncNow(@Ctx() ctx: RequestContext): Promise<SyncRoundGql> {
    return new SyncService(ctx).runNow();
  }

  @Mutation(() => SyncResendGql, { description: '重新上报某时点以来（不填则全部）的数据（省级信息管理员）' })
  syncResend(@Ctx() ctx: RequestContext, @Arg('since', () => Date, { nullable: true }) since?: Date): Promise<SyncResendGql> {
    return new SyncService(ctx).resend(since ?? null);
  }
}
