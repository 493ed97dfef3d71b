import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { ActorGql } from '../graphql/actor.js';

@ObjectType('ApprovalStepRecord', { description: '审批环节办理记录：谁、何时、意见' })
export class ApprovalStepGql {
  @Field(() => ID) id: string;
  @Field(() => Int) stepIndex: number;
  @Field() stepKey: string;
  @Field({ description: 'approve 同意 / return 退回 / withdraw 撤回 / cancel 撤销' }) action: string;
  @Field(() => ID) actorId: string;
  @Field(() => ID) actorUnitId: string;
  @Field(() => String, { nullable: true, description: '办理人姓名' }) actorName?: string | null;
  @Field(() => String, { nullable: true, description: '办理单位名称' }) actorUnitName?: string | null;
  @Field(() => ActorGql, { nullable: true, description: '办理人：姓名、办理单位、时间（与其他业务记录的经办人同一形式）' }) actor?: ActorGql | null;
  @Field(() => String, { nullable: true }) comment?: string | null;
  @Field() at: Date;
}

@ObjectType('ApprovalCase', { description: '审批事项' })
export class ApprovalCaseGql {
  @Field(() => ID) id: string;
  @Field({ description: '流程类型' }) type: string;
  @Field({ description: '流程名称' }) typeName: string;
  @Field() subjectType: string;
  @Field(() => ID) subjectId: string;
  @Field({ description: 'in_progress 审批中 / approved 通过 / returned 退回 / withdrawn 撤回 / cancelled 撤销' }) status: string;
  @Field(() => Int) currentStep: number;
  @Field(() => String, { nullable: true, description: '当前环节名称（审批中时）' }) currentStepName?: string | null;
  @Field(() => GraphQLJSON, { description: '各方单位：关系 → 单位ID' }) parties: Record<string, string>;
  @Field(() => ID) initiatedBy: string;
  @Field(() => ID) initiatingUnitId: string;
  @Field(() => ActorGql, { nullable: true, description: '发起人：姓名、发起单位、时间' }) initiator?: ActorGql | null;
  @Field(() => GraphQLJSON, { nullable: true }) payload?: Record<string, unknown> | null;
  @Field(() => Int, { description: '版本号（办理时回传，用于并发控制）' }) version: number;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
  @Field(() => [ApprovalStepGql]) steps: ApprovalStepGql[];
}

@ObjectType('ApprovalInboxItem')
export class ApprovalInboxItemGql {
  @Field(() => ApprovalCaseGql) approvalCase: ApprovalCaseGql;
  @Field(() => Int, { description: '已等待天数' }) daysPending: number;
}

@ObjectType('ApprovalTypeCount')
export class ApprovalTypeCountGql {
  @Field() type: string;
  @Field() name: string;
  @Field(() => Int) count: number;
}

@ObjectType('ApprovalInbox', { description: '待我审批' })
export class ApprovalInboxGql {
  @Field(() => [ApprovalInboxItemGql]) items: ApprovalInboxItemGql[];
  @Field(() => [ApprovalTypeCountGql]) counts: ApprovalTypeCountGql[];
}

@ObjectType('ApprovalInboxPage', { description: '待我审批的一页及总数，与各类全部数量' })
export class ApprovalInboxPageGql {
  @Field(() => [ApprovalInboxItemGql]) nodes: ApprovalInboxItemGql[];
  @Field(() => Int) totalCount: number;
  @Field(() => [ApprovalTypeCountGql]) counts: ApprovalTypeCountGql[];
}

@ObjectType('Notification', { description: '站内通知' })
export class NotificationGql {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() message: string;
  @Field(() => ID, { nullable: true }) caseId?: string | null;
  @Field(() => String, { nullable: true, description: '审批事项所涉业务对象类型（Transfer、Rotation …），用于跳转' }) subjectType?: string | null;
  @Field(() => ID, { nullable: true, description: '业务对象ID' }) subjectId?: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) readAt?: Date | null;
  @Field(() => Date, { nullable: true, description: '待办已办结（该环节已由本岗位任何人办理，或事项已撤回、退回、撤销）的时间' }) doneAt?: Date | null;
}

@ObjectType('NotificationPage', { description: '站内通知的一页及总数' })
export class NotificationPageGql {
  @Field(() => [NotificationGql]) nodes: NotificationGql[];
  @Field(() => Int) totalCount: number;
}
