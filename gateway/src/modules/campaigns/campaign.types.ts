import { Field, Float, ID, Int, ObjectType } from 'type-graphql';

@ObjectType('UpdateCampaign', { description: '信息更新工作（3月31日 / 9月30日）' })
export class CampaignGql {
  @Field(() => ID) id: string;
  @Field({ description: 'annual 上一年度全面更新 | half_year 本年度上半年更新' }) kind: string;
  @Field(() => Int) year: number;
  @Field() title: string;
  @Field() opensOn: string;
  @Field() deadline: string;
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
  @Field(() => Int, { description: '本期已审核生效的教师数' }) approved: number;
  @Field(() => Int, { description: '当前被退回的记录数' }) returned: number;
  @Field(() => Int, { description: '待审核记录数' }) pending: number;
  @Field(() => Int, { description: '截止后仍未完成的教师数' }) overdue: number;
  @Field(() => Float, { description: '完成率' }) completion: number;
}

@ObjectType('CampaignProgress')
export class CampaignProgressGql {
  @Field(() => CampaignGql) campaign: CampaignGql;
  @Field(() => UnitProgressGql, { description: '本单位合计' }) total: UnitProgressGql;
  @Field(() => [UnitProgressGql], { description: '直属下级单位' }) units: UnitProgressGql[];
  @Field(() => [UnitProgressGql], { description: '进度滞后的下级单位（最差在前）' }) lagging: UnitProgressGql[];
}
