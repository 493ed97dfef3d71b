import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../graphql/context.js';
import type { Job } from './job.entity.js';
import { JobService } from './job.service.js';
import { JobGql } from './job.types.js';

const toGql = (j: Job): JobGql => ({
  id: j.id, kind: j.kind, status: j.status, progress: j.progress, total: j.total ?? null, processed: j.processed, counts: j.counts ?? null,
  unitId: j.unitId ?? null, createdBy: j.createdBy ?? null, createdAt: j.createdAt, startedAt: j.startedAt ?? null, finishedAt: j.finishedAt ?? null,
  errorCode: j.errorCode ?? null, error: j.error ?? null, hasResult: Boolean(j.hasResult),
});

@Resolver()
export class JobResolver {
  @Query(() => JobGql, { description: '查询后台任务；他人且不在管辖范围内的任务返回“不存在或无权访问”' })
  async job(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<JobGql> {
    return toGql(await new JobService(ctx).get(id));
  }

  @Query(() => [JobGql], { description: '后台任务列表（本人提交的及管辖范围内的），最新在前' })
  async jobs(
    @Ctx() ctx: RequestContext,
    @Arg('kind', () => String, { nullable: true }) kind?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
  ): Promise<JobGql[]> {
    return (await new JobService(ctx).list(kind, first)).map(toGql);
  }
}
