import { isCollected } from '@tmis/shared';
import { pageWindow, withinCap, type ListCap } from '../../platform/graphql/paging.js';
import { pgArray } from '../../platform/db/sql.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErrorCode } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, scopeFilter, type Filter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { escapeLike } from '../teachers/teacher-filter.js';
import { Account } from '../accounts/account.entity.js';
import { TrainingEnrolment, TrainingProject } from './training.entity.js';
import { projectLevelOf, projectProblem, resultHoursProblem } from './training-rules.js';
import { confirmEnrolments, projectOrganizer } from './training-confirm.js';
import { provinceOfPath, ruleInForce } from './training-rule.service.js';
import { registerTrainingHooks, SCHOOL_CREDITS, SCHOOL_PLAN } from './training.workflows.js';

registerTrainingHooks();

export interface ProjectInput {
  name: string; year?: number | null; startDate: string; endDate: string; hours: number; credits?: number | null;
  targetParticipants?: string | null; institutionIds?: string[] | null;
}
export interface ResultInput { teacherId: string; completed: boolean; hours: number }

/** The plain shape CASL rules speak of. */
export const projectSubject = (p: TrainingProject): Record<string, unknown> => ({
  id: p.id, ownerUnitId: p.ownerUnitId, ownerPath: p.ownerPath, level: p.level, institutionIds: p.institutionIds, status: p.status,
});

const OPEN_CASE_STATUSES = `(select status from approval_case where id = e.case_id)`;

/** The unpaged `trainingProjects` list (kept for API users): at most 500 projects, an error above. */
export const TRAINING_PROJECTS_CAP: ListCap = { cap: 500, paged: 'trainingProjectPage' };

/** 培训项目: registration by an authority or a school, enrolment, results, confirmation of credits. */
export class TrainingService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** A project the caller may see, or "not found or no access". */
  async project(id: string): Promise<TrainingProject> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TrainingProject');
    const p = await this.em.findOne(TrainingProject, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!p) throw notFoundOrNoAccess();
    return p;
  }

  /** Projects in view: a unit's plan (owner + year), or everything the caller sees; at most 500, refused above (LIST_TOO_LARGE). */
  async projects(f: { ownerUnitId?: string | null; year?: number | null }): Promise<TrainingProject[]> {
    const page = await this.projectPage(f, TRAINING_PROJECTS_CAP.cap, 0, { limit: TRAINING_PROJECTS_CAP.cap, offset: 0 });
    return withinCap(TRAINING_PROJECTS_CAP, page.nodes, page.totalCount);
  }

  /** A page of the projects in view with the total (issue 16.2): latest plan year first, then by start date. */
  async projectPage(f: { ownerUnitId?: string | null; year?: number | null }, first: number, offset: number, window = pageWindow(first, offset)): Promise<{ nodes: TrainingProject[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Filter[] = [requireScope(this.ctx.ability, 'read', 'TrainingProject')];
    if (f.ownerUnitId) where.push({ ownerUnitId: f.ownerUnitId });
    if (f.year) where.push({ year: f.year });
    const [nodes, totalCount] = await this.em.findAndCount(TrainingProject, { $and: where } as never, { orderBy: { year: 'desc', startDate: 'asc', id: 'asc' }, ...window });
    return { nodes, totalCount };
  }


  /** Per project: enrolled, results submitted, confirmed, completed (one grouped query). */
  async counts(projectIds: string[]): Promise<Map<string, { enrolled: number; submitted: number; confirmed: number; completed: number }>> {
    if (projectIds.length === 0) return new Map();
    const rows = await this.em.getConnection().execute<{ project_id: string; enrolled: number; submitted: number; confirmed: number; completed: number }[]>(
      `select project_id, count(*)::int as enrolled, count(*) filter (where status <> 'enrolled')::int as submitted,
              count(*) filter (where status = 'confirmed')::int as confirmed, count(*) filter (where status = 'confirmed' and completed)::int as completed
         from training_enrolment where project_id = any(?::uuid[]) group by project_id`, [pgArray(projectIds)]);
    return new Map(rows.map((r) => [r.project_id, r]));
  }

  async create(input: ProjectInput): Promise<TrainingProject> {
    const actor = requireActor(this.ctx);
    const owner = await new UnitService(this.ctx).get(actor.unitId);
    const level = projectLevelOf(owner.level);
    const draft = { ownerUnitId: owner.id, ownerPath: owner.path, level, institutionIds: '' };
    if (!canOn(this.ctx.ability, 'create', 'TrainingProject', draft)) throw new AppError('FORBIDDEN');
    const name = input.name?.trim();
    if (!name) throw new AppError('VALIDATION_FAILED', { field: 'name' }, '请填写培训项目名称');
    // National projects carry no credits of their own: each province converts the hours with its rule.
    const credits = level === 'national' ? null : input.credits ?? null;
    const problem = projectProblem({ startDate: input.startDate, endDate: input.endDate, hours: input.hours, credits });
    if (problem) throw new AppError(problem);
    const institutions = await this.institutions(input.institutionIds ?? []);
    const school = level === 'school';
    const authority = school ? await new UnitService(this.ctx).supervisingAuthority(owner) : null;
    if (school && !authority) throw new AppError('TRAINING_NO_AUTHORITY');
    const project = this.em.create(TrainingProject, {
      name: name.slice(0, 200), level, ownerUnitId: owner.id, ownerPath: owner.path, year: input.year ?? Number(input.startDate.slice(0, 4)),
      startDate: input.startDate, endDate: input.endDate, hours: input.hours, credits, targetParticipants: input.targetParticipants?.trim().slice(0, 500) || null,
      institutionIds: institutions.join(' '), status: school ? 'pending_approval' : 'open', createdBy: actor.accountId,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(project);
      await tx.flush();
      if (school) {
        // School-based plans (校本研修计划) wait for the supervising authority.
        const c = await new ApprovalService(this.ctx).open({
          type: SCHOOL_PLAN.type, subjectType: 'TrainingProject', subjectId: project.id, parties: { authority: authority!.id, school: owner.id },
          partyPaths: [authority!.path, owner.path], payload: { name: project.name, year: project.year, hours: project.hours },
        }, tx);
        project.caseId = c.id;
        await tx.flush();
      }
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.project_create', targetType: 'TrainingProject', targetId: project.id, detail: { name: project.name, level, year: project.year } })]);
    });
    return project;
  }

  /**
   * The training institutions (培训承办机构) a project may name: active accounts of that role,
   * for those who register projects. Institutions are organisations, so their name and unit are
   * listed; nothing else about the account is.
   */
  async institutionDirectory(search: string | null = null, first = 50): Promise<{ id: string; name: string; unitName: string }[]> {
    requirePrincipal(this.ctx);
    if (!this.ctx.ability.can('create', 'TrainingProject')) throw new AppError('FORBIDDEN');
    // A picker that searches on the server (issue 16.2): the first matches by name or unit, not a silent cut at 500.
    const { limit } = pageWindow(first, 0);
    const term = search?.trim() ? `%${escapeLike(search.trim())}%` : null;
    const rows = await this.em.getConnection().execute<{ id: string; real_name: string; unit_name: string }[]>(
      `select a.id, a.real_name, u.name as unit_name from account a join unit u on u.id = a.unit_id
        where a.role = 'training_institution' and a.status = 'active' and (?::text is null or a.real_name ilike ? or u.name ilike ?)
        order by u.code, a.real_name limit ?`, [term, term, term, limit]);
    return rows.map((r) => ({ id: r.id, name: r.real_name, unitName: r.unit_name }));
  }

  /** Institutions are accounts of the training-institution role, in use. */
  private async institutions(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = await this.em.count(Account, { id: { $in: unique }, role: 'training_institution', status: 'active' });
    if (found !== unique.length) throw new AppError('TRAINING_INSTITUTION_INVALID');
    return unique;
  }

  /** Enrolment (报名) by the teachers' school, or by the project owner, within the caller's scope. */
  async enrol(projectId: string, teacherIds: string[]): Promise<TrainingEnrolment[]> {
    const actor = requireActor(this.ctx);
    const project = await this.project(projectId);
    if (project.status !== 'open') throw new AppError('TRAINING_PROJECT_NOT_OPEN');
    const ids = [...new Set(teacherIds)];
    const teachers = await this.em.find(Teacher, { $and: [{ id: { $in: ids } }, requireScope(this.ctx.ability, 'read', 'Teacher')] } as never);
    if (teachers.length !== ids.length) throw notFoundOrNoAccess();
    for (const t of teachers) this.checkEnrolable(project, t);
    return this.writeEnrolments(project, teachers, actor.accountId);
  }

  checkEnrolable(project: TrainingProject, t: Teacher): void {
    if (!canOn(this.ctx.ability, 'create', 'TrainingEnrolment', { scopePath: t.scopePath })) throw new AppError('FORBIDDEN');
    // School-based training is for the school's own teachers.
    if (project.level === 'school' && !t.scopePath.startsWith(project.ownerPath)) throw new AppError('FORBIDDEN');
    if (!isCollected(t.employmentStatus)) throw new AppError('TEACHER_NOT_COLLECTED', { status: t.employmentStatus });
  }

  /** Idempotent: a teacher already enrolled stays as is. */
  async writeEnrolments(project: TrainingProject, teachers: Teacher[], by: string): Promise<TrainingEnrolment[]> {
    const existing = await this.em.find(TrainingEnrolment, { projectId: project.id, teacherId: { $in: teachers.map((t) => t.id) } });
    const have = new Set(existing.map((e) => e.teacherId));
    const fresh = teachers.filter((t) => !have.has(t.id)).map((t) => this.em.create(TrainingEnrolment, {
      projectId: project.id, teacherId: t.id, scopePath: t.scopePath, schoolId: t.school.id, enrolledBy: by,
    }));
    await this.em.transactional(async (tx) => {
      fresh.forEach((e) => tx.persist(e));
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.enrol', targetType: 'TrainingProject', targetId: project.id, detail: { added: fresh.length, already: existing.length } })]);
    });
    return [...existing, ...fresh];
  }

  /**
   * Participants of a project. Those named on it (institutions) and its owner see all of them;
   * others see the participants in their own scope.
   */
  async enrolments(projectId: string): Promise<TrainingEnrolment[]> {
    const project = await this.project(projectId);
    const where: Filter[] = [{ projectId: project.id }];
    if (!canOn(this.ctx.ability, 'submit', 'TrainingProject', projectSubject(project))) {
      const scope = scopeFilter(this.ctx.ability, 'read', 'TrainingEnrolment');
      if (!scope) throw new AppError('FORBIDDEN');
      where.push(scope);
    }
    return this.em.find(TrainingEnrolment, { $and: where } as never, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /**
   * The owner withdraws a project registered by mistake: refused once any credit is confirmed or
   * under review; enrolments without a result go with it; the reason is kept and audited.
   */
  async cancelProject(projectId: string, reason: string): Promise<TrainingProject> {
    requireActor(this.ctx);
    const project = await this.project(projectId);
    if (!canOn(this.ctx.ability, 'update', 'TrainingProject', projectSubject(project))) throw new AppError('FORBIDDEN');
    const why = reason?.trim();
    if (!why) throw new AppError('TRAINING_REASON_REQUIRED');
    if (project.status === 'cancelled') throw new AppError('TRAINING_PROJECT_NOT_OPEN');
    if (await this.em.count(TrainingEnrolment, { projectId: project.id, status: { $in: ['pending_confirmation', 'confirmed'] } }) > 0) throw new AppError('TRAINING_CANNOT_CANCEL');
    await this.em.transactional(async (tx) => {
      const removed = await tx.nativeDelete(TrainingEnrolment, { projectId: project.id, status: { $in: ['enrolled', 'submitted'] } });
      const changed = await tx.nativeUpdate(TrainingProject, { id: project.id, status: { $ne: 'cancelled' } }, { status: 'cancelled', cancelReason: why.slice(0, 500) });
      if (changed === 0) throw new AppError('CONFLICT');
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.project_cancel', targetType: 'TrainingProject', targetId: project.id, detail: { reason: why, enrolmentsRemoved: removed } })]);
    });
    return this.project(projectId);
  }

  /** Removes a teacher enrolled by mistake, while no result has been given. */
  async withdrawEnrolment(enrolmentId: string): Promise<TrainingEnrolment> {
    requireActor(this.ctx);
    const e = await this.em.findOne(TrainingEnrolment, { $and: [{ id: enrolmentId }, requireScope(this.ctx.ability, 'read', 'TrainingEnrolment')] } as never);
    if (!e) throw notFoundOrNoAccess();
    const project = await this.project(e.projectId);
    const owner = canOn(this.ctx.ability, 'update', 'TrainingProject', projectSubject(project));
    if (!owner && !canOn(this.ctx.ability, 'create', 'TrainingEnrolment', { scopePath: e.scopePath })) throw new AppError('FORBIDDEN');
    if (e.status !== 'enrolled') throw new AppError('TRAINING_ENROLMENT_HAS_RESULT', { status: e.status });
    await this.em.transactional(async (tx) => {
      const removed = await tx.nativeDelete(TrainingEnrolment, { id: e.id, status: 'enrolled' });
      if (removed === 0) throw new AppError('CONFLICT');
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.enrolment_withdraw', targetType: 'TrainingEnrolment', targetId: e.id, detail: { projectId: e.projectId, teacherId: e.teacherId } })]);
    });
    return e;
  }

  /** The project for submitting results: the institutions named on it, or its owner. */
  async projectForResults(projectId: string): Promise<TrainingProject> {
    const project = await this.project(projectId);
    if (!canOn(this.ctx.ability, 'submit', 'TrainingProject', projectSubject(project))) throw new AppError('FORBIDDEN');
    if (project.status !== 'open') throw new AppError('TRAINING_PROJECT_NOT_OPEN');
    return project;
  }

  /** Which results may still change: not confirmed, not waiting in a live approval. */
  async openEnrolments(projectId: string): Promise<Map<string, TrainingEnrolment>> {
    const rows = await this.em.getConnection().execute<{ id: string }[]>(
      `select e.id from training_enrolment e where e.project_id = ?
          and (e.status in ('enrolled', 'submitted') or (e.status = 'pending_confirmation' and ${OPEN_CASE_STATUSES} <> 'in_progress'))`, [projectId]);
    const list = rows.length ? await this.em.find(TrainingEnrolment, { id: { $in: rows.map((r) => r.id) } }) : [];
    return new Map(list.map((e) => [e.teacherId, e]));
  }

  /** 提交培训结果: all rows valid or nothing is written; each bad row has its own code. */
  async submitResults(projectId: string, results: ResultInput[]): Promise<TrainingEnrolment[]> {
    const project = await this.projectForResults(projectId);
    const open = await this.openEnrolments(project.id);
    const all = new Set((await this.em.find(TrainingEnrolment, { projectId: project.id })).map((e) => e.teacherId));
    const errors: { index: number; teacherId: string; code: ErrorCode }[] = [];
    results.forEach((r, index) => {
      const code: ErrorCode | null = !all.has(r.teacherId) ? 'TRAINING_NOT_ENROLLED' : !open.has(r.teacherId) ? 'TRAINING_RESULT_CONFIRMED' : resultHoursProblem(r.hours, project.hours);
      if (code) errors.push({ index, teacherId: r.teacherId, code });
    });
    if (errors.length) throw new AppError(errors[0]!.code, { rows: errors });
    return this.writeResults(project, results.map((r) => ({ enrolment: open.get(r.teacherId)!, completed: r.completed, hours: r.hours })));
  }

  async writeResults(project: TrainingProject, rows: { enrolment: TrainingEnrolment; completed: boolean; hours: number }[]): Promise<TrainingEnrolment[]> {
    const actor = requireActor(this.ctx);
    const now = new Date();
    await this.em.transactional(async (tx) => {
      for (const r of rows) Object.assign(r.enrolment, { completed: r.completed, hours: r.hours, status: 'submitted', resultBy: actor.accountId, resultAt: now, caseId: null });
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.results_submit', targetType: 'TrainingProject', targetId: project.id, detail: { rows: rows.length } })]);
    });
    return rows.map((r) => r.enrolment);
  }

  /**
   * 确认学分. The owner confirms its project's results; a province confirms national projects'
   * results of its own teachers with its own rule; a school's confirmation goes to its authority.
   */
  async confirm(projectId: string, enrolmentIds: string[] | null | undefined): Promise<TrainingEnrolment[]> {
    const p = requirePrincipal(this.ctx);
    const project = await this.project(projectId);
    if (!canOn(this.ctx.ability, 'approve', 'TrainingProject', projectSubject(project))) throw new AppError('FORBIDDEN');
    const params: unknown[] = [project.id];
    let sql = `select e.id from training_enrolment e where e.project_id = ?
      and (e.status = 'submitted' or (e.status = 'pending_confirmation' and ${OPEN_CASE_STATUSES} <> 'in_progress'))`;
    if (project.level === 'national') { sql += ` and e.scope_path like ?`; params.push(`${p.unitPath}%`); }
    if (enrolmentIds?.length) { sql += ` and e.id = any(?::uuid[])`; params.push(pgArray(enrolmentIds)); }
    const ids = (await this.em.getConnection().execute<{ id: string }[]>(sql, params)).map((r) => r.id);
    if (ids.length === 0) throw new AppError('TRAINING_NOTHING_TO_CONFIRM');
    const enrolments = await this.em.find(TrainingEnrolment, { id: { $in: ids } }, { orderBy: { createdAt: 'asc' } });
    if (project.level === 'school') return this.sendSchoolCredits(project, enrolments);
    const province = project.level === 'national' ? p.unitId : await provinceOfPath(this.em, project.ownerPath);
    await this.em.transactional(async (tx) => {
      const rule = await ruleInForce(tx, province, project.endDate);
      const credited = await confirmEnrolments(tx, project, enrolments, rule, p.accountId, await projectOrganizer(tx, project));
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.credits_confirmed', targetType: 'TrainingProject', targetId: project.id,
        detail: { confirmed: enrolments.length, credited, ruleId: rule.id, hoursPerCredit: rule.hoursPerCredit } })]);
    });
    return enrolments;
  }

  private async sendSchoolCredits(project: TrainingProject, enrolments: TrainingEnrolment[]): Promise<TrainingEnrolment[]> {
    const owner = await this.em.findOneOrFail(Unit, { id: project.ownerUnitId });
    const authority = await new UnitService(this.ctx).supervisingAuthority(owner);
    if (!authority) throw new AppError('TRAINING_NO_AUTHORITY');
    await this.em.transactional(async (tx) => {
      const c = await new ApprovalService(this.ctx).open({
        type: SCHOOL_CREDITS.type, subjectType: 'TrainingProject', subjectId: project.id, parties: { authority: authority.id, school: owner.id },
        partyPaths: [authority.path, owner.path], payload: { project: project.name, participants: enrolments.length },
      }, tx);
      for (const e of enrolments) Object.assign(e, { status: 'pending_confirmation', caseId: c.id });
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.credits_sent', targetType: 'TrainingProject', targetId: project.id, detail: { caseId: c.id, participants: enrolments.length } })]);
    });
    return enrolments;
  }
}
