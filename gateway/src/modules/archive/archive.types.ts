import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { RecordProvenance } from './archive-record.entity.js';

@ObjectType('ArchiveRecord', { description: '电子档案信息子集记录（谁填报谁负责、谁审核谁负责）' })
export class ArchiveRecordGql {
  @Field(() => ID) id: string;
  @Field(() => ID) teacherId: string;
  @Field() infoSet: string;
  @Field(() => GraphQLJSON) data: Record<string, unknown>;
  @Field({ description: 'draft 草稿 | submitted 已提交 | school_approved 学校已审核 | effective 已生效 | returned 已退回 | superseded 已被替代' }) status: string;
  @Field({ description: 'add 新增 | change 变更 | delete 删除' }) changeKind: string;
  @Field(() => ID, { nullable: true, description: '变更或删除所针对的原记录' }) supersedesId?: string | null;
  @Field(() => String, { nullable: true }) changeReason?: string | null;
  @Field() origin: string;
  @Field(() => ID, { nullable: true, description: '填报人' }) enteredBy?: string | null;
  @Field(() => Date, { nullable: true }) enteredAt?: Date | null;
  @Field(() => ID, { nullable: true }) submittedBy?: string | null;
  @Field(() => Date, { nullable: true }) submittedAt?: Date | null;
  @Field(() => ID, { nullable: true, description: '学校审核人' }) schoolApprovedBy?: string | null;
  @Field(() => Date, { nullable: true }) schoolApprovedAt?: Date | null;
  @Field(() => ID, { nullable: true, description: '主管部门审核人（生效）' }) approvedBy?: string | null;
  @Field(() => Date, { nullable: true }) approvedAt?: Date | null;
  @Field(() => ID, { nullable: true }) returnedBy?: string | null;
  @Field(() => Date, { nullable: true }) returnedAt?: Date | null;
  @Field(() => String, { nullable: true, description: '退回原因（提交人可见）' }) returnReason?: string | null;
  @Field(() => Date, { nullable: true, description: '本版本开始生效的时间' }) validFrom?: Date | null;
  @Field(() => Date, { nullable: true, description: '本版本被替代或删除的时间' }) validTo?: Date | null;
  @Field(() => Int) version: number;
  /** Not a field: the names the actor fields fall back on (archive.resolver.ts, ArchiveRecordActorResolver). */
  provenance?: RecordProvenance | null;
}

@ObjectType()
export class ArchiveSetGql {
  @Field() infoSet: string;
  @Field() name: string;
  @Field(() => [ArchiveRecordGql]) records: ArchiveRecordGql[];
}

@ObjectType()
export class ArchiveRecordPage {
  @Field(() => [ArchiveRecordGql]) nodes: ArchiveRecordGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: '批量操作中单条记录的结果' })
export class RecordActionResult {
  @Field(() => ID) id: string;
  @Field() ok: boolean;
  @Field(() => String, { nullable: true }) code?: string | null;
  @Field(() => String, { nullable: true }) message?: string | null;
  @Field(() => String, { nullable: true }) status?: string | null;
}

@InputType()
export class SaveRecordInput {
  @Field(() => ID, { nullable: true, description: '修改草稿或被退回的记录时传入' }) id?: string | null;
  @Field(() => ID) teacherId: string;
  @Field() infoSet: string;
  @Field(() => GraphQLJSON) data: Record<string, unknown>;
  @Field(() => Int, { nullable: true, description: '乐观锁版本号' }) version?: number | null;
  @Field({ defaultValue: false, description: '保存后直接提交审核' }) submit: boolean;
}

@InputType()
export class RecordQueueFilter {
  @Field(() => [String], { nullable: true }) status?: string[] | null;
  @Field(() => String, { nullable: true }) infoSet?: string | null;
  @Field(() => ID, { nullable: true }) teacherId?: string | null;
  @Field(() => ID, { nullable: true, description: '单位（含下级）' }) unitId?: string | null;
  @Field(() => [String], { nullable: true, description: 'add 新增 | change 变更 | delete 删除（变更申请列表用 change、delete）' }) changeKind?: string[] | null;
  @Field({ defaultValue: false, description: '只看等待我审核的' }) awaitingMe: boolean;
}
