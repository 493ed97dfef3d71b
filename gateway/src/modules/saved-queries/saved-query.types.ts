import 'reflect-metadata';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { InputLimit } from '../../platform/graphql/input-limits.js';

export enum SavedQueryVisibilityGql {
  PRIVATE = 'private',
  UNIT = 'unit',
}
registerEnumType(SavedQueryVisibilityGql, {
  name: 'SavedQueryVisibility',
  description: 'PRIVATE 仅本人；UNIT 本单位及下级单位的信息管理员、信息查询员可见并可运行（按运行人自己的权限范围返回数据）',
});

@InputType('SaveQueryInput', { description: '保存查询：只能是查询（query），保存时按当前接口校验' })
export class SaveQueryInput {
  @Field(() => ID, { nullable: true, description: '修改本人已保存的查询时填写' }) id?: string | null;
  @Field({ description: '查询名称（本人名下唯一）' }) name: string;
  @Field(() => String, { nullable: true }) description?: string | null;
  @InputLimit('document') @Field({ description: 'GraphQL 查询文本' }) query: string;
  @Field(() => GraphQLJSON, { nullable: true, description: '查询变量' }) variables?: Record<string, unknown> | null;
  @Field(() => SavedQueryVisibilityGql, { defaultValue: SavedQueryVisibilityGql.PRIVATE }) visibility: SavedQueryVisibilityGql;
}

@ObjectType('SavedQuery', { description: '保存的分析查询（只保存查询文本，不保存结果）' })
export class SavedQueryGql {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field() query: string;
  @Field(() => GraphQLJSON) variables: Record<string, unknown>;
  @Field(() => SavedQueryVisibilityGql) visibility: SavedQueryVisibilityGql;
  @Field() ownerUsername: string;
  @Field(() => ID) ownerUnitId: string;
  @Field({ description: '是否本人保存（可修改、删除）' }) mine: boolean;
  @Field() createdAt: Date;
  @Field() updatedAt: Date;
}

@ObjectType()
export class SavedQueryPage {
  @Field(() => [SavedQueryGql]) nodes: SavedQueryGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType('SavedQueryError', { description: '运行中的字段错误（如无权查看的信息项）' })
export class SavedQueryErrorGql {
  @Field() message: string;
  @Field(() => String, { nullable: true }) code: string | null;
  @Field(() => [String], { nullable: true }) path: string[] | null;
}

@ObjectType('SavedQueryRun', { description: '以运行人本人的权限运行保存的查询' })
export class SavedQueryRunGql {
  @Field(() => SavedQueryGql) savedQuery: SavedQueryGql;
  @Field(() => GraphQLJSON, { nullable: true }) data: Record<string, unknown> | null;
  @Field(() => [SavedQueryErrorGql]) errors: SavedQueryErrorGql[];
}

@ObjectType('SavedQueryExport', { description: '查询结果导出（.xlsx），与教师信息导出一样登记、留痕' })
export class SavedQueryExportGql {
  @Field(() => ID, { description: '数据导出记录编号（见 dataExports）' }) id: string;
  @Field(() => Int) rowCount: number;
  @Field(() => [String], { description: '列（字段路径）' }) columns: string[];
  @Field({ description: '结果中作为行的列表路径，如 teachers.nodes' }) rowsPath: string;
  @Field({ description: '下载地址（需登录，仅导出人本人，24小时内）' }) downloadUrl: string;
}
