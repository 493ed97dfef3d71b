import { isCollected, todayInChina, yearInChina } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, type Filter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { TeacherService } from '../teachers/teacher.service.js';
import { UnitService } from '../units/unit.service.js';
import { Unit } from '../units/unit.entity.js';
import type { Teacher } from '../teachers/teacher.entity.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { TrainingCredit, TrainingSelfStudy, type TrainingRule } from './training.entity.js';
import { cycleOf, projectProblem, selfStudyProblem } from './training-rules.js';
import { provinceOfPath, ruleInForce } from './training-rule.service.js';
import { registerTrainingHooks, SELF_STUDY } from './training.workflows.js';

registerTrainingHooks();

export interface SelfStudyInput { teacherId: string; title: string; organizer?: string | null; startDate: string; endDate: string; hours: number }
export interface YearTotal { year: number; hours: number; credits: number; records: number }
export interface CycleTotal { startYear: number; endYear: number; hours: number; credits: number; requiredHours: number; met: boolean }
export interface CompletionRow {
  unitId: string; unitName: string; teachers: number; creditedTeachers: number; hours: number; credits: number;
  enrolments: number; completedEnrolments: number; cycleMetTeachers: number;
}


/** Credits of teachers: the ledger, totals per year and per five-year cycle, unit statistics, self-study. */
export class TrainingCreditService {
  constructor(private readonly ctx: RequestContext) {}

  /** The teacher (in scope) and the right to read their credits. */
  private async teacher(teacherId: string): Promise<Teacher> {
    const t = await new TeacherService(this.ctx).get(teacherId);
    if (!canOn(this.ctx.ability, 'read', 'TrainingCredit', { teacherId: t.id, scopePath: t.scopePath })) throw new AppError('FORBIDDEN');
    return t;
  }

  async credits(teacherId: string): Promise<TrainingCredit[]> {
    const t = await this.teacher(teacherId);
    const where: Filter[] = [requireScope(this.ctx.ability, 'read', 'TrainingCredit'), { teacherId: t.id }];
    return this.ctx.em.find(TrainingCredit, { $and: where } as never, { orderBy: { endDate: 'asc', createdAt: 'asc' } });
  }

  /** 学时学分汇总: per year, and per five-year cycle against the province's required hours. */
  async totals(teacherId: string): Promise<{ years: YearTotal[]; cycles: CycleTotal[]; ruleId: string }> {
    const t = await this.teacher(teacherId);
    const rows = await this.ctx.em.getConnection().execute<{ year: number; hours: string; credits: string; n: number }[]>(
      `select year, sum(hours) as hours, sum(credits) as credits, count(*)::int as n from training_credit where teacher_id = ? group by year order by year`, [t.id]);
    const years = rows.map((r) => ({ year: r.year, hours: Number(r.hours), credits: Number(r.credits), records: r.n }));
    const rule = await ruleInForce(this.ctx.em, await provinceOfPath(this.ctx.em, t.scopePath), todayInChina());
    const byCycle = new Map<number, CycleTotal>();
    const now = cycleOf(yearInChina(), rule.cycleStartYear);
    for (const y of [...years, { year: now.startYear, hours: 0, credits: 0 }]) {
      const c = cycleOf(y.year, rule.cycleStartYear);
      const acc = byCycle.get(c.startYear) ?? { ...c, hours: 0, credits: 0, requiredHours: rule.cycleHours, met: false };
      acc.hours = Math.round((acc.hours + y.hours) * 10) / 10;
      acc.credits = Math.round((acc.credits + y.credits) * 10) / 10;
      acc.met = acc.hours >= acc.requiredHours;
      byCycle.set(c.startYear, acc);
    }
    return { years, cycles: [...byCycle.values()].sort((a, b) => a.startYear - b.startYear), ruleId: rule.id };
  }

  /**
   * 完成情况统计 for a unit in scope and a year: per unit directly below (and the unit's own staff),
   * active teachers, those with credits that year, hours, credits, enrolments and completions, and
   * those who reached the cycle's required hours. One query over the subtree.
   */
  async completion(unitId: string, year: number): Promise<{ rows: CompletionRow[]; total: CompletionRow; cycle: { startYear: number; endYear: number; requiredHours: number } }> {
    requirePrincipal(this.ctx);
    requireScope(this.ctx.ability, 'read', 'TrainingCredit');
    const unit = await new UnitService(this.ctx).get(unitId);
    if (!canOn(this.ctx.ability, 'read', 'TrainingCredit', { scopePath: unit.path, teacherId: null })) throw new AppError('FORBIDDEN');
    const rule = await ruleInForce(this.ctx.em, await provinceOfPath(this.ctx.em, unit.path), `${year}-12-31`);
    const cycle = cycleOf(year, rule.cycleStartYear);
    const rows = await this.ctx.em.getConnection().execute<Record<string, string | number>[]>(
      `with kids as (
         select id, name, path, false as own from unit where parent_id = ? and status = 'active'
         union all select id, name, path, true from unit where id = ?),
       t as (select id, scope_path from teacher where scope_path like ? and employment_status in ('active', 'long_absence')),
       c as (select teacher_id, sum(hours) filter (where year = ?) as yh, sum(credits) filter (where year = ?) as yc,
                    sum(hours) filter (where year between ? and ?) as ch
               from training_credit where teacher_id in (select id from t) group by teacher_id),
       e as (select en.teacher_id, count(*) as n, count(*) filter (where en.status = 'confirmed' and en.completed) as done
               from training_enrolment en join training_project p on p.id = en.project_id
              where p.year = ? and en.teacher_id in (select id from t) group by en.teacher_id)
       select k.id as unit_id, k.name as unit_name, k.own, count(t.id)::int as teachers,
              count(t.id) filter (where coalesce(c.yh, 0) > 0)::int as credited, coalesce(sum(c.yh), 0)::float as hours, coalesce(sum(c.yc), 0)::float as credits,
              coalesce(sum(e.n), 0)::int as enrolments, coalesce(sum(e.done), 0)::int as completed,
              count(t.id) filter (where coalesce(c.ch, 0) >= ?)::int as met
         from kids k
         left join t on (k.own and t.scope_path = k.path) or (not k.own and t.scope_path like k.path || '%')
         left join c on c.teacher_id = t.id left join e on e.teacher_id = t.id
        group by k.id, k.name, k.path, k.own order by k.own desc, k.path`,
      [unit.id, unit.id, `${unit.path}%`, year, year, cycle.startYear, cycle.endYear, year, rule.cycleHours]);
    const list: CompletionRow[] = rows.map((r) => ({
      unitId: String(r.unit_id), unitName: r.own ? `${r.unit_name}（本级）` : String(r.unit_name), teachers: Number(r.teachers), creditedTeachers: Number(r.credited),
      hours: Number(r.hours), credits: Number(r.credits), enrolments: Number(r.enrolments), completedEnrolments: Number(r.completed), cycleMetTeachers: Number(r.met),
    }));
    const sum = (k: keyof CompletionRow): number => Math.round(list.reduce((a, r) => a + Number(r[k]), 0) * 10) / 10;
    const total: CompletionRow = {
      unitId: unit.id, unitName: `${unit.name}（合计）`, teachers: sum('teachers'), creditedTeachers: sum('creditedTeachers'), hours: sum('hours'), credits: sum('credits'),
      enrolments: sum('enrolments'), completedEnrolments: sum('completedEnrolments'), cycleMetTeachers: sum('cycleMetTeachers'),
    };
    return { rows: list, total, cycle: { ...cycle, requiredHours: rule.cycleHours } };
  }

  /** 自主研修: the teacher (or the school) claims; the school reviews, the authority confirms the credits. */
  async submitSelfStudy(input: SelfStudyInput): Promise<TrainingSelfStudy> {
    const actor = requireActor(this.ctx);
    const t = await new TeacherService(this.ctx).get(input.teacherId);
    if (!canOn(this.ctx.ability, 'create', 'TrainingSelfStudy', { teacherId: t.id, scopePath: t.scopePath })) throw new AppError('FORBIDDEN');
    if (!isCollected(t.employmentStatus)) throw new AppError('TEACHER_NOT_COLLECTED', { status: t.employmentStatus });
    const title = input.title?.trim();
    if (!title) throw new AppError('VALIDATION_FAILED', { field: 'title' }, '请填写研修内容');
    const problem = projectProblem({ startDate: input.startDate, endDate: input.endDate, hours: input.hours });
    if (problem) throw new AppError(problem);
    const units = new UnitService(this.ctx);
    const school = await this.ctx.em.findOneOrFail(Unit, { id: t.school.id });
    const authority = await units.supervisingAuthority(school);
    if (!authority) throw new AppError('TRAINING_NO_AUTHORITY');
    const rule = await ruleInForce(this.ctx.em, await provinceOfPath(this.ctx.em, t.scopePath), input.endDate);
    const s = this.ctx.em.create(TrainingSelfStudy, {
      teacherId: t.id, scopePath: t.scopePath, schoolId: school.id, title: title.slice(0, 200), organizer: input.organizer?.trim().slice(0, 100) || null,
      startDate: input.startDate, endDate: input.endDate, hours: input.hours, createdBy: actor.accountId,
    });
    await this.ctx.em.transactional(async (tx) => {
      await this.checkSelfStudyLimits(tx, t.id, input.endDate, input.hours, rule);
      tx.persist(s);
      await tx.flush();
      const c = await new ApprovalService(this.ctx).open({
        type: SELF_STUDY.type, subjectType: 'TrainingSelfStudy', subjectId: s.id, parties: { school: school.id, authority: authority.id },
        partyPaths: [school.path, authority.path, t.scopePath], payload: { teacherId: t.id, title: s.title, hours: s.hours },
      }, tx);
      s.caseId = c.id;
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.self_study_submit', targetType: 'TrainingSelfStudy', targetId: s.id, detail: { teacherId: t.id, hours: s.hours } })]);
    });
    return s;
  }

  /**
   * The province's limits (rule in force at the claim's end date): hours of one claim, and of the
   * claims of that year still pending or credited. The teacher's row is locked, so two claims at
   * once cannot both take the last hours of the year.
   */
  private async checkSelfStudyLimits(tx: EntityManager, teacherId: string, endDate: string, hours: number, rule: TrainingRule): Promise<void> {
    const conn = tx.getConnection();
    const trx = tx.getTransactionContext();
    await conn.execute('select id from teacher where id = ? for update', [teacherId], 'all', trx);
    const year = Number(endDate.slice(0, 4));
    const [{ h }] = await conn.execute<{ h: string }[]>(
      `select coalesce(sum(s.hours), 0) as h from training_self_study s left join approval_case c on c.id = s.case_id
        where s.teacher_id = ? and extract(year from s.end_date) = ? and (s.status = 'approved' or c.status = 'in_progress')`, [teacherId, year], 'all', trx) as [{ h: string }];
    const problem = selfStudyProblem(hours, Number(h), { claimHours: rule.selfStudyClaimHours, yearHours: rule.selfStudyYearHours });
    if (!problem) return;
    const d = problem.details;
    throw new AppError(problem.code, { ...d, year, ruleId: rule.id }, problem.code === 'TRAINING_SELF_STUDY_CLAIM_LIMIT'
      ? `自主研修每次申请不超过${d.max}学时（本省规定），本次申请${d.hours}学时`
      : `自主研修每年不超过${d.max}学时（本省规定，含审核中的申请）：${year}年已申请${d.claimed}学时，还可申请${d.remaining}学时`);
  }

  async selfStudies(teacherId: string): Promise<TrainingSelfStudy[]> {
    const t = await new TeacherService(this.ctx).get(teacherId);
    const where: Filter[] = [requireScope(this.ctx.ability, 'read', 'TrainingSelfStudy'), { teacherId: t.id }];
    return this.ctx.em.find(TrainingSelfStudy, { $and: where } as never, { orderBy: { createdAt: 'asc' } });
  }
}
