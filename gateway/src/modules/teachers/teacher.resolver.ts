import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';
import { UnitGql } from '../units/unit.types.js';
import { toUnitGql } from '../units/unit.resolver.js';
import { UnitService } from '../units/unit.service.js';
import { TeacherService } from './teacher.service.js';
import { ArchiveService } from '../archive/archive.service.js';
import { readableTeacherFields } from './teacher-access.js';
import { presenceOf, visitView } from './teacher-visits.js';
import type { Teacher } from './teacher.entity.js';
import {
  ArchiveRecordGql, EmploymentGql, RegisterTeacherInput, TeacherConnection, TeacherFilter, TeacherGql, TeacherOrder, TeacherPresenceGql, TotalCountSourceGql,
} from './teacher.types.js';

/** Carries the entity and the caller's readable fields to the field resolvers. */
type TeacherView = TeacherGql & { __entity: Teacher; __fields: Set<string> };

function toView(t: Teacher, fields: Set<string>): TeacherView {
  const pick = <K extends keyof TeacherGql>(k: K, v: TeacherGql[K]): TeacherGql[K] => (fields.has(k as string) ? v : (null as TeacherGql[K]));
  const view: Partial<TeacherView> = { id: t.id, __entity: t, __fields: fields };
  const values: Omit<TeacherGql, 'id'> = {
    teacherNo: t.teacherNo, numberState: t.numberState, name: t.name, gender: t.gender, birthDate: t.birthDate, birthYear: Number(t.birthDate.slice(0, 4)), ethnicity: t.ethnicity ?? null,
    politicalStatus: t.politicalStatus ?? null, idType: t.idType, idNumberMasked: t.idNumberMasked, educationLevel: t.educationLevel ?? null,
    professionalTitle: t.professionalTitle ?? null, unitId: t.unit.id, schoolId: t.school.id, stage: t.stage ?? null,
    employmentStatus: t.employmentStatus, staffCategory: t.staffCategory ?? null, establishmentStatus: t.establishmentStatus ?? null,
    postCategory: t.postCategory ?? null, hireDate: t.hireDate ?? null, createdAt: t.createdAt, updatedAt: t.updatedAt, version: t.version,
    indicators: t.indicators ?? {},
  };
  for (const k of Object.keys(values) as (keyof typeof values)[]) (view as Record<string, unknown>)[k] = pick(k, values[k]);
  return view as TeacherView;
}

const view = (ctx: RequestContext, t: Teacher): TeacherView => toView(t, readableTeacherFields(ctx.ability, t));

function requireField(v: TeacherView, field: string): void {
  if (!v.__fields.has(field)) throw new AppError('FIELD_FORBIDDEN', { field });
}

@Resolver(() => TeacherGql)
export class TeacherResolver {
  @Query(() => TeacherConnection, { description: '教师列表（限本单位及下级，游标分页；默认不含已离开和离退休的教师）' })
  async teachers(
    @Ctx() ctx: RequestContext,
    @Arg('filter', () => TeacherFilter, { nullable: true }) filter?: TeacherFilter,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('orderBy', () => TeacherOrder, { defaultValue: TeacherOrder.TEACHER_NO }) orderBy = TeacherOrder.TEACHER_NO,
  ): Promise<TeacherConnection> {
    const page = await new TeacherService(ctx).list(filter, first, after, orderBy);
    const edges = page.edges.map((e) => ({ cursor: e.cursor, node: view(ctx, e.node) }));
    return { edges, nodes: edges.map((e) => e.node), totalCount: page.total.n, totalCountSource: page.total.source as TotalCountSourceGql, countedAt: page.total.countedAt, pageInfo: page.pageInfo };
  }

  @Query(() => TeacherGql, { description: '按ID查询教师；不在管辖范围内时返回“不存在或无权访问”' })
  async teacher(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<TeacherGql> {
    return view(ctx, await new TeacherService(ctx).getReadable(id));
  }

  @FieldResolver(() => TeacherPresenceGql, { description: '与调用者单位的关系：本单位 / 已调出 / 轮岗中 / 轮岗来校' })
  presence(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<TeacherPresenceGql> {
    return presenceOf(ctx, v.__entity) as Promise<TeacherPresenceGql>;
  }

  @FieldResolver(() => String, { nullable: true, description: '已调出、轮岗（转人事关系）的教师：调出生效日期（档案按此时的状态只读）' })
  leftOn(@Root() v: TeacherView): string | null {
    const visit = visitView(v.__entity);
    return visit?.frozenAt ? visit.since : null;
  }

  @Mutation(() => TeacherGql, { description: '注册教师（建立电子档案，发放教师个人标识码）' })
  async registerTeacher(@Arg('input') input: RegisterTeacherInput, @Ctx() ctx: RequestContext): Promise<TeacherGql> {
    return view(ctx, await new TeacherService(ctx).register(input));
  }

  @FieldResolver(() => String, { nullable: true, description: '证件号码：有权限者见全号（读取留痕），否则为脱敏号码' })
  async idNumber(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<string | null> {
    if (v.__fields.has('idNumber')) return new TeacherService(ctx).idNumber(v.__entity);
    return v.__fields.has('idNumberMasked') ? v.__entity.idNumberMasked : null;
  }

  @FieldResolver(() => UnitGql, { nullable: true, description: '所在单位（学校或二级部门）' })
  async unit(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<UnitGql | null> {
    if (!v.__fields.has('unitId')) return null;
    const u = await new UnitService(ctx).byId(v.__entity.unit.id);
    return u ? toUnitGql(u) : null;
  }

  @FieldResolver(() => UnitGql, { nullable: true, description: '所在学校' })
  async school(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<UnitGql | null> {
    if (!v.__fields.has('schoolId')) return null;
    const u = await new UnitService(ctx).byId(v.__entity.school.id);
    return u ? toUnitGql(u) : null;
  }

  @FieldResolver(() => [EmploymentGql], { description: '任职经历' })
  async employments(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<EmploymentGql[]> {
    requireField(v, 'employments');
    const rows = await new TeacherService(ctx).employments(v.id);
    return rows.map((e) => ({
      id: e.id, schoolId: e.school.id, departmentId: e.department?.id ?? null, staffCategory: e.staffCategory, establishmentStatus: e.establishmentStatus,
      postCategory: e.postCategory, employmentStatus: e.employmentStatus, startDate: e.startDate, endDate: e.endDate, endReason: e.endReason, startReason: e.startReason ?? null,
    }));
  }

  @FieldResolver(() => [ArchiveRecordGql], { nullable: true, description: '年度考核（仅学校及主管部门管理员可见）' })
  assessments(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<ArchiveRecordGql[]> {
    return restrictedSet(ctx, v, 'assessments', 'assessment');
  }

  @FieldResolver(() => [ArchiveRecordGql], { nullable: true, description: '基本待遇（仅学校及主管部门管理员可见）' })
  compensations(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<ArchiveRecordGql[]> {
    return restrictedSet(ctx, v, 'compensations', 'compensation');
  }

  @FieldResolver(() => [ArchiveRecordGql], { nullable: true, description: '师德信息（仅学校及主管部门管理员可见）' })
  ethicsRecords(@Root() v: TeacherView, @Ctx() ctx: RequestContext): Promise<ArchiveRecordGql[]> {
    return restrictedSet(ctx, v, 'ethicsRecords', 'ethics');
  }
}

async function restrictedSet(ctx: RequestContext, v: TeacherView, field: string, infoSet: string): Promise<ArchiveRecordGql[]> {
  requireField(v, field);
  const svc = new TeacherService(ctx);
  svc.recordSensitiveRead(v.__entity, field);
  // Those who left are read as they left: the versions valid at the move.
  const frozenAt = visitView(v.__entity)?.frozenAt;
  const rows = frozenAt ? await new ArchiveService(ctx).archive(v.id, frozenAt, [infoSet]) : await svc.archiveRecords(v.id, infoSet);
  return rows.map((r) => ({
    id: r.id, infoSet: r.infoSet, data: r.data, status: r.status, effectiveFrom: r.effectiveFrom, effectiveTo: r.effectiveTo,
    enteredBy: r.enteredBy, enteredAt: r.enteredAt, approvedBy: r.approvedBy, approvedAt: r.approvedAt, provenance: r.provenance ?? null,
  }));
}

