import 'reflect-metadata';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum SpotCheckStatusGql {
  DRAWN = 'drawn',
  PUBLISHED = 'published',
}
registerEnumType(SpotCheckStatusGql, { name: 'SpotCheckStatus', description: '抽查状态：已抽取 / 已通报' });

export enum SpotCheckResultGql {
  PENDING = 'pending',
  ACCURATE = 'accurate',
  INACCURATE = 'inaccurate',
  MISSING_DATA = 'missing_data',
}
registerEnumType(SpotCheckResultGql, {
  name: 'SpotCheckResult',
  description: '核查结论',
  valuesConfig: {
    PENDING: { description: '待核查' }, ACCURATE: { description: '信息准确' },
    INACCURATE: { description: '信息不准确' }, MISSING_DATA: { description: '信息缺失' },
  },
});

export enum SpotCheckCorrectionGql {
  OPEN = 'open',
  DONE = 'done',
}
registerEnumType(SpotCheckCorrectionGql, {
  name: 'SpotCheckCorrection',
  description: '整改任务状态',
  valuesConfig: { OPEN: { description: '待整改' }, DONE: { description: '已整改' } },
});

@ObjectType('SpotCheckItem', { description: '抽查对象（被抽中的教师）及核查结论' })
export class SpotCheckItemGql {
  @Field(() => ID) id: string;
  @Field(() => Int, { description: '抽取顺序' }) ordinal: number;
  @Field(() => ID) schoolId: string;
  @Field(() => ID) teacherId: string;
  @Field(() => SpotCheckResultGql) result: SpotCheckResultGql;
  @Field(() => String, { nullable: true, description: '核查意见' }) finding: string | null;
  @Field(() => ID, { nullable: true, description: '核查人' }) checkedBy: string | null;
  @Field(() => Date, { nullable: true }) checkedAt: Date | null;
  @Field(() => SpotCheckCorrectionGql, { nullable: true, description: '整改任务：信息不准确或缺失的结论在通报时生成，学校办结后为已整改' }) correction: SpotCheckCorrectionGql | null;
  @Field(() => String, { nullable: true, description: '学校填写的整改情况' }) correctionNote: string | null;
  @Field(() => ID, { nullable: true, description: '办结整改的账号' }) correctedBy: string | null;
  @Field(() => Date, { nullable: true }) correctedAt: Date | null;
}

@ObjectType('SpotCheck', { description: '随机抽查（抽取学校与教师，核查后向被抽查学校通报）' })
export class SpotCheckGql {
  @Field(() => ID) id: string;
  @Field() title: string;
  @Field(() => ID, { description: '组织抽查的教育行政部门' }) authorityUnitId: string;
  @Field({ description: '随机种子：同一种子在相同数据上抽取结果相同' }) seed: string;
  @Field(() => Int, { description: '抽取学校数' }) schoolCount: number;
  @Field(() => Int, { description: '抽取教师数' }) teacherCount: number;
  @Field(() => SpotCheckStatusGql) status: SpotCheckStatusGql;
  @Field(() => ID) createdBy: string;
  @Field() createdAt: Date;
  @Field(() => ID, { nullable: true }) publishedBy: string | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Int) version: number;
  /** Not in the schema: the field resolver filters them by the caller's unit scope. */
  drawnSchoolIds: string[];
}

@ObjectType()
export class SpotCheckPage {
  @Field(() => [SpotCheckGql]) nodes: SpotCheckGql[];
  @Field(() => Int) totalCount: number;
}

@InputType({ description: '发起随机抽查' })
export class DrawSpotCheckInput {
  @Field({ description: '抽查名称' }) title: string;
  @Field(() => Int, { description: '抽取学校数' }) schoolCount: number;
  @Field(() => Int, { description: '抽取教师数（在被抽中学校的在职教师中抽取）' }) teacherCount: number;
  @Field(() => String, { nullable: true, description: '随机种子（十进制，不填则自动生成并记录）' }) seed?: string | null;
}
