import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import type { Job } from '../../platform/jobs/job.entity.js';
import type { JobGql } from '../../platform/jobs/job.types.js';
import { UnitDirectoryService } from './unit-directory.service.js';
import type { UnitDirectoryImport } from './unit-directory-import.entity.js';
import { jobRunnerOf } from './unit-directory.setup.js';
import { UnitDirectoryImportGql, UnitDirectoryPlanPage } from './unit-directory.types.js';

const jobGql = (j: Job | undefined): JobGql | null => (j ? {
  id: j.id, kind: j.kind, status: j.status, progress: j.progress, total: j.total ?? null, processed: j.processed, counts: j.counts ?? null,
  unitId: j.unitId ?? null, createdBy: j.createdBy ?? null, createdAt: j.createdAt, startedAt: j.startedAt ?? null, finishedAt: j.finishedAt ?? null,
  errorCode: j.errorCode ?? null, error: j.error ?? null, hasResult: Boolean(j.hasResult),
} : null);

async function toGql(svc: UnitDirectoryService, imp: UnitDirectoryImport): Promise<UnitDirectoryImportGql> {
  const jobs = await svc.jobs(imp);
  const s = imp.summary;
  return {
    id: imp.id, status: imp.status, createdAt: imp.createdAt, createdBy: imp.createdBy ?? null, fileSha256: imp.fileSha256, fileBytes: imp.fileBytes,
    summary: s ? { rows: s.rows, ...s.schools, divisionsCreate: s.divisions.create, divisionsUpdate: s.divisions.update } : null,
    dryRunJob: jobGql(imp.dryRunJobId ? jobs.get(imp.dryRunJobId) : undefined), applyJob: jobGql(imp.applyJobId ? jobs.get(imp.applyJobId) : undefined),
    appliedAt: imp.appliedAt ?? null, appliedBy: imp.appliedBy ?? null,
  };
}

/** The unit directory import (单位名录导入): the upload itself is the HTTP route; the rest is here. */
@Resolver()
export class UnitDirectoryResolver {
  @Query(() => UnitDirectoryImportGql, { description: '单位名录导入（省级系统管理员、信息管理员）：状态、预检汇总与任务进度' })
  async unitDirectoryImport(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UnitDirectoryImportGql> {
    const svc = new UnitDirectoryService(ctx);
    return toGql(svc, await svc.get(id));
  }

  @Query(() => [UnitDirectoryImportGql], { description: '本省的单位名录导入，最新在前' })
  async unitDirectoryImports(@Ctx() ctx: RequestContext, @Arg('first', () => Int, { defaultValue: 20 }) first = 20): Promise<UnitDirectoryImportGql[]> {
    const svc = new UnitDirectoryService(ctx);
    const list = await svc.list(first);
    return Promise.all(list.map((imp) => toGql(svc, imp)));
  }

  @Query(() => UnitDirectoryPlanPage, { description: '预检明细：按动作（create/update/unchanged/close/invalid）或代码、名称筛选' })
  async unitDirectoryPlan(
    @Arg('importId', () => ID) importId: string,
    @Ctx() ctx: RequestContext,
    @Arg('action', () => String, { nullable: true }) action?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<UnitDirectoryPlanPage> {
    const page = await new UnitDirectoryService(ctx).planRows(importId, { action, search, first, offset });
    return {
      totalCount: page.totalCount,
      nodes: page.nodes.map((r) => ({
        rowNumber: r.rowNumber, kind: r.kind, action: r.action, code: r.code, name: r.name, parentCode: r.parentCode,
        changes: r.changes ?? [], issues: r.issues ?? [], activeTeachers: r.activeTeachers ?? null,
      })),
    };
  }

  @Mutation(() => UnitDirectoryImportGql, { description: '执行已预检的单位名录（后台任务；有错误行或预检后数据变化时不能执行）' })
  async applyUnitDirectory(@Arg('importId', () => ID) importId: string, @Ctx() ctx: RequestContext): Promise<UnitDirectoryImportGql> {
    const svc = new UnitDirectoryService(ctx);
    return toGql(svc, await svc.apply(jobRunnerOf(ctx.runtime), importId));
  }
}
