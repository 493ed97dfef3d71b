import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('Job', { description: '后台任务（批量导入等）：状态、进度与结果' })
export class JobGql {
  @Field(() => ID) id: string;
  @Field({ description: '任务类型，如 teacher_import' }) kind: string;
  @Field({ description: 'queued 排队 / running 执行中 / succeeded 完成 / failed 失败' }) status: string;
  @Field(() => Float, { description: '进度 0..1' }) progress: number;
  @Field(() => Int, { nullable: true }) total?: number | null;
  @Field(() => Int, { description: '已处理行数' }) processed: number;
  @Field(() => GraphQLJSON, { nullable: true, description: '计数，如 imported / alreadyImported / invalid' }) counts?: Record<string, number> | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => ID, { nullable: true }) createdBy?: string | null;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) startedAt?: Date | null;
  @Field(() => Date, { nullable: true }) finishedAt?: Date | null;
  @Field(() => String, { nullable: true }) errorCode?: string | null;
  @Field(() => String, { nullable: true, description: '失败原因' }) error?: string | null;
  @Field({ description: '是否生成了结果文件（如错误报告）' }) hasResult: boolean;
}
