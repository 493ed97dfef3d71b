import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { AgeBand } from './age-band.js';
import { IndicatorFilter } from '../indicators/indicator.types.js';
import { StatisticsDimension } from './statistics-dimensions.js';

registerEnumType(StatisticsDimension, {
  name: 'StatisticsDimension',
  description: '统计维度',
  valuesConfig: {
    CHILD_UNIT: { description: '下级单位（统计单位的直接下级）' },
    CITY: { description: '市（盟、地区）' },
    COUNTY: { description: '县（区、旗）' },
    SCHOOL: { description: '学校' },
    STAGE: { description: '学段' },
    SCHOOL_TYPE: { description: '办学类型' },
    URBAN_RURAL_TYPE: { description: '城乡类型（统计用城乡划分代码）' },
    URBAN_RURAL_AREA: { description: '城区/镇区/乡村' },
    SPONSOR_TYPE: { description: '举办者类型' },
    GENDER: { description: '性别' },
    AGE_BAND: { description: '年龄段（统计时点年份减出生年份）' },
    ETHNICITY: { description: '民族' },
    EDUCATION_LEVEL: { description: '学历' },
    EDUCATION_GROUP: { description: '学历层次（研究生、本科、专科……）' },
    PROFESSIONAL_TITLE: { description: '专业技术职务' },
    TITLE_LEVEL: { description: '职称等级（正高、副高、中级、初级）' },
    POST_CATEGORY: { description: '岗位类别' },
    ESTABLISHMENT_STATUS: { description: '编制情况' },
    STAFF_CATEGORY: { description: '教职工类别' },
    EMPLOYMENT_STATUS: { description: '在职状态' },
    INDICATOR: { description: '省级拓展指标（代码型，指标代码见 indicatorDimensions）' },
  },
});

@InputType({ description: '统计筛选条件（均限于调用者的管辖范围；同一条件内多值为“或”，不同条件为“且”）' })
export class TeacherStatisticsFilter {
  @Field(() => [String], { nullable: true, description: '在职状态，默认仅“在岗”（active）' }) employmentStatus?: string[] | null;
  @Field(() => [String], { nullable: true }) gender?: string[] | null;
  @Field(() => [AgeBand], { nullable: true }) ageBand?: AgeBand[] | null;
  @Field(() => [String], { nullable: true }) ethnicity?: string[] | null;
  @Field(() => [String], { nullable: true }) educationLevel?: string[] | null;
  @Field(() => [String], { nullable: true, description: '学历层次（学历代码表的大类，如 20 大学本科教育）' }) educationGroup?: string[] | null;
  @Field(() => [String], { nullable: true }) professionalTitle?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'senior_full | senior_deputy | intermediate | junior | none' }) titleLevel?: string[] | null;
  @Field(() => [String], { nullable: true }) postCategory?: string[] | null;
  @Field(() => [String], { nullable: true }) establishmentStatus?: string[] | null;
  @Field(() => [String], { nullable: true }) staffCategory?: string[] | null;
  @Field(() => [String], { nullable: true }) stage?: string[] | null;
  @Field(() => [String], { nullable: true }) schoolType?: string[] | null;
  @Field(() => [String], { nullable: true }) urbanRuralType?: string[] | null;
  @Field(() => [String], { nullable: true, description: 'urban | town | rural' }) urbanRuralArea?: string[] | null;
  @Field(() => [String], { nullable: true }) sponsorType?: string[] | null;
  @Field(() => [IndicatorFilter], { nullable: true, description: '省级拓展指标（均须满足）' }) indicators?: IndicatorFilter[] | null;
}

@ObjectType('StatisticsKey', { description: '单元格在一个维度上的取值' })
export class StatisticsKeyGql {
  @Field(() => StatisticsDimension) dimension: StatisticsDimension;
  @Field(() => String, { nullable: true, description: '代码值或单位ID；空值表示未填报或无此层级' }) value: string | null;
  @Field(() => String, { nullable: true, description: '单位代码（单位维度）' }) code?: string | null;
  @Field({ description: '中文名称' }) label: string;
}

@ObjectType('StatisticsCell', { description: '统计单元格' })
export class StatisticsCellGql {
  @Field(() => [StatisticsKeyGql]) keys: StatisticsKeyGql[];
  @Field(() => Int, { nullable: true, description: '人数；被抑制时为空' }) count: number | null;
  @Field({ description: '是否因小数值抑制而隐藏' }) suppressed: boolean;
}

@ObjectType('StatisticsDimensionInfo')
export class StatisticsDimensionInfoGql {
  @Field(() => StatisticsDimension) dimension: StatisticsDimension;
  @Field(() => String, { nullable: true }) indicatorCode?: string | null;
  @Field() label: string;
}

@ObjectType('StatisticsSuppression', { description: '小数值抑制情况' })
export class StatisticsSuppressionGql {
  @Field() applied: boolean;
  @Field(() => Int, { description: '小于该人数的单元格被隐藏' }) minCell: number;
  @Field(() => Int) primaryCells: number;
  @Field(() => Int, { description: '为防止由合计反推而额外隐藏的单元格' }) secondaryCells: number;
}

@ObjectType('StatisticsUnit')
export class StatisticsUnitGql {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field() code: string;
  @Field() level: string;
}

@ObjectType('TeacherStatistics', { description: '教师统计结果' })
export class TeacherStatisticsGql {
  @Field(() => StatisticsUnitGql, { description: '统计单位（范围为其全部下级）' }) unit: StatisticsUnitGql;
  @Field({ description: '统计时点（YYYY-MM-DD）' }) asOf: string;
  @Field(() => [StatisticsDimensionInfoGql]) dimensions: StatisticsDimensionInfoGql[];
  @Field(() => [StatisticsCellGql], { description: '非零单元格' }) cells: StatisticsCellGql[];
  @Field(() => Int, { nullable: true, description: '合计；过小时为空' }) total: number | null;
  @Field() totalSuppressed: boolean;
  @Field(() => StatisticsSuppressionGql) suppression: StatisticsSuppressionGql;
  @Field({ description: 'rollup（汇总表）、live（教师表）或 history（任职记录，过去时点）' }) source: string;
}

export { AgeBand };
