import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: '单位（行政部门、学校、二级部门）' })
export class UnitGql {
  @Field(() => ID) id: string;
  @Field({ description: '行政区划代码 / 学校标识码' }) code: string;
  @Field() name: string;
  @Field({ description: 'national | province | city | county | school | department' }) level: string;
  @Field({ description: '物化路径，子树查询用' }) path: string;
  @Field(() => Int) depth: number;
  @Field(() => ID, { nullable: true }) parentId?: string | null;
  @Field(() => String, { nullable: true, description: '办学类型代码' }) schoolType?: string | null;
  @Field(() => String, { nullable: true, description: '学段' }) stage?: string | null;
  @Field(() => String, { nullable: true, description: '举办者类型' }) sponsorType?: string | null;
  @Field(() => String, { nullable: true, description: '城乡类型' }) urbanRuralType?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
  @Field({ description: 'active 正常 / closed 已撤销' }) status: string;
  @Field(() => String, { nullable: true, description: '撤销日期（YYYY-MM-DD）' }) closedOn?: string | null;
}

@ObjectType()
export class UnitPage {
  @Field(() => [UnitGql]) nodes: UnitGql[];
  @Field(() => Int) totalCount: number;
}

@InputType()
export class CreateUnitInput {
  @Field(() => ID) parentId: string;
  @Field() code: string;
  @Field() name: string;
  @Field() level: string;
  @Field(() => String, { nullable: true }) schoolType?: string | null;
  @Field(() => String, { nullable: true }) sponsorType?: string | null;
  @Field(() => String, { nullable: true }) urbanRuralType?: string | null;
  @Field(() => String, { nullable: true }) address?: string | null;
}

@ObjectType('SchoolDirectoryEntry', { description: '学校名录条目（全省学校，供调动、交流选择接收学校）' })
export class SchoolDirectoryEntryGql {
  @Field(() => ID) id: string;
  @Field({ description: '学校标识码' }) code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: '学段' }) stage?: string | null;
  @Field(() => String, { nullable: true, description: '办学类型代码' }) schoolType?: string | null;
}
