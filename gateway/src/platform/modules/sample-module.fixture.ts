import 'reflect-metadata';
import { Entity, Property } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { Arg, Ctx, Field, ID, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { subtreeOf } from '@tmis/shared';
import { BaseEntity, canOn, defineGatewayModule, requireActor, requireScope, AppError, type RequestContext } from '../../sdk/index.js';

/** Test fixture: a small province module written only against the SDK (built with the gateway, never loaded by it). */
// A small province module, written only against the SDK, as a province developer would.
@Entity({ tableName: 'sample_note' })
class SampleNote extends BaseEntity {
  @Property({ type: 'text' }) scopePath: string;
  @Property({ length: 100 }) text: string;
}

export class SampleNotes20261123000000Init extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table sample_note (id uuid primary key, created_at timestamptz not null, updated_at timestamptz not null, version int not null default 1, scope_path text not null, text varchar(100) not null);`);
  }
}

@ObjectType('SampleNote')
class SampleNoteGql {
  @Field(() => ID) id: string;
  @Field() text: string;
}

@Resolver()
class SampleNoteResolver {
  @Query(() => [SampleNoteGql])
  async sampleNotes(@Ctx() ctx: RequestContext): Promise<SampleNoteGql[]> {
    const rows = await ctx.em.find(SampleNote, requireScope(ctx.ability, 'read', 'SampleNote') as never, { orderBy: { text: 'asc' } });
    return rows.map((r) => ({ id: r.id, text: r.text }));
  }

  @Mutation(() => SampleNoteGql)
  async addSampleNote(@Arg('text') text: string, @Ctx() ctx: RequestContext): Promise<SampleNoteGql> {
    const actor = requireActor(ctx);
    if (!canOn(ctx.ability, 'create', 'SampleNote', { scopePath: actor.scopePath })) throw new AppError('FORBIDDEN');
    const n = ctx.em.create(SampleNote, { scopePath: actor.scopePath, text });
    await ctx.em.flush();
    return { id: n.id, text: n.text };
  }
}

export const sample = defineGatewayModule({
  name: 'sample-notes',
  title: '示例模块',
  entities: [SampleNote],
  resolvers: [SampleNoteResolver],
  migrations: [{ name: 'SampleNotes20261123000000Init', class: SampleNotes20261123000000Init }],
  abilities: (p, can) => {
    if (p.role === 'info_admin') can(['read', 'create'], 'SampleNote', { scopePath: subtreeOf(p.unitPath) });
    if (p.role === 'query_user') can('read', 'SampleNote', { scopePath: subtreeOf(p.unitPath) });
  },
});

