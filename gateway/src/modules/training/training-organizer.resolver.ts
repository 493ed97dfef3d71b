import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { loader } from '../../platform/graphql/loaders.js';
import { pgArray } from '../../platform/db/sql.js';
import { TrainingCreditGql, TrainingInstitutionGql, TrainingProjectGql } from './training.types.js';

const unitNames = (ctx: RequestContext) => loader<string>(ctx, 'training.unitNames', async (ids) => {
  const rows = await ctx.em.getConnection().execute<{ id: string; name: string }[]>(`select id, name from unit where id = any(?::uuid[])`, [pgArray([...ids])]);
  return new Map(rows.map((r) => [r.id, r.name]));
});

const institutions = (ctx: RequestContext) => loader<TrainingInstitutionGql>(ctx, 'training.institutions', async (ids) => {
  const rows = await ctx.em.getConnection().execute<{ id: string; real_name: string; unit_name: string }[]>(
    `select a.id, a.real_name, u.name as unit_name from account a join unit u on u.id = a.unit_id where a.id = any(?::uuid[])`, [pgArray([...ids])]);
  return new Map(rows.map((r) => [r.id, { id: r.id, name: r.real_name, unitName: r.unit_name }]));
});

// What a credit's archive record names (written at confirmation, so a later rename changes nothing).
const creditSources = (ctx: RequestContext) => loader<{ organizer: string | null; institution: string | null }>(ctx, 'training.creditSources', async (ids) => {
  const rows = await ctx.em.getConnection().execute<{ id: string; organizer: string | null; institution: string | null }[]>(
    `select id, data->>'organizer' as organizer, data->>'institution' as institution from archive_record where id = any(?::uuid[])`, [pgArray([...ids])]);
  return new Map(rows.map((r) => [r.id, { organizer: r.organizer, institution: r.institution }]));
});

/** A project's organiser (the unit that registered it) and the institutions that run it, by name. */
@Resolver(() => TrainingProjectGql)
export class TrainingProjectResolver {
  @FieldResolver(() => String, { nullable: true, description: '主办单位：登记项目的单位（ownerUnitId），不论由哪个机构承办' })
  organizer(@Root() p: TrainingProjectGql, @Ctx() ctx: RequestContext): Promise<string | null> {
    return unitNames(ctx).load(p.ownerUnitId);
  }

  @FieldResolver(() => [TrainingInstitutionGql], { description: '承办机构：项目指定的培训承办机构（名称与所属单位）' })
  async institutions(@Root() p: TrainingProjectGql, @Ctx() ctx: RequestContext): Promise<TrainingInstitutionGql[]> {
    const found = await institutions(ctx).loadMany(p.institutionIds);
    return found.filter((x): x is TrainingInstitutionGql => Boolean(x) && !(x instanceof Error));
  }
}

/** What a credit names: its organiser and institutions as written into its archive record. */
@Resolver(() => TrainingCreditGql)
export class TrainingCreditSourceResolver {
  @FieldResolver(() => String, { nullable: true, description: '主办单位：项目学分为登记项目的单位；自主研修为教师填写的组织单位' })
  async organizer(@Root() c: TrainingCreditGql, @Ctx() ctx: RequestContext): Promise<string | null> {
    return c.archiveRecordId ? (await creditSources(ctx).load(c.archiveRecordId))?.organizer ?? null : null;
  }

  @FieldResolver(() => String, { nullable: true, description: '承办机构（项目指定的培训承办机构，多个以“、”分隔）' })
  async institution(@Root() c: TrainingCreditGql, @Ctx() ctx: RequestContext): Promise<string | null> {
    return c.archiveRecordId ? (await creditSources(ctx).load(c.archiveRecordId))?.institution ?? null : null;
  }
}
