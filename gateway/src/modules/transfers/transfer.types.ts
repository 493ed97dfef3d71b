import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ApprovalCaseGql } from '../../platform/approvals/approval.types.js';

@InputType({ description: '调动申请（调入学校发起）' })
export class InitiateTransferInput {
  @Field({ description: '证件类型' }) idType: string;
  @Field({ description: '证件号码（调入学校尚不能查看该教师，以证件和姓名确认本人）' }) idNumber: string;
  @Field({ description: '姓名' }) name: string;
  @Field(() => ID, { description: '调入学校或院系' }) toUnitId: string;
  @Field({ description: '调入生效日期' }) effectiveDate: string;
  @Field(() => String, { nullable: true, description: '调动原因' }) reason?: string | null;
  @Field(() => Boolean, { nullable: true, description: '属于交流轮岗时为真（将转到交流轮岗流程）' }) exchangeRotation?: boolean | null;
}

@ObjectType('Transfer', { description: '教师调动' })
export class TransferGql {
  @Field(() => ID) id: string;
  @Field({ description: 'transfer 调动 / rotation 交流轮岗（转人事关系）' }) kind: string;
  @Field(() => ID) teacherId: string;
  @Field() teacherNo: string;
  @Field() teacherName: string;
  @Field(() => ID) fromUnitId: string;
  @Field(() => ID) fromSchoolId: string;
  @Field({ description: '调出学校' }) fromSchoolName: string;
  @Field(() => ID) toUnitId: string;
  @Field(() => ID) toSchoolId: string;
  @Field({ description: '调入学校或院系' }) toUnitName: string;
  @Field() effectiveDate: string;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field({ description: 'in_progress 审批中 / scheduled 已批准、待生效（生效日由系统办理档案转移）/ completed 已生效 / returned 退回 / withdrawn 撤回 / cancelled 撤销' }) status: string;
  @Field(() => String, { nullable: true, description: '退回或撤销原因' }) closeReason?: string | null;
  @Field(() => Date, { nullable: true }) completedAt?: Date | null;
  @Field() createdAt: Date;
  @Field(() => ID, { nullable: true }) caseId?: string | null;
  @Field(() => ApprovalCaseGql, { nullable: true, description: '审批事项与各环节记录' }) approvalCase?: ApprovalCaseGql | null;
}

@ObjectType('TransferPage', { description: '调动列表的一页及总数' })
export class TransferPageGql {
  @Field(() => [TransferGql]) nodes: TransferGql[];
  @Field(() => Int, { description: '符合条件的调动总数' }) totalCount: number;
}
