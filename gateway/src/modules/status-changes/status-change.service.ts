import { canChangeStatus, chinaDayPlus, codeName, endsEmployment, isRealDate } from '@tmis/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Employment } from '../teachers/employment.entity.js';
import { StatusChange } from './status-change.entity.js';
import { UnitService } from '../units/unit.service.js';
import { notify, type NoticeTarget } from '../../platform/approvals/notify.js';

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
      await this.notice(tx, t, from, to, effectiveDate);
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'teacher.status_change', targetType: 'Teacher', targetId: t.id, detail: { from, to, effectiveDate } })]);
    });
    return new TeacherService(this.ctx).get(teacherId);
  }

  /**
   * The people concerned (issue 13.5): the teacher (not after a death) and the school's
   * supervising authority, which reads status changes but does not make them.
   */
  private async notice(tx: EntityManager, t: Teacher, from: string, to: string, effectiveDate: string): Promise<void> {
    const school = await new UnitService(this.ctx).byId(t.school.id);
    const authority = school ? await new UnitService(this.ctx).supervisingAuthority(school) : null;
    const targets: NoticeTarget[] = [];
    if (to !== 'deceased') targets.push({ teacherId: t.id });
    if (authority) targets.push({ unitId: authority.id, role: 'info_admin' });
    const name = (code: string) => codeName('employmentStatus', code) ?? code;
    await notify(tx, targets, {
      kind: 'status_changed', subjectType: 'Teacher', subjectId: t.id,
      message: `${school?.name ?? ''}${t.name}的在职状态自${effectiveDate}起由「${name(from)}」变更为「${name(to)}」`,
    });
  }

  async history(teacherId: string): Promise<StatusChange[]> {
    requirePrincipal(this.ctx);
    await new TeacherService(this.ctx).get(teacherId);
    requireScope(this.ctx.ability, 'read', 'Teacher');
    return this.ctx.em.find(StatusChange, { teacher: teacherId }, { orderBy: { effectiveDate: 'asc', createdAt: 'asc' } });
  }
}
