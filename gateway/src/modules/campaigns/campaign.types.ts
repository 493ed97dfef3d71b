import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('UpdateCampaign', { description: '信息更新工作（3月31日 / 9月30日）' })
export class CampaignGql {
  @Field(() => ID) id: string;
  @Field({ description: 'annual 上一年度全面更新 | half_year 本年度上半年更新' }) kind: string;
  @Field(() => Int) year: number;
  @Field() title: string;
  @Field() opensOn: string;
  @Field({ description: '全省截止日期（省级可设定早于国家规定的日期）' }) deadline: string;
  @Field(() => String, { nullable: true, description: '所在县（区）另定的更早截止日期；未另定时为空' }) countyDeadline: string | null;
  @Field({ description: '本单位适用的截止日期：所在县（区）另定的，否则为全省截止日期' }) effectiveDeadline: string;
}

@ObjectType('CampaignUnitProgress', { description: '单位更新进度' })
export class UnitProgressGql {
  @Field(() => ID) unitId: string;
  @Field() unitName: string;
  @Field() unitCode: string;
  @Field() unitLevel: string;
  @Field(() => Int, { description: '在岗教师数' }) teachers: number;
  @Field(() => Int, { description: '本期已录入（有新填报）的教师数' }) entered: number;
  @Field(() => Int, { description: '本期已提交审核的教师数' }) submitted: number;
  @Field(() => Int, { description: '本期有记录审核生效的教师数' }) approved: number;
  @Field(() => Int, { description: '本期已完成更新的教师数：本学段每个必填信息子集均在本期内录入（填报或提交）或由学校确认无变化' }) updated: number;
  @Field(() => Int, { description: '当前被退回的记录数' }) returned: number;
  @Field(() => Int, { description: '待审核记录数' }) pending: number;
  @Field(() => Int, { description: '已过截止日期（所在县区另定的或全省的）仍未完成更新的教师数' }) overdue: number;
  @Field(() => Float, { description: '完成率：已完成更新的教师数 / 在岗教师数' }) completion: number;
  @Field({ description: '该单位适用的截止日期（所在县区另定的更早日期，否则为全省截止日期）' }) deadline: string;
}

@ObjectType('CampaignProgress')
export class CampaignProgressGql {
  @Field(() => CampaignGql) campaign: CampaignGql;
  @Field(() => UnitProgressGql, { description: '本单位合计' }) total: UnitProgressGql;
  @Field(() => [UnitProgressGql], { description: '直属下级单位' }) units: UnitProgressGql[];
  @Field(() => [UnitProgressGql], { description: '进度滞后的下级单位（最差在前）' }) lagging: UnitProgressGql[];
}

@ObjectType('CampaignConfirmationResult', { description: '批量确认无变化中单个教师的结果' })
export class CampaignConfirmationResult {
  @Field(() => ID) teacherId: string;
  @Field() ok: boolean;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) message?: string | null;
  @Field(() => [String], { description: '已确认无变化的信息子集' }) infoSets: string[];
}

@ObjectType('CampaignTeacher', { description: '本期更新工作中的教师：尚缺的必填信息子集' })
export class CampaignTeacherGql {
  @Field(() => ID) teacherId: string;
  @Field() teacherNo: string;
  @Field() name: string;
  @Field(() => ID) unitId: string;
  @Field(() => String, { nullable: true }) stage: string | null;
  @Field(() => [String], { description: '本学段必填的信息子集' }) requiredSets: string[];
  @Field(() => [String], { description: '本期尚未录入也未确认无变化的必填信息子集' }) missingSets: string[];
  @Field({ description: '是否已完成更新' }) updated: boolean;
}

@ObjectType('CampaignTeacherPage')
export class CampaignTeacherPage {
  @Field(() => [CampaignTeacherGql]) nodes: CampaignTeacherGql[];
  @Field(() => Int) totalCount: number;
}
