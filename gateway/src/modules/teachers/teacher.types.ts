// type-graphql's decorators need the Reflect polyfill; pure modules (teacher-filter) import this file alone.
import 'reflect-metadata';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { AgeBand } from '../statistics/age-band.js';
import type { TeacherNumberState } from '@tmis/shared';
import { IndicatorFilter } from '../indicators/indicator.types.js';
import type { ActorSnapshot } from '../../platform/graphql/actor.js';

@ObjectType({ description: '任职记录（人事关系所在学校）' })
export class EmploymentGql {
  @Field(() => ID) id: string;
  @Field(() => ID) schoolId: string;
  @Field(() => ID, { nullable: true }) departmentId?: string | null;
  @Field(() => String, { nullable: true, description: '教职工类别' }) staffCategory?: string | null;
  @Field(() => String, { nullable: true, description: '编制情况' }) establishmentStatus?: string | null;
  @Field(() => String, { nullable: true, description: '岗位类别' }) postCategory?: string | null;
  @Field({ description: '在职状态' }) employmentStatus: string;
  @Field() startDate: string;
  @Field(() => String, { nullable: true }) endDate?: string | null;
  @Field(() => String, { nullable: true }) endReason?: string | null;
  @Field(() => String, { nullable: true, description: '任职起因：空为入职登记，transfer 调动调入，rotation 交流轮岗调入' }) startReason?: string | null;
}

@ObjectType({ description: '信息子集记录（年度考核、待遇、师德等）' })
export class ArchiveRecordGql {
  @Field(() => ID) id: string;
  @Field() infoSet: string;
  @Field(() => GraphQLJSON) data: Record<string, unknown>;
  @Field() status: string;
  @Field(() => String, { nullable: true }) effectiveFrom?: string | null;
  @Field(() => String, { nullable: true }) effectiveTo?: string | null;
  @Field(() => ID, { nullable: true, description: '填报人' }) enteredBy?: string | null;
  @Field(() => Date, { nullable: true }) enteredAt?: Date | null;
  @Field(() => ID, { nullable: true, description: '审核人' }) approvedBy?: string | null;
  @Field(() => Date, { nullable: true }) approvedAt?: Date | null;
  /** Not a field: names from another province, for the `entered` / `approved` actors (archive.resolver.ts). */
  provenance?: Partial<Record<'entered' | 'approved', ActorSnapshot>> | null;
}

/**
 * A teacher as the caller may see it: fields the caller's rules do not grant are null, the
 * document number is masked unless granted, restricted info sets raise FIELD_FORBIDDEN.
 */
/** 编号状态 as a GraphQL enum; its labels are the `numberState` code list of @tmis/shared. */
export const TeacherNumberStateEnum = { provisional: 'provisional', confirmed: 'confirmed' } as const satisfies Record<TeacherNumberState, TeacherNumberState>;
registerEnumType(TeacherNumberStateEnum, {
  name: 'TeacherNumberState',
  description: '教师个人标识码的编号状态',
  valuesConfig: {
    provisional: { description: '临时编号：全国教师库尚未完成跨省核查，或核查发现一人一号冲突' },
    confirmed: { description: '正式编号：全国教师库核查通过（未对接全国系统时，本省查重通过即为正式编号）' },
  },
});

@ObjectType('Teacher', { description: '教师（一人一号）' })
export class TeacherGql {
  @Field(() => ID) id: string;
  @Field(() => String, { nullable: true, description: '教师个人标识码' }) teacherNo: string | null;
  @Field(() => TeacherNumberStateEnum, { nullable: true, description: '编号状态：临时编号 / 正式编号' }) numberState: TeacherNumberState | null;
  @Field(() => String, { nullable: true }) name: string | null;
  @Field(() => String, { nullable: true, description: '性别 GB/T 2261.1' }) gender: string | null;
  @Field(() => String, { nullable: true, description: '出生日期：仅可查看完整证件号码者可见（与脱敏号码合起来即可还原号码），其他角色见 birthYear' }) birthDate: string | null;
  @Field(() => Int, { nullable: true, description: '出生年份' }) birthYear: number | null;
  @Field(() => String, { nullable: true, description: '民族 GB/T 3304' }) ethnicity: string | null;
  @Field(() => String, { nullable: true, description: '政治面貌' }) politicalStatus: string | null;
  @Field(() => String, { nullable: true, description: '身份证件类型' }) idType: string | null;
  @Field(() => String, { nullable: true, description: '证件号码脱敏显示，如 110108********1234' }) idNumberMasked: string | null;
  @Field(() => String, { nullable: true, description: '最高学历' }) educationLevel: string | null;
  @Field(() => String, { nullable: true, description: '专业技术职务' }) professionalTitle: string | null;
  @Field(() => ID, { nullable: true }) unitId: string | null;
  @Field(() => ID, { nullable: true }) schoolId: string | null;
  @Field(() => String, { nullable: true }) stage: string | null;
  @Field(() => String, { nullable: true }) employmentStatus: string | null;
  @Field(() => String, { nullable: true }) staffCategory: string | null;
  @Field(() => String, { nullable: true }) establishmentStatus: string | null;
  @Field(() => String, { nullable: true }) postCategory: string | null;
  @Field(() => String, { nullable: true }) hireDate: string | null;
  @Field(() => Date, { nullable: true }) createdAt: Date | null;
  @Field(() => Date, { nullable: true }) updatedAt: Date | null;
  @Field(() => Int, { nullable: true }) version: number | null;
  @Field(() => GraphQLJSON, { nullable: true, description: '省级拓展指标的当前值（按指标代码）' }) indicators: Record<string, unknown> | null;
}

@ObjectType()
export class TeacherPageInfo {
  @Field() hasNextPage: boolean;
  @Field(() => String, { nullable: true }) endCursor: string | null;
}

@ObjectType()
export class TeacherEdge {
  @Field() cursor: string;
  @Field(() => TeacherGql) node: TeacherGql;
}

/** Where a list's totalCount came from (teacher-count.ts). */
export enum TotalCountSourceGql {
  ROLLUP = 'ROLLUP',
  COUNTED = 'COUNTED',
  CACHED = 'CACHED',
}
registerEnumType(TotalCountSourceGql, {
  name: 'TotalCountSource',
  description: '列表总数的来源',
  valuesConfig: {
    ROLLUP: { description: '统计汇总表（含尚未汇总的单位的实时计数），与列表行精确一致' },
    COUNTED: { description: '本次请求对列表条件的计数' },
    CACHED: { description: '同一管辖范围和条件在几秒内的计数，其后教师数据未被写入' },
  },
});

@ObjectType()
export class TeacherConnection {
  @Field(() => [TeacherEdge]) edges: TeacherEdge[];
  @Field(() => [TeacherGql]) nodes: TeacherGql[];
  @Field(() => TeacherPageInfo) pageInfo: TeacherPageInfo;
  @Field(() => Int) totalCount: number;
  @Field(() => TotalCountSourceGql, { description: 'totalCount 的来源：ROLLUP 统计汇总（精确）、COUNTED 本次计数（精确）、CACHED 几秒内同一范围和条件的计数' })
  totalCountSource: TotalCountSourceGql;
  @Field(() => Date, { description: 'totalCount 的计数时刻（CACHED 时为原计数时刻）' }) countedAt: Date;
}

export { AgeBand };

export enum TeacherOrder {
  TEACHER_NO = 'TEACHER_NO',
  NAME = 'NAME',
}
registerEnumType(TeacherOrder, { name: 'TeacherOrder' });

/** How the caller's unit stands to a teacher (issue 13.4); see teacher-visits.ts. */
export enum TeacherPresenceGql {
  OWN = 'own',
  TRANSFERRED_OUT = 'transferred_out',
  ROTATING_OUT = 'rotating_out',
  ROTATING_IN = 'rotating_in',
}
registerEnumType(TeacherPresenceGql, {
  name: 'TeacherPresence',
  description: '教师与调用者单位的关系',
  valuesConfig: {
    OWN: { description: '本单位（及下级）教师' },
    TRANSFERRED_OUT: { description: '已调出：档案按调出时的状态只读' },
    ROTATING_OUT: { description: '轮岗中：本单位派出交流轮岗的教师（转人事关系的按派出时的状态只读）' },
    ROTATING_IN: { description: '轮岗来校：交流轮岗期间在本单位任教的教师（不转人事关系）' },
  },
});

@InputType({ description: '教师查询条件（均限于调用者的管辖范围）' })
export class TeacherFilter {
  @Field(() => ID, { nullable: true, description: '单位（含其全部下级）' }) unitId?: string | null;
  @Field(() => String, { nullable: true, description: '姓名（包含）' }) name?: string | null;
  @Field(() => String, { nullable: true, description: '证件号码（精确匹配）' }) idNumber?: string | null;
  @Field(() => String, { nullable: true, description: '证件类型，默认居民身份证' }) idType?: string | null;
  @Field(() => String, { nullable: true }) teacherNo?: string | null;
  @Field(() => TeacherNumberStateEnum, { nullable: true, description: '编号状态（如只看临时编号的教师）' }) numberState?: TeacherNumberState | null;
  @Field(() => String, { nullable: true }) gender?: string | null;
  @Field(() => AgeBand, { nullable: true }) ageBand?: AgeBand | null;
  @Field(() => String, { nullable: true }) stage?: string | null;
  @Field(() => String, { nullable: true, description: '专业技术职务' }) professionalTitle?: string | null;
  @Field(() => [String], { nullable: true, description: '在职状态（可多选）；不填时只列在岗和长期不在岗的教师，按标识码或证件号码查找时不限' }) employmentStatus?: string[] | null;
  @Field(() => [IndicatorFilter], { nullable: true, description: '省级拓展指标（均须满足）' }) indicators?: IndicatorFilter[] | null;
  @Field(() => [TeacherPresenceGql], { nullable: true, description: '与本单位的关系（可多选）；不填时列本单位教师和轮岗来校的教师，已调出的须选 TRANSFERRED_OUT' }) presence?: TeacherPresenceGql[] | null;
}

@InputType({ description: '教师注册（入职建档）' })
export class RegisterTeacherInput {
  @Field(() => ID, { description: '学校或二级部门' }) unitId: string;
  @Field() name: string;
  @Field() gender: string;
  @Field() birthDate: string;
  @Field({ defaultValue: '1' }) idType: string;
  @Field() idNumber: string;
  @Field(() => String, { nullable: true }) ethnicity?: string | null;
  @Field(() => String, { nullable: true }) politicalStatus?: string | null;
  @Field(() => String, { nullable: true }) educationLevel?: string | null;
  @Field(() => String, { nullable: true }) professionalTitle?: string | null;
  @Field(() => String, { nullable: true }) staffCategory?: string | null;
  @Field(() => String, { nullable: true }) establishmentStatus?: string | null;
  @Field(() => String, { nullable: true }) postCategory?: string | null;
  @Field() startDate: string;
}
