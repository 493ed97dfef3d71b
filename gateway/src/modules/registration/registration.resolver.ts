import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { QualificationService, type QualificationView } from './qualification.service.js';
import { RegistrationService } from './registration.service.js';
import { failedReasons } from './eligibility.js';
import type { RegistrationApplication, RegistrationBatch } from './registration.entity.js';
import {
  QualificationGql, QualificationInput, RegistrationApplicationGql, RegistrationApplyInput, RegistrationBatchGql, RegistrationDecisionInput,
  RegistrationDueGql, RegistrationDuePageGql, RegistrationEligibilityGql,
} from './registration.types.js';

const str = (v: unknown): string | null => (v === undefined || v === null || v === '' ? null : String(v));

const qualificationGql = (v: QualificationView): QualificationGql => ({
  recordId: v.record.id, teacherId: v.record.teacher.id, type: String(v.record.data.type ?? ''), subject: str(v.record.data.subject), certificateNo: String(v.record.data.certificateNo ?? ''),
  issuer: str(v.record.data.issuer), issueDate: str(v.record.data.issueDate), recordStatus: v.record.status, lastResult: v.lastResult, lastDecidedAt: v.lastDecidedAt,
  validUntil: v.validUntil, inProgress: v.inProgress,
});

const applicationGql = (a: RegistrationApplication): RegistrationApplicationGql => ({
  id: a.id, batchId: a.batchId, teacherId: a.teacherId, schoolId: a.schoolId, certificateNo: a.certificateNo, year: a.year, cycleStartYear: a.cycleStartYear,
  cycleEndYear: a.cycleEndYear, status: a.status, eligible: a.eligibility.eligible, conditions: a.eligibility.conditions, unmetReasons: failedReasons(a.eligibility) || null,
  resultReason: a.resultReason ?? null,
  decidedBy: a.decidedBy ?? null, decidedAt: a.decidedAt ?? null, validUntil: a.validUntil ?? null, archiveRecordId: a.archiveRecordId ?? null,
});

async function batchGql(s: RegistrationService, b: RegistrationBatch): Promise<RegistrationBatchGql> {
  return { id: b.id, schoolId: b.schoolId, authorityId: b.authorityId, year: b.year, size: b.size, caseId: b.caseId ?? null, applications: (await s.applications(b.id)).map(applicationGql) };
}

@Resolver(() => QualificationGql)
export class RegistrationResolver {
  @Query(() => [QualificationGql], { description: '教师资格及定期注册状态' })
  async qualifications(@Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext): Promise<QualificationGql[]> {
    return (await new QualificationService(ctx).list(teacherId)).map(qualificationGql);
  }

  @Mutation(() => QualificationGql, { description: '登记教师资格（写入档案“教师资格”子集，按档案审核流程生效；证书号码不得重复）' })
  async recordQualification(@Arg('input') input: QualificationInput, @Ctx() ctx: RequestContext): Promise<QualificationGql> {
    const record = await new QualificationService(ctx).record(input);
    return qualificationGql({ record, lastResult: null, lastDecidedAt: null, validUntil: null, inProgress: false });
  }

  @Query(() => RegistrationEligibilityGql, { description: '定期注册条件逐项判断（年度考核、培训学时、师德）' })
  async registrationEligibility(@Arg('teacherId', () => ID) teacherId: string, @Arg('certificateNo') certificateNo: string, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<RegistrationEligibilityGql> {
    const r = await new RegistrationService(ctx).eligibility(teacherId, certificateNo, year);
    return { teacherId, certificateNo, year, cycleStartYear: r.cycle.startYear, cycleEndYear: r.cycle.endYear, eligible: r.eligibility.eligible, conditions: r.eligibility.conditions };
  }

  @FieldResolver(() => RegistrationEligibilityGql, {
    name: 'registrationEligibility',
    nullable: true,
    description: '该年度申请定期注册的条件逐项判断（申请前即可查看未满足的原因）；档案记录未生效或无权查看年度考核与师德信息时为空',
  })
  async qualificationEligibility(@Root() q: QualificationGql, @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext): Promise<RegistrationEligibilityGql | null> {
    const r = await new RegistrationService(ctx).eligibilityIfVisible(q.teacherId, q.certificateNo, q.recordStatus, year);
    return r && { teacherId: q.teacherId, certificateNo: q.certificateNo, year, cycleStartYear: r.cycle.startYear, cycleEndYear: r.cycle.endYear, eligible: r.eligibility.eligible, conditions: r.eligibility.conditions };
  }

  @Query(() => RegistrationDuePageGql, { description: '管辖范围内应办理定期注册的教师资格：分页，含总数及按原因的统计' })
  registrationsDuePage(
    @Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<RegistrationDuePageGql> {
    return new RegistrationService(ctx).duePage(unitId, year, first, offset);
  }

  @Query(() => [RegistrationDueGql], {
    description: '管辖范围内应办理定期注册的教师资格。至多 2000 条，超过时报 LIST_TOO_LARGE；分页请用 registrationsDuePage',
    deprecationReason: '用 registrationsDuePage（分页、含总数与分类统计）',
  })
  registrationsDue(@Arg('year', () => Int) year: number, @Ctx() ctx: RequestContext, @Arg('unitId', () => ID, { nullable: true }) unitId?: string): Promise<RegistrationDueGql[]> {
    return new RegistrationService(ctx).due(unitId, year);
  }

  @Mutation(() => RegistrationBatchGql, { description: '申请定期注册：教师个人，或学校批量申请（学校审核 → 主管部门注册）' })
  async applyForRegistration(@Arg('input') input: RegistrationApplyInput, @Ctx() ctx: RequestContext): Promise<RegistrationBatchGql> {
    const s = new RegistrationService(ctx);
    return batchGql(s, await s.apply(input));
  }

  @Mutation(() => RegistrationBatchGql, { description: '主管部门作出注册结论（合格 / 暂缓注册 / 不予注册，后两者须说明原因）并办结' })
  async decideRegistrations(
    @Arg('batchId', () => ID) batchId: string, @Arg('decisions', () => [RegistrationDecisionInput]) decisions: RegistrationDecisionInput[], @Ctx() ctx: RequestContext,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ): Promise<RegistrationBatchGql> {
    const s = new RegistrationService(ctx);
    return batchGql(s, await s.decide(batchId, decisions, comment));
  }

  @Query(() => RegistrationBatchGql, { description: '定期注册申请批次' })
  async registrationBatch(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<RegistrationBatchGql> {
    const s = new RegistrationService(ctx);
    return batchGql(s, await s.batch(id));
  }

  @Query(() => [RegistrationApplicationGql], { description: '教师资格定期注册历史' })
  async registrationHistory(@Arg('teacherId', () => ID) teacherId: string, @Ctx() ctx: RequestContext): Promise<RegistrationApplicationGql[]> {
    return (await new RegistrationService(ctx).history(teacherId)).map(applicationGql);
  }
}
