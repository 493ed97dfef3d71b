import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@InputType({ description: '审计日志筛选：操作人、操作、对象、单位（含下级）、时间段' })
export class AuditSearchFilter {
  @Field(() => String, { nullable: true, description: '操作人用户名（包含）' }) actor?: string | null;
  @Field(() => String, { nullable: true, description: '操作代码；以 * 结尾为前缀匹配，如 account.*' }) action?: string | null;
  @Field(() => String, { nullable: true, description: '对象类型，如 Account、Teacher' }) targetType?: string | null;
  @Field(() => String, { nullable: true, description: '对象ID（精确匹配）' }) targetId?: string | null;
  @Field(() => ID, { nullable: true, description: '单位：该单位及其下级单位中发生的操作' }) unitId?: string | null;
  @Field(() => String, { nullable: true, description: 'success | failure | denied' }) outcome?: string | null;
  @Field(() => Date, { nullable: true }) from?: Date | null;
  @Field(() => Date, { nullable: true, description: '不含' }) to?: Date | null;
}

@ObjectType('AuditRecord', { description: '审计日志条目（检索用，含链上前一条的哈希）' })
export class AuditRecordGql {
  @Field() seq: string;
  @Field() at: Date;
  @Field(() => ID, { nullable: true }) actorId?: string | null;
  @Field(() => String, { nullable: true }) actorUsername?: string | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field(() => String, { nullable: true, description: '发生单位名称' }) unitName?: string | null;
  @Field() action: string;
  @Field(() => String, { nullable: true }) targetType?: string | null;
  @Field(() => String, { nullable: true }) targetId?: string | null;
  @Field() outcome: string;
  @Field(() => GraphQLJSON, { nullable: true }) detail?: unknown;
  @Field(() => String, { nullable: true }) ip?: string | null;
  @Field() prevHash: string;
  @Field() hash: string;
}

@ObjectType()
export class AuditRecordPage {
  @Field(() => [AuditRecordGql]) nodes: AuditRecordGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType('AuditChainStatus', { description: '审计日志哈希链校验结果' })
export class AuditChainStatusGql {
  @Field() ok: boolean;
  @Field(() => Int, { description: '已校验条数' }) checked: number;
  @Field(() => String, { nullable: true, description: '第一条校验不通过的条目序号' }) brokenAt?: string | null;
  @Field(() => String, { nullable: true, description: '不通过的原因代码（link、content、unkeyed、checkpoint、truncated …）' }) reason?: string | null;
  @Field(() => Int, { description: '旧版无密钥（不受保护）的条数' }) legacyEntries: number;
  @Field(() => String, { nullable: true, description: '最后一个已签名检查点的条目序号' }) lastCheckpointSeq?: string | null;
  @Field(() => Int, { description: '最后一个检查点之后、尚未锚定的条数' }) unanchoredEntries: number;
  @Field() verifiedAt: Date;
}

@ObjectType('AuditExport', { description: '审计日志导出结果' })
export class AuditExportGql {
  @Field({ description: '建议的文件名' }) filename: string;
  @Field({ description: 'CSV 内容（UTF-8，带BOM）' }) csv: string;
  @Field(() => Int, { description: '导出条数' }) rows: number;
}
