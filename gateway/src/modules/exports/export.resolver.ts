import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { UnitGql } from '../units/unit.types.js';
import { toUnitGql } from '../units/unit.resolver.js';
import { UnitService } from '../units/unit.service.js';
import { TeacherFilter } from '../teachers/teacher.types.js';
import { downloadUrlOf, ExportService } from './export.service.js';
import type { DataExport } from './data-export.entity.js';
import { DataExportGql, DataExportPage, DataExportResultGql, ExportFieldGql } from './export.types.js';
import { indicatorExportFields } from './indicator-fields.js';

function toDataExportGql(e: DataExport, callerId: string | undefined): DataExportGql {
  const downloadable = e.exporterAccountId === callerId && e.expiresAt.getTime() > Date.now();
  return {
    id: e.id, kind: e.kind, purpose: e.purpose, filters: e.filters, fields: e.fields, rowCount: e.rowCount,
    exporterAccountId: e.exporterAccountId, exporterUsername: e.exporterUsername, exporterUnitId: e.exporterUnitId,
    createdAt: e.createdAt, expiresAt: e.expiresAt, downloadUrl: downloadable ? downloadUrlOf(e.id) : null,
  };
}

@Resolver(() => DataExportGql)
export class ExportResolver {
  @Mutation(() => DataExportResultGql, { description: '导出教师信息（.xlsx）：须说明用途，每次导出均留痕' })
  async exportTeachers(
    @Ctx() ctx: RequestContext,
    @Arg('fields', () => [String], { description: '导出的信息项，见 teacherExportFields' }) fields: string[],
    @Arg('purpose', () => String, { description: '导出用途（至少4个字）' }) purpose: string,
    @Arg('filter', () => TeacherFilter, { nullable: true }) filter?: TeacherFilter,
  ): Promise<DataExportResultGql> {
    const e = await new ExportService(ctx, indicatorExportFields).exportTeachers(filter, fields, purpose);
    return { id: e.id, rowCount: e.rowCount, downloadUrl: downloadUrlOf(e.id) };
  }

  @Query(() => DataExportPage, { description: '数据导出记录：本人的导出，以及下级单位账号的导出' })
  async dataExports(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<DataExportPage> {
    const page = await new ExportService(ctx, indicatorExportFields).list(first, offset);
    return { nodes: page.nodes.map((e) => toDataExportGql(e, ctx.actor?.accountId)), totalCount: page.totalCount };
  }

  @Query(() => [ExportFieldGql], { description: '当前用户可导出的教师信息项' })
  async teacherExportFields(@Ctx() ctx: RequestContext): Promise<ExportFieldGql[]> {
    return (await new ExportService(ctx, indicatorExportFields).exportableFields()).map((f) => ({ key: f.key, header: f.header }));
  }

  @FieldResolver(() => UnitGql, { nullable: true, description: '导出人所在单位' })
  async exporterUnit(@Root() e: DataExportGql, @Ctx() ctx: RequestContext): Promise<UnitGql | null> {
    const u = await new UnitService(ctx).byId(e.exporterUnitId);
    return u ? toUnitGql(u) : null;
  }
}
