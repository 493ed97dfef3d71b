import { Arg, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { SyncService } from './sync.service.js';

@ObjectType('SyncReasonCount', { description: '未送达变更按原因计数' })
class SyncReasonCountGql {
  @Field({ description: 'rejected（全国系统拒收）| skipped（本省不上报）| waiting（全国系统要求稍后重发）' }) outcome: string;
  @Field({ description: '稳定的原因代码' }) code: string;
  @Field({ description: '原因说明（中文）' }) message: string;
  @Field(() => Int) count: number;
}

@ObjectType('SyncStatus', { description: '省级与全国系统数据对接状态（本部署所有网关进程共享）' })
class SyncStatusGql {
  @Field({ description: 'province | national' }) mode: string;
  @Field() provinceCode: string;
  @Field() enabled: boolean;
  @Field(() => Int, { description: '待上报的变更' }) pending: number;
  @Field(() => Int, { description: '待上报中、全国系统要求稍后重发的变更（如所在单位尚未接收）' }) waiting: number;
  @Field(() => Int, { description: '全国系统已接收（已应用或已持有）的变更' }) delivered: number;
  @Field(() => Int, { description: '全国系统拒收的变更（如非本省教师），原因见 reasons' }) rejected: number;
  @Field(() => Int, { description: '本省未上报的变更（如全国根单位、已跨省调出的教师、不属于本省的数据），原因见 reasons' }) skipped: number;
  @Field(() => [SyncReasonCountGql], { description: '拒收、未上报与等待重发的变更按原因计数' }) reasons: SyncReasonCountGql[];
  @Field(() => Date, { nullable: true }) lastSuccessAt: Date | null;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Int, { description: '连续失败的上报轮次' }) failures: number;
}

@ObjectType('SyncRejection', { description: '未能上报全国系统的一条变更及原因' })
class SyncRejectionGql {
  @Field(() => ID, { description: '变更序号（本省发件箱）' }) seq: string;
  @Field({ description: 'unit | teacher | message' }) kind: string;
  @Field(() => ID) refId: string;
  @Field(() => String, { nullable: true, description: '教师个人标识码，或单位代码与名称' }) label: string | null;
  @Field({ description: 'rejected（全国系统拒收）| skipped（本省不上报）' }) outcome: string;
  @Field() code: string;
  @Field() message: string;
  @Field(() => Int) attempts: number;
  @Field() changedAt: Date;
  @Field() refusedAt: Date;
  @Field({ description: '此后同一单位或教师已成功上报' }) resolved: boolean;
}

@ObjectType('SyncRejectionList')
class SyncRejectionListGql {
  @Field(() => Int) totalCount: number;
  @Field(() => [SyncRejectionGql]) items: SyncRejectionGql[];
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

@ObjectType('RegistryConflictPage', { description: '一人一号冲突的一页及总数' })
class RegistryConflictPageGql {
  @Field(() => [RegistryConflictGql]) nodes: RegistryConflictGql[];
  @Field(() => Int) totalCount: number;
}

@Resolver()
export class SyncResolver {
  @Query(() => SyncStatusGql, { description: '数据对接状态（省级/全国系统管理员、信息管理员）' })
  syncStatus(@Ctx() ctx: RequestContext): Promise<SyncStatusGql> {
    return new SyncService(ctx).status();
  }

  @Query(() => SyncRejectionListGql, { description: '未能上报全国系统的变更及原因（省级系统管理员、信息管理员）' })
  syncRejections(@Ctx() ctx: RequestContext,
    @Arg('outcome', () => String, { nullable: true, description: 'rejected | skipped；不填则两者' }) outcome?: string,
    @Arg('openOnly', { defaultValue: false, description: '只看此后未再成功上报的' }) openOnly?: boolean,
    @Arg('first', () => Int, { defaultValue: 100 }) first?: number): Promise<SyncRejectionListGql> {
    return new SyncService(ctx).rejections({ outcome: outcome ?? null, openOnly: !!openOnly, first: first ?? 100 });
  }

  @Query(() => [ProvinceChecksumGql], { description: '各省教师数与校验和，用于核对两级数据一致' })
  syncChecksums(@Ctx() ctx: RequestContext): Promise<ProvinceChecksumGql[]> {
    return new SyncService(ctx).checksums();
  }

  @Query(() => RegistryConflictPageGql, { description: '一人一号冲突，分页并给出总数，最新在前' })
  registryConflictPage(@Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0): Promise<RegistryConflictPageGql> {
    return new SyncService(ctx).conflictPage(status ?? null, first, offset);
  }

  @Query(() => [RegistryConflictGql], {
    description: '一人一号冲突（全国系统发现，通知相关省份），最新在前。至多 500 条，超过时报 LIST_TOO_LARGE；分页请用 registryConflictPage',
    deprecationReason: '用 registryConflictPage（分页、含总数）',
  })
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
