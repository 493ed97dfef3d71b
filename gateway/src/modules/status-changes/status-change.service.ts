import { canChangeStatus, chinaDayPlus, endsEmployment, isRealDate } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Employment } from '../teachers/employment.entity.js';
import { StatusChange } from './status-change.entity.js';

const MAX_DAYS_AHEAD = 366;

/** 变动: the school's information admin sets long absence, resignation, retirement, death, or back to active. */
export class StatusChangeService {
  constructor(private readonly ctx: RequestContext) {}

  async change(teacherId: string, to: string, effectiveDate: string, reason: string | null): Promise<Teacher> {
    requireActor(this.ctx);
    const teacher = await new TeacherService(this.ctx).get(teacherId);
    // The school's (or department's) information admin acts; an authority above reads but does not.
    if (!canOn(this.ctx.ability, 'create', 'StatusChange', { teacherId: teacher.id, scopePath: teacher.scopePath })) throw new AppError('FORBIDDEN');
    if (!canChangeStatus(teacher.employmentStatus, to)) throw new AppError('EMPLOYMENT_STATUS_TRANSITION', { from: teacher.employmentStatus, to });
    const employment = await this.ctx.em.findOne(Employment, { teacher: teacher.id, endDate: null });
    if (!employment) throw new AppError('EMPLOYMENT_STATUS_TRANSITION', { from: teacher.employmentStatus, to });
    const latest = chinaDayPlus(MAX_DAYS_AHEAD);
    if (!isRealDate(effectiveDate) || effectiveDate < employment.startDate || effectiveDate > latest) {
      throw new AppError('DATE_INVALID', { field: 'effectiveDate', from: employment.startDate, to: latest });
    }
    const from = teacher.employmentStatus;
    await this.ctx.em.transactional(async (tx) => {
      const t = await tx.findOneOrFail(Teacher, { id: teacher.id });
      const e = await tx.findOneOrFail(Employment, { id: employment.id });
      if (t.version !== teacher.version) throw new AppError('CONFLICT');
      e.employmentStatus = to;
      if (endsEmployment(to)) Object.assign(e, { endDate: effectiveDate, endReason: to });
      t.employmentStatus = to;
      tx.create(StatusChange, { teacher: t, employment: e, scopePath: t.scopePath, fromStatus: from, toStatus: to, effectiveDate, reason: reason?.trim() || null,
        changedBy: this.ctx.actor!.accountId });
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'teacher.status_change', targetType: 'Teacher', targetId: t.id, detail: { from, to, effectiveDate } })]);
    });
    return new TeacherService(this.ctx).get(teacherId);
  }

  async history(teacherId: string): Promise<StatusChange[]> {
    requirePrincipal(this.ctx);
    await new TeacherService(this.ctx).get(teacherId);
    requireScope(this.ctx.ability, 'read', 'Teacher');
    return this.ctx.em.find(StatusChange, { teacher: teacherId }, { orderBy: { effectiveDate: 'asc', createdAt: 'asc' } });
  }
}
