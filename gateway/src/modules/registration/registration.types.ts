import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum RegistrationResultGql {
  REGISTERED = 'registered',
  DEFERRED = 'deferred',
  REFUSED = 'refused',
}
registerEnumType(RegistrationResultGql, {
  name: 'RegistrationResult',
  description: '定期注册结论',
  valuesConfig: { REGISTERED: { description: '注册合格' }, DEFERRED: { description: '暂缓注册' }, REFUSED: { description: '不予注册' } },
});

@ObjectType('Qualification', { description: '教师资格（电子档案“教师资格”信息子集）及其定期注册状态' })
export class QualificationGql {
  @Field(() => ID, { description: '档案记录' }) recordId: string;
  @Field(() => ID) teacherId: string;
  @Field({ description: '教师资格种类' }) type: string;
  @Field(() => String, { nullable: true, description: '任教学科' }) subject: string | null;
  @Field({ description: '证书号码' }) certificateNo: string;
  @Field(() => String, { nullable: true, description: '颁发机构' }) issuer: string | null;
  @Field(() => String, { nullable: true, description: '颁发日期' }) issueDate: string | null;
  @Field({ description: '档案记录状态（effective 已生效，其余为审核中）' }) recordStatus: string;
  @Field(() => String, { nullable: true, description: '最近一次注册结论' }) lastResult: string | null;
  @Field(() => Date, { nullable: true }) lastDecidedAt: Date | null;
  @Field(() => String, { nullable: true, description: '注册有效期至' }) validUntil: string | null;
  @Field({ description: '是否有正在办理的注册申请' }) inProgress: boolean;
}

@InputType('QualificationInput')
export class QualificationInput {
  @Field(() => ID) teacherId: string;
  @Field() type: string;
  @Field(() => String, { nullable: true }) subject?: string | null;
  @Field() certificateNo: string;
  @Field(() => String, { nullable: true }) issuer?: string | null;
  @Field(() => String, { nullable: true }) issueDate?: string | null;
}

@ObjectType('RegistrationCondition', { description: '注册条件逐项判断及原因' })
export class RegistrationConditionGql {
  @Field({ description: 'assessment 年度考核 / training 培训学时 / ethics 师德表现' }) key: string;
  @Field() name: string;
  @Field() met: boolean;
  @Field() reason: string;
}

@ObjectType('RegistrationEligibility', { description: '定期注册条件（由系统数据计算）' })
export class RegistrationEligibilityGql {
  @Field(() => ID) teacherId: string;
  @Field() certificateNo: string;
  @Field(() => Int) year: number;
  @Field(() => Int, { description: '注册周期起始年度' }) cycleStartYear: number;
  @Field(() => Int, { description: '注册周期截止年度' }) cycleEndYear: number;
  @Field() eligible: boolean;
  @Field(() => [RegistrationConditionGql]) conditions: RegistrationConditionGql[];
}

@ObjectType('RegistrationApplication', { description: '教师资格定期注册申请及结论' })
export class RegistrationApplicationGql {
  @Field(() => ID) id: string;
  @Field(() => ID) batchId: string;
  @Field(() => ID) teacherId: string;
  @Field(() => ID) schoolId: string;
  @Field() certificateNo: string;
  @Field(() => Int) year: number;
  @Field(() => Int) cycleStartYear: number;
  @Field(() => Int) cycleEndYear: number;
  @Field({ description: 'in_review 审核中 / registered 注册合格 / deferred 暂缓注册 / refused 不予注册 / returned 已退回' }) status: string;
  @Field({ description: '申请时（结论后为结论时）是否符合条件' }) eligible: boolean;
  @Field(() => [RegistrationConditionGql]) conditions: RegistrationConditionGql[];
  @Field(() => String, { nullable: true, description: '未满足的注册条件及原因（学校审核、主管部门注册时可见）；均满足时为空' }) unmetReasons: string | null;
  @Field(() => String, { nullable: true, description: '结论原因' }) resultReason: string | null;
  @Field(() => ID, { nullable: true }) decidedBy: string | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => String, { nullable: true }) validUntil: string | null;
  @Field(() => ID, { nullable: true, description: '写入电子档案的注册记录' }) archiveRecordId: string | null;
}

@ObjectType('RegistrationBatch', { description: '定期注册申请（个人或学校批量）' })
export class RegistrationBatchGql {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field(() => ID) authorityId: string;
  @Field(() => Int) year: number;
  @Field(() => Int) size: number;
  @Field(() => ID, { nullable: true, description: '审批事项' }) caseId: string | null;
  @Field(() => [RegistrationApplicationGql]) applications: RegistrationApplicationGql[];
}

@InputType('RegistrationItemInput')
export class RegistrationItemInput {
  @Field(() => ID) teacherId: string;
  @Field() certificateNo: string;
}

@InputType('RegistrationApplyInput')
export class RegistrationApplyInput {
  @Field(() => ID, { description: '申请学校' }) schoolId: string;
  @Field(() => Int, { description: '注册年度' }) year: number;
  @Field(() => [RegistrationItemInput]) items: RegistrationItemInput[];
}

@InputType('RegistrationDecisionInput')
export class RegistrationDecisionInput {
  @Field(() => ID) applicationId: string;
  @Field(() => RegistrationResultGql) result: RegistrationResultGql;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@ObjectType('RegistrationDue', { description: '应办理定期注册的教师资格' })
export class RegistrationDueGql {
  @Field(() => ID) teacherId: string;
  @Field() teacherNo: string;
  @Field() name: string;
  @Field(() => ID) schoolId: string;
  @Field(() => ID) recordId: string;
  @Field() certificateNo: string;
  @Field(() => String, { nullable: true }) type: string | null;
  @Field(() => String, { nullable: true, description: '最近一次注册结论' }) lastResult: string | null;
  @Field(() => String, { nullable: true }) validUntil: string | null;
  @Field() inProgress: boolean;
}

@ObjectType('RegistrationDueSummary', { description: '应注册名单的统计（整个名单，不限于本页）' })
export class RegistrationDueSummaryGql {
  @Field(() => Int) total: number;
  @Field(() => Int, { description: '审核中' }) inProgress: number;
  @Field(() => Int, { description: '首次注册' }) first: number;
  @Field(() => Int, { description: '暂缓注册后再次申请' }) deferred: number;
  @Field(() => Int, { description: '注册有效期届满' }) expiring: number;
}

@ObjectType('RegistrationDuePage', { description: '应注册名单的一页、总数及统计' })
export class RegistrationDuePageGql {
  @Field(() => [RegistrationDueGql]) nodes: RegistrationDueGql[];
  @Field(() => Int) totalCount: number;
  @Field(() => RegistrationDueSummaryGql) summary: RegistrationDueSummaryGql;
}
