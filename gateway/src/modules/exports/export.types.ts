import 'reflect-metadata';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('DataExportResult', { description: '导出结果：文件仅导出人可在24小时内下载' })
export class DataExportResultGql {
  @Field(() => ID) id: string;
  @Field(() => Int) rowCount: number;
  @Field({ description: '下载地址（需登录，仅导出人本人）' }) downloadUrl: string;
}

@ObjectType('DataExport', { description: '数据导出记录（谁、何时、为何、条件、信息项、条数）' })
export class DataExportGql {
  @Field(() => ID) id: string;
  @Field({ description: '导出内容：teachers（教师信息）' }) kind: string;
  @Field({ description: '导出用途' }) purpose: string;
  @Field(() => GraphQLJSON, { description: '查询条件（证件号码已脱敏）' }) filters: Record<string, unknown>;
  @Field(() => [String], { description: '导出的信息项' }) fields: string[];
  @Field(() => Int) rowCount: number;
  @Field(() => ID) exporterAccountId: string;
  @Field() exporterUsername: string;
  @Field(() => ID) exporterUnitId: string;
  @Field() createdAt: Date;
  @Field() expiresAt: Date;
  @Field(() => String, { nullable: true, description: '下载地址：仅导出人本人且未过期时提供' }) downloadUrl: string | null;
}

@ObjectType()
export class DataExportPage {
  @Field(() => [DataExportGql]) nodes: DataExportGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType('ExportField', { description: '可导出的信息项' })
export class ExportFieldGql {
  @Field({ description: '信息项代码（exportTeachers 的 fields 参数）' }) key: string;
  @Field({ description: '表头' }) header: string;
}
