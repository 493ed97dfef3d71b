import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';

@ObjectType('IndicatorCodeItem')
@InputType('IndicatorCodeItemInput')
export class IndicatorCodeItem {
  @Field() code: string;
  @Field() name: string;
}

@ObjectType('IndicatorDefinition', { description: '省级拓展指标' })
export class IndicatorDefinitionGql {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() label: string;
  @Field(() => String, { nullable: true }) labelEn?: string | null;
  @Field({ description: 'text | number | date | code | boolean' }) type: string;
  @Field(() => [IndicatorCodeItem], { nullable: true }) codeItems?: IndicatorCodeItem[] | null;
  @Field() required: boolean;
  @Field(() => [String], { nullable: true, description: '适用的办学类型；为空表示全部' }) schoolTypes?: string[] | null;
  @Field({ description: '教师本人可填报' }) teacherEditable: boolean;
  @Field() status: string;
  @Field(() => Int) version: number;
}

@InputType()
export class IndicatorInput {
  @Field({ description: '指标代码（英文字母、数字、下划线）' }) code: string;
  @Field() label: string;
  @Field(() => String, { nullable: true }) labelEn?: string | null;
  @Field() type: string;
  @Field(() => [IndicatorCodeItem], { nullable: true }) codeItems?: IndicatorCodeItem[] | null;
  @Field({ defaultValue: false }) required: boolean;
  @Field(() => [String], { nullable: true }) schoolTypes?: string[] | null;
  @Field({ defaultValue: false }) teacherEditable: boolean;
}

@InputType()
export class IndicatorUpdateInput {
  @Field(() => String, { nullable: true }) label?: string | null;
  @Field(() => String, { nullable: true }) labelEn?: string | null;
  @Field(() => [IndicatorCodeItem], { nullable: true }) codeItems?: IndicatorCodeItem[] | null;
  @Field(() => Boolean, { nullable: true }) required?: boolean | null;
  @Field(() => [String], { nullable: true }) schoolTypes?: string[] | null;
  @Field(() => Boolean, { nullable: true }) teacherEditable?: boolean | null;
  @Field(() => String, { nullable: true, description: 'active | retired' }) status?: string | null;
  @Field(() => Int) version: number;
}

@InputType({ description: '按省级拓展指标筛选：指标代码 = 值' })
export class IndicatorFilter {
  @Field() code: string;
  @Field() value: string;
}
