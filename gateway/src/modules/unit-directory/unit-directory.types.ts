import { Field, ID, Int, ObjectType } from 'type-graphql';
import { JobGql } from '../../platform/jobs/job.types.js';

@ObjectType('UnitDirectorySummary', { description: '单位名录预检汇总' })
export class UnitDirectorySummaryGql {
  @Field(() => Int, { description: '文件中的学校行数' }) rows: number;
  @Field(() => Int, { description: '新增学校' }) create: number;
  @Field(() => Int, { description: '更新学校（名称、属性或恢复）' }) update: number;
  @Field(() => Int, { description: '不变' }) unchanged: number;
  @Field(() => Int, { description: '撤销（本省已有、文件中没有的学校）' }) close: number;
  @Field(() => Int, { description: '错误行' }) invalid: number;
  @Field(() => Int, { description: '新设市、县教育行政部门' }) divisionsCreate: number;
  @Field(() => Int, { description: '更名的市、县教育行政部门' }) divisionsUpdate: number;
}

@ObjectType('UnitDirectoryImport', { description: '单位名录导入：上传的学校名录、预检结果与执行情况' })
export class UnitDirectoryImportGql {
  @Field(() => ID) id: string;
  @Field({ description: 'checking 预检中 / check_failed 预检失败 / ready 待执行 / applying 执行中 / applied 已执行' }) status: string;
  @Field() createdAt: Date;
  @Field(() => ID, { nullable: true }) createdBy?: string | null;
  @Field() fileSha256: string;
  @Field(() => Int) fileBytes: number;
  @Field(() => UnitDirectorySummaryGql, { nullable: true }) summary?: UnitDirectorySummaryGql | null;
  @Field(() => JobGql, { nullable: true, description: '预检任务' }) dryRunJob?: JobGql | null;
  @Field(() => JobGql, { nullable: true, description: '执行任务' }) applyJob?: JobGql | null;
  @Field(() => Date, { nullable: true }) appliedAt?: Date | null;
  @Field(() => ID, { nullable: true }) appliedBy?: string | null;
}

@ObjectType('UnitDirectoryChange')
export class UnitDirectoryChangeGql {
  @Field({ description: 'name | schoolType | sponsorType | urbanRuralType | address | status' }) field: string;
  @Field(() => String, { nullable: true }) from?: string | null;
  @Field(() => String, { nullable: true }) to?: string | null;
}

@ObjectType('UnitDirectoryIssue')
export class UnitDirectoryIssueGql {
  @Field({ description: '列（表头）' }) column: string;
  @Field({ description: '原因' }) reason: string;
}

@ObjectType('UnitDirectoryPlanRow', { description: '预检明细：文件中的一行、要设立或更名的市县，或要撤销的学校' })
export class UnitDirectoryPlanRowGql {
  @Field(() => Int, { nullable: true, description: '文件中的行号（撤销的学校和由学校推出的市县为空）' }) rowNumber?: number | null;
  @Field({ description: 'school | city | county' }) kind: string;
  @Field({ description: 'create 新增 / update 更新 / unchanged 不变 / close 撤销 / invalid 错误' }) action: string;
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true, description: '上级单位代码' }) parentCode?: string | null;
  @Field(() => [UnitDirectoryChangeGql]) changes: UnitDirectoryChangeGql[];
  @Field(() => [UnitDirectoryIssueGql]) issues: UnitDirectoryIssueGql[];
  @Field(() => Int, { nullable: true, description: '撤销学校的在职教师数（档案保留，仍可查询）' }) activeTeachers?: number | null;
}

@ObjectType('UnitDirectoryPlanPage')
export class UnitDirectoryPlanPage {
  @Field(() => [UnitDirectoryPlanRowGql]) nodes: UnitDirectoryPlanRowGql[];
  @Field(() => Int) totalCount: number;
}
