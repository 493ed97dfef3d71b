import 'reflect-metadata';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('WorkforceBucket', { description: '一个分组及其人数' })
export class WorkforceBucket {
  @Field({ description: '代码（未填写为空字符串）' }) key: string;
  @Field({ description: '名称' }) label: string;
  @Field(() => Int) count: number;
  @Field(() => Float, { description: '占在岗教师比例（0-1）' }) share: number;
}

@ObjectType('WorkforceChanges', { description: '年度变动：新进、减少、调动、交流轮岗' })
export class WorkforceChanges {
  @Field(() => Int, { description: '新入职（当年开始的任职，不含调动、交流调入）' }) hires: number;
  @Field(() => Int, { description: '减少合计（离职、退休、去世；按人计）' }) departures: number;
  @Field(() => Int) resigned: number;
  @Field(() => Int) retired: number;
  @Field(() => Int) deceased: number;
  @Field(() => Int, { description: '调入（自本辖区外）' }) transfersIn: number;
  @Field(() => Int, { description: '调出（至本辖区外）' }) transfersOut: number;
  @Field(() => Int, { description: '辖区内调动' }) transfersWithin: number;
  @Field(() => Int, { description: '交流轮岗派出（至本辖区外）' }) rotationsOut: number;
  @Field(() => Int, { description: '交流轮岗接收（自本辖区外）' }) rotationsIn: number;
  @Field(() => Int, { description: '辖区内交流轮岗' }) rotationsWithin: number;
  @Field(() => Int, { description: '其中变更人事关系的交流轮岗' }) rotationsWithPersonnelChange: number;
  @Field({ description: '调动、交流轮岗数据是否可用（相应功能已启用）' }) mobilityTracked: boolean;
}

@ObjectType('WorkforceTraining', { description: '年度培训完成情况（已生效的培训研修记录）' })
export class WorkforceTraining {
  @Field(() => Int, { description: '有培训记录的在岗教师数' }) trainedTeachers: number;
  @Field(() => Float, { description: '参训率（0-1）' }) completionRate: number;
  @Field(() => Float) totalHours: number;
  @Field(() => Float) totalCredits: number;
  @Field(() => Int, { description: '年度学时不少于年度目标的教师数' }) teachersMeetingTarget: number;
  @Field(() => Int, { description: '年度学时目标（五年360学时折合每年72学时）' }) annualHoursTarget: number;
}

@ObjectType('WorkforceRegistrations', { description: '本年度到期应定期注册的教师' })
export class WorkforceRegistrations {
  @Field(() => Int) due: number;
  @Field(() => Int, { description: '其中按定期注册记录（注册周期截止年度）' }) fromRegistrationRecords: number;
  @Field(() => Int, { description: '其中无注册记录、按教师资格证书颁发日期五年一周期推算' }) fromQualificationDates: number;
}

@ObjectType('WorkforceReport', { description: '教师队伍建设报告（年度）' })
export class WorkforceReport {
  @Field(() => ID) unitId: string;
  @Field() unitName: string;
  @Field() unitCode: string;
  @Field() unitLevel: string;
  @Field(() => Int) year: number;
  @Field({ description: '年龄计算基准日（YYYY-MM-DD）' }) asOf: string;
  @Field() generatedAt: Date;
  @Field(() => Int, { description: '在岗教师数（含长期不在岗）' }) teachers: number;
  @Field(() => Int) longAbsence: number;
  @Field(() => [WorkforceBucket]) byAgeBand: WorkforceBucket[];
  @Field(() => [WorkforceBucket]) byTitle: WorkforceBucket[];
  @Field(() => [WorkforceBucket]) byEducation: WorkforceBucket[];
  @Field(() => [WorkforceBucket]) byGender: WorkforceBucket[];
  @Field(() => [WorkforceBucket]) byStage: WorkforceBucket[];
  @Field(() => WorkforceChanges) changes: WorkforceChanges;
  @Field(() => WorkforceTraining) training: WorkforceTraining;
  @Field(() => WorkforceRegistrations) registrations: WorkforceRegistrations;
  @Field(() => [String], { description: '口径说明' }) notes: string[];
}
