import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { actorOf, ActorGql } from '../../platform/graphql/actor.js';
import { Teacher } from '../teachers/teacher.entity.js';
import type { TrainingCredit, TrainingEnrolment, TrainingProject, TrainingRule, TrainingSelfStudy } from './training.entity.js';
import { TrainingService } from './training.service.js';
import { TrainingRuleService } from './training-rule.service.js';
import { TrainingCreditService } from './training-credits.service.js';
import { TrainingImportService, type ImportOutcome } from './training-import.service.js';
import {
  TrainingCompletionGql, TrainingEnrolmentGql, TrainingImportResultGql, TrainingProjectGql, TrainingProjectInput, TrainingProjectPageGql, TrainingResultInput, TrainingRuleGql,
  TrainingRuleInput, TrainingSelfStudyGql, TrainingSelfStudyInput, TrainingTotalsGql, TrainingInstitutionGql, TrainingCreditGql,
} from './training.types.js';

const ruleGql = (r: TrainingRule): TrainingRuleGql => ({
  id: r.id, provinceUnitId: r.provinceUnitId ?? null, effectiveFrom: r.effectiveFrom, hoursPerCredit: r.hoursPerCredit, cycleHours: r.cycleHours,
  cycleStartYear: r.cycleStartYear, selfStudyClaimHours: r.selfStudyClaimHours, selfStudyYearHours: r.selfStudyYearHours, note: r.note ?? null, createdAt: r.createdAt,
});
const projectGql = (p: TrainingProject, c?: { enrolled: number; submitted: number; confirmed: number; completed: number }): TrainingProjectGql => ({
  id: p.id, name: p.name, level: p.level, ownerUnitId: p.ownerUnitId, year: p.year, startDate: p.startDate, endDate: p.endDate, hours: p.hours,
  credits: p.credits ?? null, targetParticipants: p.targetParticipants ?? null, institutionIds: p.institutionIds.split(' ').filter(Boolean),
  status: p.status, cancelReason: p.cancelReason ?? null, caseId: p.caseId ?? null, enrolled: c?.enrolled ?? 0, submitted: c?.submitted ?? 0, confirmed: c?.confirmed ?? 0, completed: c?.completed ?? 0,
});
const creditGql = (c: TrainingCredit): TrainingCreditGql => ({
  id: c.id, teacherId: c.teacherId, source: c.source, projectId: c.projectId ?? null, title: c.title, level: c.level ?? null, year: c.year, endDate: c.endDate,
  hours: c.hours, credits: c.credits, ruleId: c.ruleId ?? null, enteredBy: c.enteredBy ?? null, confirmedBy: c.confirmedBy, confirmedAt: c.confirmedAt,
  archiveRecordId: c.archiveRecordId ?? null, enteredAt: c.enteredAt ?? null,
});
const selfStudyGql = (s: TrainingSelfStudy): TrainingSelfStudyGql => ({
  id: s.id, teacherId: s.teacherId, title: s.title, organizer: s.organizer ?? null, startDate: s.startDate, endDate: s.endDate, hours: s.hours,
  status: s.status, credits: s.credits ?? null, caseId: s.caseId ?? null,
});
const importGql = (o: ImportOutcome): TrainingImportResultGql => ({ ok: o.ok, rows: o.rows, written: o.written, errors: o.errors, errorReport: o.errorReport?.toString('base64') ?? null });
const fileOf = (base64: string): Buffer => Buffer.from(base64 ?? '', 'base64');

async function enrolmentsGql(ctx: RequestContext, list: TrainingEnrolment[]): Promise<TrainingEnrolmentGql[]> {
  // Names of participants the caller already may see through the project; one query per page.
  const teachers = list.length ? await ctx.em.find(Teacher, { id: { $in: [...new Set(list.map((e) => e.teacherId))] } }) : [];
  const byId = new Map(teachers.map((t) => [t.id, t]));
  return list.map((e) => ({
    id: e.id, projectId: e.projectId, teacherId: e.teacherId, teacherNo: byId.get(e.teacherId)?.teacherNo ?? null, teacherName: byId.get(e.teacherId)?.name ?? null,
    schoolId: e.schoolId, status: e.status, completed: e.completed ?? null, hours: e.hours ?? null, resultBy: e.resultBy ?? null, credits: e.credits ?? null,
    confirmedHours: e.confirmedHours ?? null, ruleId: e.ruleId ?? null, confirmedBy: e.confirmedBy ?? null, confirmedAt: e.confirmedAt ?? null,
    archiveRecordId: e.archiveRecordId ?? null, caseId: e.caseId ?? null,
  }));
}

@Resolver()
export class TrainingResolver {
  @Query(() => [TrainingInstitutionGql], { description: '可选的培训承办机构（登记培训项目时选择）：按机构名称或所在单位搜索，返回前 first 条' })
  trainingInstitutions(@Ctx() ctx: RequestContext,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50): Promise<TrainingInstitutionGql[]> {
    return new TrainingService(ctx).institutionDirectory(search ?? null, first);
  }

  @Query(() => [TrainingRuleGql], { description: '学时学分转化规则的各版本（默认本省）及系统默认规则' })
  async trainingRules(@Ctx() ctx: RequestContext, @Arg('provinceUnitId', () => ID, { nullable: true }) provinceUnitId?: string): Promise<TrainingRuleGql[]> {
    return (await new TrainingRuleService(ctx).versions(provinceUnitId)).map(ruleGql);
  }

  @Query(() => TrainingRuleGql, { description: '某日生效的转化规则' })
  async trainingRuleInForce(@Ctx() ctx: RequestContext, @Arg('provinceUnitId', () => ID, { nullable: true }) provinceUnitId?: string, @Arg('date', () => String, { nullable: true }) date?: string): Promise<TrainingRuleGql> {
    return ruleGql(await new TrainingRuleService(ctx).inForce(provinceUnitId, date));
  }

  @Mutation(() => TrainingRuleGql, { description: '新增本省转化规则版本（省级信息管理员）' })
  async addTrainingRuleVersion(@Arg('input') input: TrainingRuleInput, @Ctx() ctx: RequestContext): Promise<TrainingRuleGql> {
    return ruleGql(await new TrainingRuleService(ctx).add(input));
  }

  @Mutation(() => TrainingProjectGql, { description: '登记本单位培训项目（校本研修须主管部门审核）' })
  async createTrainingProject(@Arg('input') input: TrainingProjectInput, @Ctx() ctx: RequestContext): Promise<TrainingProjectGql> {
    return projectGql(await new TrainingService(ctx).create(input));
  }

  @Query(() => TrainingProjectGql, { description: '培训项目' })
  async trainingProject(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TrainingProjectGql> {
    const s = new TrainingService(ctx);
    const p = await s.project(id);
    return projectGql(p, (await s.counts([p.id])).get(p.id));
  }

  @Query(() => [TrainingProjectGql], {
    description: '培训计划：某单位某年度的培训项目（不指定单位时为可见的全部项目）。至多 500 个，超过时报 LIST_TOO_LARGE；分页请用 trainingProjectPage',
    deprecationReason: '用 trainingProjectPage（分页、含总数）',
  })
  async trainingProjects(@Ctx() ctx: RequestContext, @Arg('ownerUnitId', () => ID, { nullable: true }) ownerUnitId?: string, @Arg('year', () => Int, { nullable: true }) year?: number): Promise<TrainingProjectGql[]> {
    const s = new TrainingService(ctx);
    const list = await s.projects({ ownerUnitId, year });
    const counts = await s.counts(list.map((p) => p.id));
    return list.map((p) => projectGql(p, counts.get(p.id)));
  }

  @Query(() => TrainingProjectPageGql, { description: '培训计划分页：某单位某年度的培训项目（不指定单位时为可见的全部项目），含总数' })
  async trainingProjectPage(
    @Ctx() ctx: RequestContext,
    @Arg('ownerUnitId', () => ID, { nullable: true }) ownerUnitId?: string,
    @Arg('year', () => Int, { nullable: true }) year?: number,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<TrainingProjectPageGql> {
    const s = new TrainingService(ctx);
    const page = await s.projectPage({ ownerUnitId, year }, first, offset);
    const counts = await s.counts(page.nodes.map((p) => p.id));
    return { nodes: page.nodes.map((p) => projectGql(p, counts.get(p.id))), totalCount: page.totalCount };
  }

  @Mutation(() => TrainingProjectGql, { description: '撤销误登记的培训项目（项目单位；已有学分确认或审核中的不能撤销）' })
  async cancelTrainingProject(@Arg('projectId', () => ID) projectId: string, @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<TrainingProjectGql> {
    return projectGql(await new TrainingService(ctx).cancelProject(projectId, reason));
  }

  @Mutation(() => ID, { description: '将误报名的教师移出项目（尚无培训结果时；返回被移出的报名记录ID）' })
  async withdrawTrainingEnrolment(@Arg('enrolmentId', () => ID) enrolmentId: string, @Ctx() ctx: RequestContext): Promise<string> {
    return (await new TrainingService(ctx).withdrawEnrolment(enrolmentId)).id;
  }

  @Mutation(() => [TrainingEnrolmentGql], { description: '报名：学校为本校教师报名，或项目主管单位为管辖范围内教师报名' })
  async enrolTeachers(@Arg('projectId', () => ID) projectId: string, @Arg('teacherIds', () => [ID]) teacherIds: string[], @Ctx() ctx: RequestContext): Promise<TrainingEnrolmentGql[]> {
    return enrolmentsGql(ctx, await new TrainingService(ctx).enrol(projectId, teacherIds));
  }

  @Mutation(() => TrainingImportResultGql, { description: 'Excel 报名（file 为 .xlsx 的 base64）；有错误行时不写入' })
  async importTrainingEnrolments(@Arg('projectId', () => ID) projectId: string, @Arg('file') file: string, @Ctx() ctx: RequestContext): Promise<TrainingImportResultGql> {
    return importGql(await new TrainingImportService(ctx).enrolmentsFromFile(projectId, fileOf(file)));
  }

  @Query(() => [TrainingEnrolmentGql], { description: '项目参训人员及结果' })
  async trainingEnrolments(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: RequestContext): Promise<TrainingEnrolmentGql[]> {
    return enrolmentsGql(ctx, await new TrainingService(ctx).enrolments(projectId));
  }

  @Mutation(() => [TrainingEnrolmentGql], { description: '培训承办机构（或项目单位）提交培训结果' })
  async submitTrainingResults(@Arg('projectId', () => ID) projectId: string, @Arg('results', () => [TrainingResultInput]) results: TrainingResultInput[], @Ctx() ctx: RequestContext): Promise<TrainingEnrolmentGql[]> {
    return enrolmentsGql(ctx, await new TrainingService(ctx).submitResults(projectId, results));
  }

  @Mutation(() => TrainingImportResultGql, { description: 'Excel 提交培训结果（file 为 .xlsx 的 base64）；有错误行时不写入' })
  async importTrainingResults(@Arg('projectId', () => ID) projectId: string, @Arg('file') file: string, @Ctx() ctx: RequestContext): Promise<TrainingImportResultGql> {
    return importGql(await new TrainingImportService(ctx).resultsFromFile(projectId, fileOf(file)));
  }

  @Query(() => String, { description: 'Excel 模板（base64）：enrolments 报名名单 / results 培训结果（已填入参训人员）' })
  async trainingTemplate(@Arg('kind') kind: string, @Ctx() ctx: RequestContext, @Arg('projectId', () => ID, { nullable: true }) projectId?: string): Promise<string> {
    return (await new TrainingImportService(ctx).template(kind === 'results' ? 'results' : 'enrolments', projectId)).toString('base64');
  }

  @Mutation(() => [TrainingEnrolmentGql], { description: '审核并确认学分（国家级项目由省级按本省规则确认；校本研修送主管部门审核）' })
  async confirmTrainingCredits(@Arg('projectId', () => ID) projectId: string, @Ctx() ctx: RequestContext, @Arg('enrolmentIds', () => [ID], { nullable: true }) enrolmentIds?: string[]): Promise<TrainingEnrolmentGql[]> {
    return enrolmentsGql(ctx, await new TrainingService(ctx).confirm(projectId, enrolmentIds));
  }

  @Query(() => TrainingTotalsGql, { description: '教师学时学分：按年度、按五年周期汇总及明细' })
  async trainingTotals(@Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext): Promise<TrainingTotalsGql> {
    const s = new TrainingCreditService(ctx);
    const totals = await s.totals(teacherId);
    return { teacherId, years: totals.years, cycles: totals.cycles, credits: (await s.credits(teacherId)).map(creditGql) };
  }

  @Query(() => TrainingCompletionGql, { description: '管辖范围内培训完成情况（按下级单位）' })
  async trainingCompletion(@Arg('unitId', () => ID) unitId: string, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<TrainingCompletionGql> {
    const r = await new TrainingCreditService(ctx).completion(unitId, year);
    return { year, cycleStartYear: r.cycle.startYear, cycleEndYear: r.cycle.endYear, requiredHours: r.cycle.requiredHours, rows: r.rows, total: r.total };
  }

  @Mutation(() => TrainingSelfStudyGql, { description: '申请自主研修学分（学校审核、主管部门确认）' })
  async submitSelfStudy(@Arg('input') input: TrainingSelfStudyInput, @Ctx() ctx: RequestContext): Promise<TrainingSelfStudyGql> {
    return selfStudyGql(await new TrainingCreditService(ctx).submitSelfStudy(input));
  }

  @Query(() => [TrainingSelfStudyGql], { description: '教师自主研修学分申请' })
  async selfStudies(@Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext): Promise<TrainingSelfStudyGql[]> {
    return (await new TrainingCreditService(ctx).selfStudies(teacherId)).map(selfStudyGql);
  }
}

/** Who entered a credit's result and who confirmed it, by name, unit and time, for whoever may read the credit. */
@Resolver(() => TrainingCreditGql)
export class TrainingCreditResolver {
  @FieldResolver(() => ActorGql, { nullable: true, description: '结果填报人（培训机构或申请自主研修的教师）：姓名、单位、时间' })
  entered(@Root() c: TrainingCreditGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return actorOf(ctx, c.enteredBy, c.enteredAt);
  }

  @FieldResolver(() => ActorGql, { nullable: true, description: '确认人：姓名、单位、时间' })
  confirmed(@Root() c: TrainingCreditGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return actorOf(ctx, c.confirmedBy, c.confirmedAt);
  }
}
