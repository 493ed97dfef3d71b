import 'reflect-metadata';
import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ExportFieldGql } from '../exports/export.types.js';

@InputType('ApplyDataSharingInput', { description: '信息共享申请（由教育行政部门的信息查询员代申请部门填报）' })
export class ApplyDataSharingInput {
  @Field({ description: '申请部门名称，如 某市人力资源和社会保障局' }) departmentName: string;
  @Field(() => String, { nullable: true, description: '申请部门统一社会信用代码（18位）' }) departmentCode?: string | null;
  @Field({ description: '申请部门联系人' }) contactName: string;
  @Field({ description: '联系电话' }) contactPhone: string;
  @Field({ description: '用途' }) purpose: string;
  @Field(() => [String], { description: '共享的信息项，见 shareableFields（证件号码不在其列）' }) fields: string[];
  @Field(() => ID, { description: '共享范围：本单位或下级单位' }) scopeUnitId: string;
  @Field({ description: '共享期限开始' }) startsAt: Date;
  @Field({ description: '共享期限结束（不超过一年）' }) expiresAt: Date;
}

@ObjectType('DataSharingUse', { description: '一次共享使用（成功或被拒绝）' })
export class DataSharingUseGql {
  @Field(() => ID) id: string;
  @Field() at: Date;
  @Field({ description: 'graphql（sharedTeachers）或 xlsx（导出）' }) channel: string;
  @Field({ description: 'success | refused' }) outcome: string;
  @Field(() => String, { nullable: true, description: '拒绝原因代码，如 SHARING_EXPIRED' }) code: string | null;
  @Field(() => Int) rowCount: number;
  @Field(() => [String]) fields: string[];
  @Field(() => String, { nullable: true }) ip: string | null;
}

@ObjectType('DataSharingApplication', { description: '信息共享申请及其授权' })
export class DataSharingApplicationGql {
  @Field(() => ID) id: string;
  @Field() departmentName: string;
  @Field(() => String, { nullable: true }) departmentCode: string | null;
  @Field() contactName: string;
  @Field() contactPhone: string;
  @Field() purpose: string;
  @Field(() => [String]) fields: string[];
  @Field(() => ID) scopeUnitId: string;
  @Field(() => ID, { description: '审核的教育行政部门' }) authorityUnitId: string;
  @Field(() => ID) filedBy: string;
  @Field() startsAt: Date;
  @Field() expiresAt: Date;
  @Field({ description: 'pending 待审核 | approved 已通过 | returned 已退回 | withdrawn 已撤回 | cancelled 已撤销 | revoked 已终止' }) status: string;
  @Field({ description: '共享期限已过' }) expired: boolean;
  @Field(() => ID, { nullable: true, description: '审批事项（approvalCase）' }) caseId: string | null;
  @Field(() => Date, { nullable: true }) approvedAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => String, { nullable: true }) revokeReason: string | null;
  @Field(() => Date, { nullable: true, description: '凭证签发时间（凭证本身只在签发时显示一次）' }) credentialIssuedAt: Date | null;
}

@ObjectType()
export class DataSharingApplicationPage {
  @Field(() => [DataSharingApplicationGql]) nodes: DataSharingApplicationGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType()
export class DataSharingUsePage {
  @Field(() => [DataSharingUseGql]) nodes: DataSharingUseGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType('DataSharingCredential', { description: '共享凭证：仅此一次显示，请安全交给申请部门' })
export class DataSharingCredentialGql {
  @Field(() => DataSharingApplicationGql) application: DataSharingApplicationGql;
  @Field({ description: '凭证（sharedTeachers 的 credential 参数，或导出接口的 x-tmis-sharing-credential 请求头）' }) credential: string;
}

@ObjectType('SharedTeacherPage', { description: '按共享授权提供的教师信息（仅批准的信息项与范围）' })
export class SharedTeacherPageGql {
  @Field() departmentName: string;
  @Field() purpose: string;
  @Field() expiresAt: Date;
  @Field(() => [ExportFieldGql]) columns: ExportFieldGql[];
  @Field(() => Int) totalCount: number;
  @Field(() => [GraphQLJSON], { description: '每行一个对象，键为信息项代码' }) rows: Record<string, string | null>[];
}
