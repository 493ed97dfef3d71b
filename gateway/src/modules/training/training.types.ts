import { Field, Float, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('TrainingRule', { description: '学时学分转化规则（省级，按生效日期分版本；无省份者为系统默认）' })
export class TrainingRuleGql {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true, description: '省级单位；为空表示系统默认' }) provinceUnitId: string | null;
  @Field({ description: '生效日期' }) effectiveFrom: string;
  @Field(() => Float, { description: '每学分对应学时（如10学时折算1学分）' }) hoursPerCredit: number;
  @Field(() => Int, { description: '每五年周期应完成学时（如360）' }) cycleHours: number;
  @Field(() => Int, { description: '五年周期起算年度（如2021：2021—2025、2026—2030）' }) cycleStartYear: number;
  @Field(() => Float, { description: '自主研修单次申请学时上限（默认24）' }) selfStudyClaimHours: number;
  @Field(() => Float, { description: '自主研修每年学时上限，含审核中的申请（默认36）' }) selfStudyYearHours: number;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field() createdAt: Date;
}

@InputType('TrainingRuleInput')
export class TrainingRuleInput {
  @Field() effectiveFrom: string;
  @Field(() => Float) hoursPerCredit: number;
  @Field(() => Int) cycleHours: number;
  @Field(() => Int, { nullable: true }) cycleStartYear?: number | null;
  @Field(() => Float, { nullable: true, description: '自主研修单次申请学时上限，不填为默认24' }) selfStudyClaimHours?: number | null;
  @Field(() => Float, { nullable: true, description: '自主研修每年学时上限，不填为默认36' }) selfStudyYearHours?: number | null;
  @Field(() => String, { nullable: true }) note?: string | null;
}

@ObjectType('TrainingProject', { description: '培训项目（各级教育行政部门登记，或学校校本研修）' })
export class TrainingProjectGql {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field({ description: 'national 国家级 / province 省级 / city 市级 / county 县级 / school 校本研修' }) level: string;
  @Field(() => ID, { description: '主办单位：登记项目的单位（其名称见 organizer）' }) ownerUnitId: string;
  @Field(() => Int, { description: '计划年度' }) year: number;
  @Field() startDate: string;
  @Field() endDate: string;
  @Field(() => Float, { description: '项目学时' }) hours: number;
  @Field(() => Float, { nullable: true, description: '项目学分（国家级项目为空：由省级按本省规则折算）' }) credits: number | null;
  @Field(() => String, { nullable: true, description: '培训对象' }) targetParticipants: string | null;
  @Field(() => [ID], { description: '培训承办机构账号（名称见 institutions）' }) institutionIds: string[];
  @Field({ description: 'open 已登记 / pending_approval 待主管部门审核（校本研修）/ cancelled 已撤销' }) status: string;
  @Field(() => String, { nullable: true, description: '撤销原因' }) cancelReason?: string | null;
  @Field(() => ID, { nullable: true, description: '审批事项（校本研修计划）' }) caseId: string | null;
  @Field(() => Int, { nullable: true }) enrolled?: number | null;
  @Field(() => Int, { nullable: true }) submitted?: number | null;
  @Field(() => Int, { nullable: true }) confirmed?: number | null;
  @Field(() => Int, { nullable: true }) completed?: number | null;
}

@InputType('TrainingProjectInput')
export class TrainingProjectInput {
  @Field() name: string;
  @Field(() => Int, { nullable: true, description: '计划年度（默认为开始日期所在年度）' }) year?: number | null;
  @Field() startDate: string;
  @Field() endDate: string;
  @Field(() => Float) hours: number;
  @Field(() => Float, { nullable: true }) credits?: number | null;
  @Field(() => String, { nullable: true }) targetParticipants?: string | null;
  @Field(() => [ID], { nullable: true }) institutionIds?: string[] | null;
}

@ObjectType('TrainingEnrolment', { description: '参训记录：报名、培训结果、学分确认' })
export class TrainingEnrolmentGql {
  @Field(() => ID) id: string;
  @Field(() => ID) projectId: string;
  @Field(() => ID) teacherId: string;
  @Field(() => String, { nullable: true }) teacherNo: string | null;
  @Field(() => String, { nullable: true }) teacherName: string | null;
  @Field(() => ID) schoolId: string;
  @Field({ description: 'enrolled 已报名 / submitted 结果已提交 / pending_confirmation 学分待主管部门确认 / confirmed 学分已确认' }) status: string;
  @Field(() => Boolean, { nullable: true, description: '是否完成' }) completed: boolean | null;
  @Field(() => Float, { nullable: true, description: '提交的学时' }) hours: number | null;
  @Field(() => ID, { nullable: true, description: '结果提交人' }) resultBy: string | null;
  @Field(() => Float, { nullable: true, description: '确认的学分' }) credits: number | null;
  @Field(() => Float, { nullable: true, description: '确认计入的学时' }) confirmedHours: number | null;
  @Field(() => ID, { nullable: true, description: '所用转化规则版本' }) ruleId: string | null;
  @Field(() => ID, { nullable: true, description: '学分确认人' }) confirmedBy: string | null;
  @Field(() => Date, { nullable: true }) confirmedAt: Date | null;
  @Field(() => ID, { nullable: true, description: '写入电子档案（培训研修）的记录' }) archiveRecordId: string | null;
  @Field(() => ID, { nullable: true }) caseId: string | null;
}

@InputType('TrainingResultInput')
export class TrainingResultInput {
  @Field(() => ID) teacherId: string;
  @Field() completed: boolean;
  @Field(() => Float) hours: number;
}

@ObjectType('TrainingRowError', { description: '文件错误行：行号、列、错误代码与原因' })
export class TrainingRowErrorGql {
  @Field(() => Int) rowNumber: number;
  @Field() column: string;
  @Field() code: string;
  @Field() message: string;
}

@ObjectType('TrainingImportResult', { description: 'Excel 导入结果：有错误行时不写入任何数据' })
export class TrainingImportResultGql {
  @Field() ok: boolean;
  @Field(() => Int) rows: number;
  @Field(() => Int) written: number;
  @Field(() => [TrainingRowErrorGql]) errors: TrainingRowErrorGql[];
  @Field(() => String, { nullable: true, description: '错误报告（.xlsx，base64）' }) errorReport: string | null;
}

@ObjectType('TrainingCredit', { description: '已确认的学时学分（项目培训或自主研修）' })
export class TrainingCreditGql {
  @Field(() => ID) id: string;
  @Field(() => ID) teacherId: string;
  @Field({ description: 'project 培训项目 / self_study 自主研修' }) source: string;
  @Field(() => ID, { nullable: true }) projectId: string | null;
  @Field() title: string;
  @Field(() => String, { nullable: true }) level: string | null;
  @Field(() => Int) year: number;
  @Field() endDate: string;
  @Field(() => Float) hours: number;
  @Field(() => Float) credits: number;
  @Field(() => ID, { nullable: true }) ruleId: string | null;
  @Field(() => ID, { nullable: true, description: '结果填报人' }) enteredBy: string | null;
  @Field(() => ID, { description: '确认人' }) confirmedBy: string;
  @Field() confirmedAt: Date;
  @Field(() => ID, { nullable: true }) archiveRecordId: string | null;
  /** Not a field: when the result was entered (the `entered` actor's time, training.resolver.ts). */
  enteredAt?: Date | null;
}

@ObjectType('TrainingYearTotal')
export class TrainingYearTotalGql {
  @Field(() => Int) year: number;
  @Field(() => Float) hours: number;
  @Field(() => Float) credits: number;
  @Field(() => Int) records: number;
}

@ObjectType('TrainingCycleTotal', { description: '五年周期学时学分' })
export class TrainingCycleTotalGql {
  @Field(() => Int) startYear: number;
  @Field(() => Int) endYear: number;
  @Field(() => Float) hours: number;
  @Field(() => Float) credits: number;
  @Field(() => Int, { description: '周期应完成学时' }) requiredHours: number;
  @Field({ description: '是否达到周期学时要求' }) met: boolean;
}

@ObjectType('TrainingTotals', { description: '教师学时学分汇总' })
export class TrainingTotalsGql {
  @Field(() => ID) teacherId: string;
  @Field(() => [TrainingYearTotalGql]) years: TrainingYearTotalGql[];
  @Field(() => [TrainingCycleTotalGql]) cycles: TrainingCycleTotalGql[];
  @Field(() => [TrainingCreditGql]) credits: TrainingCreditGql[];
}

@ObjectType('TrainingCompletionRow', { description: '单位培训完成情况' })
export class TrainingCompletionRowGql {
  @Field(() => ID) unitId: string;
  @Field() unitName: string;
  @Field(() => Int, { description: '在岗教师数' }) teachers: number;
  @Field(() => Int, { description: '本年度获得学分的教师数' }) creditedTeachers: number;
  @Field(() => Float) hours: number;
  @Field(() => Float) credits: number;
  @Field(() => Int, { description: '本年度项目报名人次' }) enrolments: number;
  @Field(() => Int, { description: '已完成并确认学分的人次' }) completedEnrolments: number;
  @Field(() => Int, { description: '本周期已达到学时要求的教师数' }) cycleMetTeachers: number;
}

@ObjectType('TrainingCompletion', { description: '管辖范围内培训完成情况统计' })
export class TrainingCompletionGql {
  @Field(() => Int) year: number;
  @Field(() => Int) cycleStartYear: number;
  @Field(() => Int) cycleEndYear: number;
  @Field(() => Int) requiredHours: number;
  @Field(() => [TrainingCompletionRowGql]) rows: TrainingCompletionRowGql[];
  @Field(() => TrainingCompletionRowGql) total: TrainingCompletionRowGql;
}

@ObjectType('TrainingSelfStudy', { description: '教师自主研修学分申请' })
export class TrainingSelfStudyGql {
  @Field(() => ID) id: string;
  @Field(() => ID) teacherId: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) organizer: string | null;
  @Field() startDate: string;
  @Field() endDate: string;
  @Field(() => Float) hours: number;
  @Field({ description: 'pending 审核中 / approved 已确认' }) status: string;
  @Field(() => Float, { nullable: true }) credits: number | null;
  @Field(() => ID, { nullable: true }) caseId: string | null;
}

@InputType('TrainingSelfStudyInput')
export class TrainingSelfStudyInput {
  @Field(() => ID) teacherId: string;
  @Field() title: string;
  @Field(() => String, { nullable: true }) organizer?: string | null;
  @Field() startDate: string;
  @Field() endDate: string;
  @Field(() => Float) hours: number;
}

@ObjectType('TrainingInstitution', { description: '培训承办机构（账号）' })
export class TrainingInstitutionGql {
  @Field(() => ID, { description: '账号ID（项目的 institutionIds 填此值）' }) id: string;
  @Field({ description: '机构名称' }) name: string;
  @Field({ description: '所属单位' }) unitName: string;
}

@ObjectType('TrainingProjectPage', { description: '培训项目列表的一页及总数' })
export class TrainingProjectPageGql {
  @Field(() => [TrainingProjectGql]) nodes: TrainingProjectGql[];
  @Field(() => Int) totalCount: number;
}
