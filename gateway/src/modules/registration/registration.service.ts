import { isCollected } from '@tmis/shared';
import { pageWindow, withinCap, type ListCap } from '../../platform/graphql/paging.js';
import { pgArray } from '../../platform/db/sql.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ErrorCode } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, type Filter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { isStepActor } from '../../platform/approvals/workflow-definition.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { UnitService } from '../units/unit.service.js';
import { RegistrationApplication, RegistrationBatch, type RegistrationResult } from './registration.entity.js';
import { currentQualification, eligibilityOf, lastDecision } from './registration-facts.js';
import { failedReasons, type Cycle, type Eligibility } from './eligibility.js';
import { REGISTRATION, registerRegistrationHooks } from './registration.workflow.js';

registerRegistrationHooks();

export interface ApplyInput { schoolId: string; year: number; items: { teacherId: string; certificateNo: string }[] }
export interface DecisionInput { applicationId: string; result: RegistrationResult; reason?: string | null }
export interface DueRow {
  teacherId: string; teacherNo: string; name: string; schoolId: string; recordId: string; certificateNo: string; type: string | null;
  lastResult: string | null; validUntil: string | null; inProgress: boolean;
}

const RESULTS: readonly RegistrationResult[] = ['registered', 'deferred', 'refused'];
const CURRENT_QUALIFICATION = `q.info_set = 'qualification' and q.status = 'effective' and q.valid_to is null and q.change_kind <> 'delete'`;

/** 教师资格定期注册: eligibility, the list of those due, applications (single or a school's batch), the decision. */
/** The old unpaged `registrationsDue` answers at most 2,000 rows and refuses more (LIST_TOO_LARGE); the page query lists them all. */
export const REGISTRATIONS_DUE_CAP: ListCap = { cap: 2000, paged: 'registrationsDuePage' };

export interface DueSummary { total: number; inProgress: number; first: number; deferred: number; expiring: number }

export class RegistrationService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** Eligibility condition by condition; it rests on assessments and ethics, so only those who may read them see it. */
  async eligibility(teacherId: string, certificateNo: string, year: number): Promise<{ cycle: Cycle; eligibility: Eligibility }> {
    const t = await new TeacherService(this.ctx).get(teacherId);
    for (const field of ['assessments', 'ethicsRecords']) if (!canOn(this.ctx.ability, 'read', 'Teacher', t, field)) throw new AppError('FIELD_FORBIDDEN', { field });
    if (!(await currentQualification(this.em, t.id, certificateNo))) throw new AppError('QUALIFICATION_NOT_FOUND');
    return eligibilityOf(this.em, t.id, certificateNo, year);
  }

  /**
   * The same for a qualification listed to the caller: null (not an error) when its record is not
   * effective yet or the caller may not read assessments and ethics, so a list never fails for it.
   */
  async eligibilityIfVisible(teacherId: string, certificateNo: string, recordStatus: string, year: number): Promise<{ cycle: Cycle; eligibility: Eligibility } | null> {
    if (recordStatus !== 'effective' || !Number.isInteger(year) || year < 2000 || year > 2100) return null;
    const t = await new TeacherService(this.ctx).get(teacherId);
    if (!['assessments', 'ethicsRecords'].every((field) => canOn(this.ctx.ability, 'read', 'Teacher', t, field))) return null;
    return eligibilityOf(this.em, t.id, certificateNo, year);
  }

  /**
   * Qualifications due for registration in `year` in the caller's scope (optionally one unit's
   * subtree): no registration valid beyond that year, not refused. The teacher scope is the
   * SQL of the caller's rules, embedded as a subquery.
   */
  async due(unitId: string | null | undefined, year: number): Promise<DueRow[]> {
    const page = await this.duePage(unitId, year, REGISTRATIONS_DUE_CAP.cap, 0, { limit: REGISTRATIONS_DUE_CAP.cap, offset: 0 });
    return withinCap(REGISTRATIONS_DUE_CAP, page.nodes, page.totalCount);
  }

  /**
   * A page of the qualifications due (issue 16.2: never cut off), with the counts of the whole
   * list by reason — first registration, after a deferral, validity running out — and in progress.
   */
  async duePage(unitId: string | null | undefined, year: number, first: number, offset: number, window = pageWindow(first, offset)): Promise<{ nodes: DueRow[]; totalCount: number; summary: DueSummary }> {
    requirePrincipal(this.ctx);
    const where: Filter[] = [requireScope(this.ctx.ability, 'read', 'Teacher'), { employmentStatus: { $in: ['active', 'long_absence'] } }];
    if (unitId) where.push({ scopePath: { $like: `${(await new UnitService(this.ctx).get(unitId)).path}%` } });
    const scoped = this.em.createQueryBuilder(Teacher, 't').select('t.id').where({ $and: where } as never).getFormattedQuery();
    const rows = await this.em.getConnection().execute<Record<string, unknown>[]>(
      `with due as (
       select t.id as teacher_id, t.teacher_no, t.name, t.school_id, t.scope_path, q.id as record_id, q.data->>'certificateNo' as certificate_no, q.data->>'type' as type,
              last.status as last_status, to_char(last.valid_until, 'YYYY-MM-DD') as valid_until,
              exists (select 1 from registration_application o join registration_batch b on b.id = o.batch_id join approval_case c on c.id = b.case_id
                       where o.teacher_id = q.teacher_id and o.certificate_no = q.data->>'certificateNo' and o.status = 'in_review' and c.status = 'in_progress') as in_progress
         from archive_record q join teacher t on t.id = q.teacher_id
         left join lateral (select a.status, a.valid_until from registration_application a
                             where a.teacher_id = q.teacher_id and a.certificate_no = q.data->>'certificateNo' and a.status in ('registered', 'deferred', 'refused')
                             order by a.decided_at desc limit 1) last on true
        where ${CURRENT_QUALIFICATION} and q.teacher_id in (${scoped}) and coalesce(last.status, '') <> 'refused'
          and not exists (select 1 from registration_application a where a.teacher_id = q.teacher_id and a.certificate_no = q.data->>'certificateNo'
                           and a.status = 'registered' and a.valid_until > make_date(?, 12, 31)))
       select d.*, count(*) over () as total,
              count(*) filter (where in_progress) over () as in_progress_n,
              count(*) filter (where last_status = 'deferred') over () as deferred_n,
              count(*) filter (where last_status = 'registered') over () as expiring_n
         from due d order by d.scope_path, d.teacher_no, d.record_id limit ? offset ?`, [year, window.limit, window.offset]);
    const head = rows[0];
    const n = (k: string): number => Number(head?.[k] ?? 0);
    // A page past the end has no row to carry the counts: count again without the window.
    const totals = head || window.offset === 0 ? null : await this.duePage(unitId, year, 1, 0);
    const totalCount = totals ? totals.totalCount : n('total');
    const summary: DueSummary = totals ? totals.summary : { total: totalCount, inProgress: n('in_progress_n'), deferred: n('deferred_n'), expiring: n('expiring_n'), first: totalCount - n('deferred_n') - n('expiring_n') };
    return {
      totalCount, summary,
      nodes: rows.map((r) => ({
        teacherId: String(r.teacher_id), teacherNo: String(r.teacher_no), name: String(r.name), schoolId: String(r.school_id), recordId: String(r.record_id),
        certificateNo: String(r.certificate_no), type: (r.type as string | null) ?? null, lastResult: (r.last_status as string | null) ?? null,
        validUntil: (r.valid_until as string | null) ?? null, inProgress: Boolean(r.in_progress),
      })),
    };
  }

  /** Applications whose case ended without approval (returned, withdrawn, cancelled) no longer block a new one. */
  private async closeStale(teacherIds: string[]): Promise<void> {
    await this.em.getConnection().execute(
      `update registration_application o set status = 'returned', updated_at = now() from registration_batch b join approval_case c on c.id = b.case_id
        where b.id = o.batch_id and o.status = 'in_review' and c.status in ('returned', 'withdrawn', 'cancelled') and o.teacher_id = any(?::uuid[])`, [pgArray(teacherIds)]);
  }

  /** 申请定期注册: one teacher, or a school's batch; every item must pass or nothing is filed. */
  async apply(input: ApplyInput): Promise<RegistrationBatch> {
    const actor = requireActor(this.ctx);
    const units = new UnitService(this.ctx);
    const school = await units.get(input.schoolId);
    if (school.level !== 'school' && school.level !== 'department') throw new AppError('REGISTRATION_WRONG_SCHOOL');
    const authority = await units.supervisingAuthority(school);
    if (!authority) throw new AppError('TRAINING_NO_AUTHORITY');
    const items = [...new Map((input.items ?? []).map((i) => [`${i.teacherId}|${i.certificateNo.trim()}`, { teacherId: i.teacherId, certificateNo: i.certificateNo.trim() }])).values()];
    if (items.length === 0) throw new AppError('REGISTRATION_EMPTY');
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 2100) throw new AppError('VALIDATION_FAILED', { field: 'year' });
    const ids = [...new Set(items.map((i) => i.teacherId))];
    const teachers = await this.em.find(Teacher, { $and: [{ id: { $in: ids } }, requireScope(this.ctx.ability, 'read', 'Teacher')] } as never);
    if (teachers.length !== ids.length) throw notFoundOrNoAccess();
    const byId = new Map(teachers.map((t) => [t.id, t]));
    await this.closeStale(ids);
    const prepared: { item: (typeof items)[number]; teacher: Teacher; recordId: string; cycle: Cycle; eligibility: Eligibility }[] = [];
    for (const item of items) {
      const t = byId.get(item.teacherId)!;
      const fail = (code: ErrorCode): never => { throw new AppError(code, { teacherId: t.id, certificateNo: item.certificateNo }); };
      if (!t.scopePath.startsWith(school.path)) fail('REGISTRATION_WRONG_SCHOOL');
      if (!canOn(this.ctx.ability, 'create', 'QualificationRegistration', { teacherId: t.id, scopePath: t.scopePath })) fail('FORBIDDEN');
      if (!isCollected(t.employmentStatus)) fail('TEACHER_NOT_COLLECTED');
      const q = await currentQualification(this.em, t.id, item.certificateNo);
      if (!q) fail('QUALIFICATION_NOT_FOUND');
      const last = await lastDecision(this.em, t.id, item.certificateNo);
      if (last?.status === 'refused') fail('QUALIFICATION_LAPSED');
      if (last?.status === 'registered' && last.validUntil && last.validUntil > `${input.year}-12-31`) fail('REGISTRATION_NOT_DUE');
      if (await this.em.count(RegistrationApplication, { teacherId: t.id, certificateNo: item.certificateNo, status: 'in_review' })) fail('REGISTRATION_IN_PROGRESS');
      const { cycle, eligibility } = await eligibilityOf(this.em, t.id, item.certificateNo, input.year);
      prepared.push({ item, teacher: t, recordId: q!.id, cycle, eligibility });
    }
    const batch = this.em.create(RegistrationBatch, {
      schoolId: school.id, schoolPath: school.path, authorityId: authority.id, year: input.year, size: prepared.length, createdBy: actor.accountId,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(batch);
      await tx.flush();
      for (const p of prepared) {
        tx.persist(tx.create(RegistrationApplication, {
          batchId: batch.id, teacherId: p.teacher.id, scopePath: p.teacher.scopePath, schoolId: p.teacher.school.id, certificateNo: p.item.certificateNo,
          qualificationRecordId: p.recordId, year: input.year, cycleStartYear: p.cycle.startYear, cycleEndYear: p.cycle.endYear, eligibility: p.eligibility,
          createdBy: actor.accountId,
        }));
      }
      await tx.flush();
      const c = await new ApprovalService(this.ctx).open({
        type: REGISTRATION.type, subjectType: 'RegistrationBatch', subjectId: batch.id, parties: { school: school.id, authority: authority.id },
        partyPaths: [school.path, authority.path], payload: { year: input.year, teachers: prepared.length, eligible: prepared.filter((p) => p.eligibility.eligible).length },
      }, tx);
      batch.caseId = c.id;
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'registration.apply', targetType: 'RegistrationBatch', targetId: batch.id, detail: { year: input.year, size: prepared.length, caseId: c.id } })]);
    });
    return batch;
  }

  async batch(id: string): Promise<RegistrationBatch> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'QualificationRegistration');
    const b = await this.em.findOne(RegistrationBatch, { id }).catch(() => null);
    // Visible when one of its applications is: the scope is on the applications.
    if (!b || !(await this.em.count(RegistrationApplication, { $and: [{ batchId: b.id }, scope] } as never))) throw notFoundOrNoAccess();
    return b;
  }

  async applications(batchId: string): Promise<RegistrationApplication[]> {
    const scope = requireScope(this.ctx.ability, 'read', 'QualificationRegistration');
    return this.em.find(RegistrationApplication, { $and: [{ batchId }, scope] } as never, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /** Registration history of a teacher (in progress and decided), oldest first. */
  async history(teacherId: string): Promise<RegistrationApplication[]> {
    const t = await new TeacherService(this.ctx).get(teacherId);
    const scope = requireScope(this.ctx.ability, 'read', 'QualificationRegistration');
    return this.em.find(RegistrationApplication, { $and: [{ teacherId: t.id }, scope] } as never, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  /**
   * The authority's decision (合格 registered / 暂缓注册 deferred / 不予注册 refused) for the
   * applications of a batch at its step; then the final approval applies them all (applications
   * not named follow their eligibility).
   */
  async decide(batchId: string, decisions: DecisionInput[], comment: string | null | undefined): Promise<RegistrationBatch> {
    const p = requirePrincipal(this.ctx);
    const batch = await this.batch(batchId);
    const approvals = new ApprovalService(this.ctx);
    const c = await approvals.get(batch.caseId!);
    if (c.status !== 'in_progress' || REGISTRATION.steps[c.currentStep]?.key !== 'authority'
      || !isStepActor(REGISTRATION, c, { accountId: p.accountId, unitId: p.unitId, role: p.role })) throw new AppError('REGISTRATION_NOT_AT_DECISION');
    const apps = new Map((await this.em.find(RegistrationApplication, { batchId: batch.id, status: 'in_review' })).map((a) => [a.id, a]));
    for (const d of decisions) {
      const a = apps.get(d.applicationId);
      if (!a) throw notFoundOrNoAccess();
      if (!RESULTS.includes(d.result)) throw new AppError('VALIDATION_FAILED', { field: 'result' });
      let reason = d.reason?.trim() || null;
      const { eligibility } = await eligibilityOf(this.em, a.teacherId, a.certificateNo, a.year);
      if (d.result === 'registered' && !eligibility.eligible) throw new AppError('REGISTRATION_NOT_ELIGIBLE', { applicationId: a.id, reasons: failedReasons(eligibility) });
      // A deferral may rest on the unmet conditions; a refusal always states its own reason.
      if (d.result === 'deferred' && !reason && !eligibility.eligible) reason = failedReasons(eligibility);
      if (d.result !== 'registered' && !reason) throw new AppError('REGISTRATION_REASON_REQUIRED', { applicationId: a.id });
      Object.assign(a, { decision: d.result, decisionReason: reason ? reason.slice(0, 1000) : null });
    }
    await this.em.flush();
    await approvals.act(c.id, 'approve', comment ?? null, c.version);
    return batch;
  }
}
