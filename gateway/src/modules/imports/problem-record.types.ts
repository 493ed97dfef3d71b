import { Field, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('ProblemRecord', { description: '问题数据：导入时未通过身份证件校验或查重的记录，或全国教师库发现跨省同时在职的教师，待学校及主管部门核实处理' })
export class ProblemRecordGql {
  @Field(() => ID) id: string;
  @Field(() => ID, { nullable: true, description: '来源导入任务' }) jobId: string | null;
  @Field(() => ID, { nullable: true, description: '所填学校（或二级部门）' }) schoolId: string | null;
  @Field(() => Int, { nullable: true, description: '在上传文件中的行号' }) rowNumber: number | null;
  @Field({ description: 'id_check 证件校验 / duplicate_in_file 文件内重复 / duplicate_in_database 与库内重复 / registry_conflict 全国教师库一人一号冲突' }) kind: string;
  @Field({ description: '原因代码' }) reasonCode: string;
  @Field({ description: '原因' }) reason: string;
  @Field(() => GraphQLJSON, { description: '原始数据（证件号码脱敏）；registry_conflict 为本省教师与另一省份的标识码' }) raw: Record<string, string>;
  @Field(() => String, { nullable: true, description: '证件号码：信息管理员见全号（读取留痕），其他人见脱敏号码' }) idNumber: string | null;
  @Field({ description: 'open 待处理 / resolved 已处理 / dismissed 已忽略' }) status: string;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => ID, { nullable: true }) resolvedBy: string | null;
  @Field(() => Date, { nullable: true }) resolvedAt: Date | null;
  @Field(() => ID, { nullable: true, description: '处理后注册的教师；registry_conflict 为涉及的本省教师' }) teacherId: string | null;
  @Field() createdAt: Date;
}

@ObjectType()
export class ProblemRecordPage {
  @Field(() => [ProblemRecordGql]) nodes: ProblemRecordGql[];
  @Field(() => Int) totalCount: number;
}
