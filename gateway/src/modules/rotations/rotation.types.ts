import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ApprovalCaseGql } from '../../platform/approvals/approval.types.js';

@InputType({ description: '交流轮岗申请（派出学校发起）' })
export class InitiateRotationInput {
  @Field(() => ID) teacherId: string;
  @Field(() => ID, { description: '接收学校' }) receivingSchoolId: string;
  @Field({ description: '交流开始日期' }) startDate: string;
  @Field({ description: '交流结束日期' }) endDate: string;
  @Field({ description: '是否转人事关系（是：派出学校主管部门、接收学校、接收学校主管部门依次审批后按调动转移档案）' }) personnelChange: boolean;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@ObjectType('Rotation', { description: '交流轮岗' })
export class RotationGql {
  @Field(() => ID) id: string;
  @Field(() => ID) teacherId: string;
  @Field() teacherNo: string;
  @Field() teacherName: string;
  @Field(() => ID) sendingSchoolId: string;
  @Field({ description: '派出学校' }) sendingSchoolName: string;
  @Field(() => ID) receivingSchoolId: string;
  @Field({ description: '接收学校' }) receivingSchoolName: string;
  @Field() personnelChange: boolean;
  @Field() startDate: string;
  @Field() endDate: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field({ description: 'in_progress 审批中 / scheduled 已批准、交流开始日转人事关系 / approved 已批准（已生效）/ returned 退回 / withdrawn 撤回 / cancelled 撤销' }) status: string;
  @Field(() => String, { nullable: true, description: '退回或撤销原因' }) closeReason?: string | null;
  @Field(() => Date, { nullable: true }) approvedAt?: Date | null;
  @Field(() => ID, { nullable: true, description: '写入档案交流轮岗子集的记录' }) archiveRecordId?: string | null;
  @Field(() => ID, { nullable: true, description: '转人事关系时的调动记录' }) transferId?: string | null;
  @Field() createdAt: Date;
  @Field(() => ID, { nullable: true }) caseId?: string | null;
  @Field(() => ApprovalCaseGql, { nullable: true }) approvalCase?: ApprovalCaseGql | null;
}

@ObjectType('RotationCount', { description: '交流轮岗人数（按下级单位）' })
export class RotationCountGql {
  @Field(() => ID) unitId: string;
  @Field() unitName: string;
  @Field(() => Int, { description: '派出人数' }) sent: number;
  @Field(() => Int, { description: '接收人数' }) received: number;
  @Field(() => Int, { description: '其中转人事关系' }) withPersonnelChange: number;
}

@ObjectType('RotationPage', { description: '交流轮岗列表的一页及总数' })
export class RotationPageGql {
  @Field(() => [RotationGql]) nodes: RotationGql[];
  @Field(() => Int, { description: '符合条件的交流轮岗总数' }) totalCount: number;
}
