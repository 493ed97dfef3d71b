import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { errorMessage, getInfoSet } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { actorOf, ActorGql } from '../../platform/graphql/actor.js';
import type { ArchiveRecord, RecordActorRole } from './archive-record.entity.js';
import { ArchiveService, type ActionResult } from './archive.service.js';
import { ArchiveRecordGql as TeacherSetRecordGql } from '../teachers/teacher.types.js';
import { ArchiveRecordGql, ArchiveRecordPage, ArchiveSetGql, RecordActionResult, RecordQueueFilter, SaveRecordInput } from './archive.types.js';

export function toRecordGql(r: ArchiveRecord): ArchiveRecordGql {
  return {
    id: r.id, teacherId: r.teacher.id, infoSet: r.infoSet, data: r.data, status: r.status, changeKind: r.changeKind, supersedesId: r.supersedes?.id ?? null,
    changeReason: r.changeReason, origin: r.origin, enteredBy: r.enteredBy, enteredAt: r.enteredAt, submittedBy: r.submittedBy, submittedAt: r.submittedAt,
    schoolApprovedBy: r.schoolApprovedBy, schoolApprovedAt: r.schoolApprovedAt, approvedBy: r.approvedBy, approvedAt: r.approvedAt,
    returnedBy: r.returnedBy, returnedAt: r.returnedAt, returnReason: r.returnReason, validFrom: r.validFrom, validTo: r.validTo, version: r.version,
    provenance: r.provenance ?? null,
  };
}

const toResults = (rs: ActionResult[]): RecordActionResult[] =>
  rs.map((r) => ({ id: r.id, ok: r.ok, status: r.status ?? null, code: r.code ?? null, message: r.code ? errorMessage(r.code) : null }));

export function groupBySet(records: ArchiveRecord[]): ArchiveSetGql[] {
  const groups = new Map<string, ArchiveRecordGql[]>();
  for (const r of records) groups.set(r.infoSet, [...(groups.get(r.infoSet) ?? []), toRecordGql(r)]);
  return [...groups].map(([infoSet, recs]) => ({ infoSet, name: getInfoSet(infoSet)?.name ?? infoSet, records: recs }));
}

@Resolver()
export class ArchiveResolver {
  @Query(() => [ArchiveSetGql], { description: '教师电子档案：指定时间点（默认当前）有效的各信息子集记录' })
  async teacherArchive(
    @Arg('teacherId', () => ID) teacherId: string,
    @Ctx() ctx: RequestContext,
    @Arg('asOf', () => Date, { nullable: true, description: '查询历史时间点' }) asOf?: Date,
    @Arg('sets', () => [String], { nullable: true }) sets?: string[],
  ): Promise<ArchiveSetGql[]> {
    return groupBySet(await new ArchiveService(ctx).archive(teacherId, asOf, sets));
  }

  @Query(() => [ArchiveRecordGql], { description: '某信息子集的全部版本与申请（含填报人、审核人）' })
  async archiveHistory(@Arg('teacherId', () => ID) teacherId: string, @Arg('infoSet') infoSet: string, @Ctx() ctx: RequestContext): Promise<ArchiveRecordGql[]> {
    return (await new ArchiveService(ctx).history(teacherId, infoSet)).map(toRecordGql);
  }

  @Query(() => ArchiveRecordPage, { description: '审核队列（限管辖范围）' })
  async archiveRecords(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => RecordQueueFilter, { nullable: true }) filter?: RecordQueueFilter,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<ArchiveRecordPage> {
    const page = await new ArchiveService(ctx).queue(filter, first, offset);
    return { nodes: page.nodes.map(toRecordGql), totalCount: page.totalCount };
  }

  @Mutation(() => ArchiveRecordGql, { description: '填报或修改（草稿、被退回的）记录；主管部门填报的直接生效' })
  async saveArchiveRecord(@Arg('input') input: SaveRecordInput, @Ctx() ctx: RequestContext): Promise<ArchiveRecordGql> {
    return toRecordGql(await new ArchiveService(ctx).save(input));
  }

  @Mutation(() => [RecordActionResult], { description: '提交审核（可批量）' })
  async submitArchiveRecords(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: RequestContext): Promise<RecordActionResult[]> {
    return toResults(await new ArchiveService(ctx).submit(ids));
  }

  @Mutation(() => [RecordActionResult], { description: '审核通过（可批量）：学校审核 → 主管部门审核生效' })
  async approveArchiveRecords(@Arg('ids', () => [ID]) ids: string[], @Ctx() ctx: RequestContext): Promise<RecordActionResult[]> {
    return toResults(await new ArchiveService(ctx).approve(ids));
  }

  @Mutation(() => [RecordActionResult], { description: '退回（可批量），须填写原因' })
  async returnArchiveRecords(@Arg('ids', () => [ID]) ids: string[], @Arg('reason') reason: string, @Ctx() ctx: RequestContext): Promise<RecordActionResult[]> {
    return toResults(await new ArchiveService(ctx).returnRecords(ids, reason));
  }

  @Mutation(() => ArchiveRecordGql, { description: '对已生效记录提出变更或删除申请（学校信息管理员），由主管部门审核' })
  async requestArchiveChange(
    @Arg('recordId', () => ID) recordId: string,
    @Arg('reason') reason: string,
    @Ctx() ctx: RequestContext,
    @Arg('data', () => GraphQLJSON, { nullable: true }) data?: Record<string, unknown>,
    @Arg('delete', () => Boolean, { defaultValue: false }) remove = false,
  ): Promise<ArchiveRecordGql> {
    return toRecordGql(await new ArchiveService(ctx).requestChange(recordId, data ?? null, remove, reason));
  }
}

/** A record's account id and time columns of one signed step. */
const STEP_COLUMNS: Record<RecordActorRole, [by: keyof ArchiveRecordGql, at: keyof ArchiveRecordGql]> = {
  entered: ['enteredBy', 'enteredAt'], submitted: ['submittedBy', 'submittedAt'], schoolApproved: ['schoolApprovedBy', 'schoolApprovedAt'],
  approved: ['approvedBy', 'approvedAt'], returned: ['returnedBy', 'returnedAt'],
};

/**
 * Who took each step of a record, by name, unit and time (谁填报谁负责、谁审核谁负责), for whoever
 * may read the record: one batched query per request for every record shown. A record moved from
 * another province names the people there (its provenance), since their accounts are not held here.
 */
export function recordActor(ctx: RequestContext, r: ArchiveRecordGql, role: RecordActorRole): Promise<ActorGql | null> {
  const [by, at] = STEP_COLUMNS[role];
  return actorOf(ctx, r[by] as string | null | undefined, r[at] as Date | null | undefined, { snapshot: r.provenance?.[role] });
}

@Resolver(() => ArchiveRecordGql)
export class ArchiveRecordActorResolver {
  @FieldResolver(() => ActorGql, { nullable: true, description: '填报人（姓名、单位、时间）' })
  entered(@Root() r: ArchiveRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return recordActor(ctx, r, 'entered');
  }

  @FieldResolver(() => ActorGql, { nullable: true, description: '提交人（姓名、单位、时间）' })
  submitted(@Root() r: ArchiveRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return recordActor(ctx, r, 'submitted');
  }

  @FieldResolver(() => ActorGql, { nullable: true, description: '学校审核人（姓名、单位、时间）' })
  schoolApproved(@Root() r: ArchiveRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return recordActor(ctx, r, 'schoolApproved');
  }

  @FieldResolver(() => ActorGql, { nullable: true, description: '审批人：主管部门审核生效（姓名、单位、时间）' })
  approved(@Root() r: ArchiveRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return recordActor(ctx, r, 'approved');
  }

  @FieldResolver(() => ActorGql, { nullable: true, description: '退回人（姓名、单位、时间）' })
  returned(@Root() r: ArchiveRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return recordActor(ctx, r, 'returned');
  }
}

/** The same names on a teacher's restricted sets (assessments, compensations, ethics records). */
@Resolver(() => TeacherSetRecordGql)
export class TeacherSetRecordActorResolver {
  @FieldResolver(() => ActorGql, { nullable: true, description: '填报人（姓名、单位、时间）' })
  entered(@Root() r: TeacherSetRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return actorOf(ctx, r.enteredBy, r.enteredAt, { snapshot: r.provenance?.entered });
  }

  @FieldResolver(() => ActorGql, { nullable: true, description: '审批人：主管部门审核生效（姓名、单位、时间）' })
  approved(@Root() r: TeacherSetRecordGql, @Ctx() ctx: RequestContext): Promise<ActorGql | null> {
    return actorOf(ctx, r.approvedBy, r.approvedAt, { snapshot: r.provenance?.approved });
  }
}
