import { Arg, Ctx, Field, ID, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import type { RequestContext } from '../graphql/context.js';
import { requirePrincipal } from '../graphql/context.js';
import { requireScope } from '../access/casl-to-filter.js';
import { AuditEntry } from './audit-entry.entity.js';

@ObjectType('AuditEntry', { description: '审计日志条目（只增不改，哈希链防篡改）' })
class AuditEntryGql {
  @Field() seq: string;
  @Field() at: Date;
  @Field(() => ID, { nullable: true }) actorId?: string | null;
  @Field(() => String, { nullable: true }) actorUsername?: string | null;
  @Field(() => ID, { nullable: true }) unitId?: string | null;
  @Field() action: string;
  @Field(() => String, { nullable: true }) targetType?: string | null;
  @Field(() => String, { nullable: true }) targetId?: string | null;
  @Field() outcome: string;
  @Field(() => GraphQLJSON, { nullable: true }) detail?: unknown;
  @Field(() => String, { nullable: true }) ip?: string | null;
  @Field() hash: string;
}

@ObjectType()
class AuditPage {
  @Field(() => [AuditEntryGql]) nodes: AuditEntryGql[];
  @Field(() => Int) totalCount: number;
}

@Resolver()
export class AuditResolver {
  @Query(() => AuditPage, { description: '审计日志（限本单位及下级）' })
  async auditLog(
    @Ctx() ctx: RequestContext,
    @Arg('action', () => String, { nullable: true }) action?: string,
    @Arg('actorId', () => ID, { nullable: true }) actorId?: string,
    @Arg('from', () => Date, { nullable: true }) from?: Date,
    @Arg('to', () => Date, { nullable: true }) to?: Date,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<AuditPage> {
    requirePrincipal(ctx);
    const where: Record<string, unknown>[] = [requireScope(ctx.ability, 'read', 'AuditLog')];
    if (action) where.push({ action: action.endsWith('*') ? { $like: `${action.slice(0, -1)}%` } : action });
    if (actorId) where.push({ actorId });
    if (from) where.push({ at: { $gte: from } });
    if (to) where.push({ at: { $lt: to } });
    const [rows, totalCount] = await ctx.em.findAndCount(AuditEntry, { $and: where } as never, {
      orderBy: { seq: 'desc' }, limit: Math.min(Math.max(first, 1), 500), offset: Math.max(offset, 0),
    });
    return { nodes: rows.map((r) => ({ ...r, seq: String(r.seq) })), totalCount };
  }
}
