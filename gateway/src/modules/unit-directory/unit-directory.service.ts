import { createHash } from 'node:crypto';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { Job } from '../../platform/jobs/job.entity.js';
import { UnitDirectoryImport } from './unit-directory-import.entity.js';
import type { PlanAction, PlanRow } from './directory-plan.js';
import { buildDirectoryTemplate } from './template.js';
import { UNIT_DIRECTORY_APPLY, UNIT_DIRECTORY_DRY_RUN, type UnitDirectoryJobInput } from './unit-directory.job.js';

const ACTIONS: readonly PlanAction[] = ['create', 'update', 'unchanged', 'close', 'invalid'];

/**
 * The unit directory import of the caller's province: template, upload (→ dry run), the dry run's
 * rows, apply, error report. Only the province's system and information admins pass the access
 * check, which always comes first; another province's import is "not found".
 */
export class UnitDirectoryService {
  constructor(private readonly ctx: RequestContext) {}

  /** The caller's province unit, when the caller may do `action` on its directory imports. */
  private province(action: 'read' | 'create' | 'update'): string {
    const p = requirePrincipal(this.ctx);
    if (!canOn(this.ctx.ability, action, 'UnitDirectoryImport', { provinceUnitId: p.unitId })) throw new AppError('FORBIDDEN');
    return p.unitId;
  }

  async template(): Promise<Buffer> {
    this.province('create');
    return buildDirectoryTemplate();
  }

  /** Before the body is read. */
  authorizeUpload(): void {
    requireActor(this.ctx);
    this.province('create');
  }

  /** Keeps the file with the import and starts its dry run. */
  async submit(jobs: JobQueue, file: Buffer): Promise<{ importId: string; jobId: string }> {
    const actor = requireActor(this.ctx);
    const provinceUnitId = this.province('create');
    // A zip's local-header signature: anything else cannot be an .xlsx.
    if (file.length < 4 || file.readUInt32LE(0) !== 0x04034b50) throw new AppError('IMPORT_FILE_INVALID');
    const fileSha256 = createHash('sha256').update(file).digest('hex');
    const em = this.ctx.em.fork();
    const imp = em.create(UnitDirectoryImport, { provinceUnitId, scopePath: actor.scopePath, createdBy: actor.accountId, file, fileSha256, fileBytes: file.length });
    await em.transactional(async (tx) => {
      tx.persist(imp);
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'unit_directory.upload', targetType: 'UnitDirectoryImport', targetId: imp.id, detail: { fileSha256, fileBytes: file.length } })]);
    });
    const input: UnitDirectoryJobInput = { importId: imp.id, actor, ip: this.ctx.ip };
    const job = await jobs.submit({ kind: UNIT_DIRECTORY_DRY_RUN, createdBy: actor.accountId, unitId: provinceUnitId, scopePath: actor.scopePath, inputHash: fileSha256 }, input);
    await em.nativeUpdate(UnitDirectoryImport, { id: imp.id }, { dryRunJobId: job.id });
    return { importId: imp.id, jobId: job.id };
  }

  async get(id: string): Promise<UnitDirectoryImport> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'UnitDirectoryImport');
    const imp = await this.ctx.em.findOne(UnitDirectoryImport, { $and: [{ id }, scope] } as never).catch(() => null);
    if (!imp) throw notFoundOrNoAccess();
    return imp;
  }

  async list(first: number): Promise<UnitDirectoryImport[]> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'UnitDirectoryImport');
    return this.ctx.em.find(UnitDirectoryImport, scope as never, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 100) });
  }

  /** The jobs of an import, readable by whoever may read the import (the other admin's too). */
  async jobs(imp: UnitDirectoryImport): Promise<Map<string, Job>> {
    const ids = [imp.dryRunJobId, imp.applyJobId].filter((x): x is string => !!x);
    const jobs = ids.length ? await this.ctx.em.find(Job, { id: { $in: ids } }) : [];
    return new Map(jobs.map((j) => [j.id, j]));
  }

  /** A page of the dry run's rows, filtered and cut in SQL (the plan of a province is tens of thousands of rows). */
  async planRows(id: string, args: { action?: string | null; search?: string | null; first: number; offset: number }): Promise<{ nodes: PlanRow[]; totalCount: number }> {
    const imp = await this.get(id);
    if (args.action && !ACTIONS.includes(args.action as PlanAction)) throw new AppError('VALIDATION_FAILED', { field: 'action' }, `action 须为 ${ACTIONS.join(' / ')}`);
    const where: string[] = ['i.id = ?'];
    const bindings: unknown[] = [imp.id];
    if (args.action) { where.push(`r ->> 'action' = ?`); bindings.push(args.action); }
    if (args.search?.trim()) {
      const s = args.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push(`(r ->> 'code' like ? or r ->> 'name' like ?)`);
      bindings.push(`${s}%`, `%${s}%`);
    }
    const res = await this.ctx.em.getConnection().execute<{ r: PlanRow; total: number }[]>(`
      select r, count(*) over ()::int as total
        from unit_directory_import i cross join lateral jsonb_array_elements(coalesce(i.plan, '[]'::jsonb)) with ordinality as e (r, n)
       where ${where.join(' and ')} order by n limit ? offset ?`,
    [...bindings, Math.min(Math.max(args.first, 1), 500), Math.max(args.offset, 0)]);
    return { nodes: res.map((x) => x.r), totalCount: res[0]?.total ?? 0 };
  }

  /** Starts the apply of a checked import with no invalid rows; once only (a failed apply may be retried). */
  async apply(jobs: JobQueue, id: string): Promise<UnitDirectoryImport> {
    const actor = requireActor(this.ctx);
    const imp = await this.get(id);
    this.province('update');
    if (imp.summary && imp.summary.schools.invalid > 0) throw new AppError('UNIT_DIRECTORY_HAS_ERRORS', { invalid: imp.summary.schools.invalid });
    const taken = await this.ctx.em.getConnection().execute<{ id: string }[]>(`
      update unit_directory_import set status = 'applying', updated_at = now()
       where id = ? and (status = 'ready' or (status = 'applying' and exists (select 1 from job where job.id = apply_job_id and job.status = 'failed')))
      returning id`, [imp.id]);
    if (!taken.length) throw new AppError('UNIT_DIRECTORY_NOT_READY', { status: imp.status });
    const input: UnitDirectoryJobInput = { importId: imp.id, actor, ip: this.ctx.ip };
    const job = await jobs.submit({ kind: UNIT_DIRECTORY_APPLY, createdBy: actor.accountId, unitId: imp.provinceUnitId, scopePath: imp.scopePath, inputHash: imp.fileSha256 }, input);
    await this.ctx.em.nativeUpdate(UnitDirectoryImport, { id: imp.id }, { applyJobId: job.id });
    this.ctx.em.clear();
    return this.get(id);
  }

  /** The dry run's error report (行号、列、原因), for whoever may read the import; each download is recorded. */
  async errorReport(id: string): Promise<Buffer> {
    requireActor(this.ctx);
    const imp = await this.get(id);
    const job = imp.dryRunJobId ? await this.ctx.em.findOne(Job, { id: imp.dryRunJobId }, { populate: ['result'] as never }) : null;
    if (!job) throw notFoundOrNoAccess();
    if (job.status === 'failed') throw new AppError('JOB_FAILED', { errorCode: job.errorCode });
    if (job.status !== 'succeeded') throw new AppError('JOB_NOT_FINISHED');
    if (!job.result) throw notFoundOrNoAccess();
    await appendAudit(this.ctx.em, [actorEvent(this.ctx, { action: 'unit_directory.error_report', targetType: 'UnitDirectoryImport', targetId: imp.id, detail: { invalid: imp.summary?.schools.invalid ?? null } })]);
    return job.result;
  }
}
