import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { errorMessage, isErrorCode } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';
import type { ProblemRecord } from './problem-record.entity.js';
import { ProblemRecordService } from './problem-record.service.js';
import { ProblemRecordGql, ProblemRecordPage } from './problem-record.types.js';

async function toGql(ctx: RequestContext, r: ProblemRecord): Promise<ProblemRecordGql> {
  return {
    id: r.id, jobId: r.job?.id ?? null, schoolId: r.school?.id ?? null, rowNumber: r.rowNumber ?? null, kind: r.kind, reasonCode: r.reasonCode,
    reason: isErrorCode(r.reasonCode) ? errorMessage(r.reasonCode) : r.reasonCode, raw: r.raw, idNumber: await new ProblemRecordService(ctx).idNumber(r),
    status: r.status, note: r.note ?? null, resolvedBy: r.resolvedBy ?? null, resolvedAt: r.resolvedAt ?? null, teacherId: r.teacher?.id ?? null,
    createdAt: r.createdAt,
  };
}

@Resolver()
export class ProblemRecordResolver {
  @Query(() => ProblemRecordPage, { description: '问题数据列表（本单位及下级），最新在前' })
  async problemRecords(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true, description: 'open / resolved / dismissed' }) status?: string,
    @Arg('unitId', () => ID, { nullable: true, description: '单位（含其下级）' }) unitId?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<ProblemRecordPage> {
    const page = await new ProblemRecordService(ctx).list({ status, unitId, first, offset });
    return { nodes: await Promise.all(page.nodes.map((r) => toGql(ctx, r))), totalCount: page.totalCount };
  }

  @Mutation(() => ProblemRecordGql, { description: '处理问题数据：以更正后的数据重新校验并注册教师' })
  async resolveProblemRecord(
    @Arg('id', () => ID) id: string,
    @Arg('data', () => GraphQLJSON, { description: '更正的字段（模板字段键，如 idNumber、gender），未给出的沿用原值' }) data: unknown,
    @Ctx() ctx: RequestContext,
  ): Promise<ProblemRecordGql> {
    if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new AppError('VALIDATION_FAILED', { field: 'data' });
    return toGql(ctx, (await new ProblemRecordService(ctx).resolve(id, data as Record<string, unknown>)).record);
  }

  @Mutation(() => ProblemRecordGql, { description: '忽略问题数据（须说明原因）' })
  async dismissProblemRecord(@Arg('id', () => ID) id: string, @Arg('note') note: string, @Ctx() ctx: RequestContext): Promise<ProblemRecordGql> {
    return toGql(ctx, await new ProblemRecordService(ctx).dismiss(id, note));
  }
}
