import { createHash } from 'node:crypto';
import { isValidCode } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, scopeFilter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import { Job } from '../../platform/jobs/job.entity.js';
import { JobService } from '../../platform/jobs/job.service.js';
import { UnitService } from '../units/unit.service.js';
import type { Unit } from '../units/unit.entity.js';
import { IndicatorService } from '../indicators/indicator.service.js';
import { buildTeacherTemplate } from './template.js';
import { openReport, TEACHER_IMPORT, type TeacherImportInput } from './teacher-import.job.js';

const SCHOOL_LEVELS = ['school', 'department'];

/** Template, upload and error report of the teacher import; access is checked first, always. */
export class ImportService {
  constructor(private readonly ctx: RequestContext) {}

  async template(stage: string | null): Promise<Buffer> {
    const principal = requirePrincipal(this.ctx);
    if (scopeFilter(this.ctx.ability, 'create', 'Teacher') === null) throw new AppError('FORBIDDEN');
    if (stage && !isValidCode('stage', stage)) throw new AppError('CODE_INVALID', { field: 'stage', list: 'stage', value: stage });
    // The province's own indicators are columns too, read at request time (no restart to add one).
    const extra = await new IndicatorService(this.ctx).importFields(stage);
    return buildTeacherTemplate({ stage, extraFields: extra.fields, codeItems: extra.codeItems, schoolCodeOptional: SCHOOL_LEVELS.includes(principal.unitLevel) });
  }

  /** Before the body is read: the target unit must be in scope and the caller may register teachers there. */
  async authorizeUpload(unitId: string | null): Promise<Unit> {
    requireActor(this.ctx);
    if (!unitId) throw notFoundOrNoAccess();
    const unit = await new UnitService(this.ctx).get(unitId);
    if (!canOn(this.ctx.ability, 'create', 'Teacher', { scopePath: unit.path })) throw new AppError('FORBIDDEN');
    return unit;
  }

  async submit(jobs: JobQueue, unit: Unit, file: Buffer): Promise<Job> {
    const actor = requireActor(this.ctx);
    // A zip's local-header signature: anything else cannot be an .xlsx.
    if (file.length < 4 || file.readUInt32LE(0) !== 0x04034b50) throw new AppError('IMPORT_FILE_INVALID');
    const fileSha256 = createHash('sha256').update(file).digest('hex');
    const extra = await new IndicatorService(this.ctx).importFields(null);
    const input: TeacherImportInput = {
      file, fileSha256, unit: { id: unit.id, path: unit.path, level: unit.level }, actor, ip: this.ctx.ip, extraFields: extra.fields, codeItems: extra.codeItems,
    };
    return jobs.submit({ kind: TEACHER_IMPORT, createdBy: actor.accountId, unitId: unit.id, scopePath: unit.path, inputHash: fileSha256 }, input);
  }

  /** The error report of a finished import: its creator and the admins in scope only; each download is recorded. */
  async errorReport(jobId: string): Promise<Buffer> {
    requireActor(this.ctx);
    const job = await new JobService(this.ctx).get(jobId);
    if (job.kind !== TEACHER_IMPORT) throw notFoundOrNoAccess();
    if (job.status === 'failed') throw new AppError('JOB_FAILED', { errorCode: job.errorCode });
    if (job.status !== 'succeeded') throw new AppError('JOB_NOT_FINISHED');
    const sealed = (await this.ctx.em.findOne(Job, { id: job.id }, { populate: ['result'] as never }))?.result;
    if (!sealed) throw notFoundOrNoAccess();
    await appendAudit(this.ctx.em, [actorEvent(this.ctx, { action: 'teacher.import_error_report', targetType: 'Job', targetId: job.id, detail: { invalid: job.counts?.invalid ?? null } })]);
    return openReport(this.ctx.runtime, sealed);
  }
}
