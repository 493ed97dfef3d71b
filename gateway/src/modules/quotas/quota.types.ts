import { Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What the quota is allocated by (分配依据). */
export enum QuotaBasis {
  ACTIVE_HEADCOUNT = 'ACTIVE_HEADCOUNT',
  FULL_TIME_TEACHERS = 'FULL_TIME_TEACHERS',
}
registerEnumType(QuotaBasis, {
  name: 'QuotaBasis',
  description: '指标分配依据',
  valuesConfig: { ACTIVE_HEADCOUNT: { description: '在岗教职工数（默认）' }, FULL_TIME_TEACHERS: { description: '在岗专任教师数' } },
});

@ObjectType('QuotaUnit')
export class QuotaUnitGql {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() code: string;
  @Field() level: string;
}

@ObjectType('QuotaAllocationRow', { description: '一个下级单位的分配计算过程' })
export class QuotaAllocationRowGql {
  @Field(() => QuotaUnitGql) unit: QuotaUnitGql;
  @Field(() => Int, { description: '依据人数' }) headcount: number;
  @Field(() => Float, { description: '应得份额 = 总数 × 人数 ÷ 总人数' }) exactQuota: number;
  @Field(() => Int, { description: '整数部分' }) floor: number;
  @Field(() => Float, { description: '余数（小数部分）' }) remainder: number;
  @Field(() => Int, { nullable: true, description: '余数排名（余数相同：人数多者在前，再按单位代码）' }) remainderRank: number | null;
  @Field(() => Int, { description: '按最大余额追加的 1 个名额（0 或 1）' }) fromRemainder: number;
  @Field(() => Int, { description: '最终分配数' }) final: number;
}

@ObjectType('QuotaAllocation', { description: '指标分配（最大余额法，黑尔基数）' })
export class QuotaAllocationGql {
  @Field(() => QuotaUnitGql) unit: QuotaUnitGql;
  @Field(() => Int) total: number;
  @Field(() => QuotaBasis) basis: QuotaBasis;
  @Field() basisLabel: string;
  @Field(() => Int, { description: '下级单位依据人数合计' }) totalHeadcount: number;
  @Field(() => Int, { description: '取整后剩余、按余数分配的名额数' }) leftover: number;
  @Field() method: string;
  @Field() asOf: string;
  @Field(() => [QuotaAllocationRowGql]) rows: QuotaAllocationRowGql[];
}
