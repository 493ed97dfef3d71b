import { Field, ObjectType } from 'type-graphql';
import { pgArray } from '../db/sql.js';
import type { RequestContext } from './context.js';
import { loader } from './loaders.js';

/**
 * Who did a step, as a paper form carries a signature (谁填报谁负责、谁审核谁负责): the person's
 * name, their unit and the time. Shown to whoever may read the thing signed; it names no account
 * (no id, no username), so it needs no right to read accounts.
 */
@ObjectType('Actor', { description: '经办人：姓名、单位与时间（谁填报谁负责、谁审核谁负责）' })
export class ActorGql {
  @Field({ description: '姓名' }) name: string;
  @Field(() => String, { nullable: true, description: '所在单位名称' }) unitName: string | null;
  @Field(() => String, { nullable: true, description: '所在单位代码' }) unitCode: string | null;
  @Field(() => Date, { nullable: true, description: '办理时间' }) at: Date | null;
}

/**
 * An actor written down with the thing signed, for where the account is not held: a record
 * moved from another province keeps its signatures so (`archive_record.provenance`).
 */
export interface ActorSnapshot { name: string; unitName: string | null; unitCode: string | null; at: string | null }

interface Person { name: string; unitName: string; unitCode: string }

const people = (ctx: RequestContext) => loader<Person>(ctx, 'actor.accounts', async (ids) => {
  const rows = await ctx.em.getConnection().execute<{ id: string; real_name: string; unit_name: string; unit_code: string }[]>(
    `select a.id, a.real_name, u.name as unit_name, u.code as unit_code from account a join unit u on u.id = a.unit_id where a.id = any(?::uuid[])`, [pgArray([...ids])]);
  return new Map(rows.map((r) => [r.id, { name: r.real_name, unitName: r.unit_name, unitCode: r.unit_code }]));
});

const units = (ctx: RequestContext) => loader<{ name: string; code: string }>(ctx, 'actor.units', async (ids) => {
  const rows = await ctx.em.getConnection().execute<{ id: string; name: string; code: string }[]>(
    `select id, name, code from unit where id = any(?::uuid[])`, [pgArray([...ids])]);
  return new Map(rows.map((r) => [r.id, { name: r.name, code: r.code }]));
});

/**
 * The actor behind `accountId` at `at`: the account's person and unit (or `unitId`, the unit the
 * step was taken for, when known), batched per request. Without a local account it is the
 * snapshot written down with the thing, if any; else null.
 */
export async function actorOf(ctx: RequestContext, accountId: string | null | undefined, at: Date | null | undefined,
  opts: { unitId?: string | null; snapshot?: ActorSnapshot | null } = {}): Promise<ActorGql | null> {
  const person = accountId ? await people(ctx).load(accountId) : null;
  if (!person) {
    const s = opts.snapshot;
    return s?.name ? { name: s.name, unitName: s.unitName ?? null, unitCode: s.unitCode ?? null, at: at ?? (s.at ? new Date(s.at) : null) } : null;
  }
  const unit = opts.unitId ? await units(ctx).load(opts.unitId) : null;
  return { name: person.name, unitName: unit?.name ?? person.unitName, unitCode: unit?.code ?? person.unitCode, at: at ?? null };
}

