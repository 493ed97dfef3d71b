import { Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';

/** `private`: the owner only; `unit`: the saving unit and every unit below it. */
export type SavedQueryVisibility = 'private' | 'unit';

/**
 * A named GraphQL query with its variables, saved by an analyst. It stores text, never results:
 * whoever runs it gets the answer their own scope allows.
 */
@Entity({ tableName: 'saved_query' })
export class SavedQuery extends BaseEntity {
  @Property({ length: 100 })
  name: string;

  @Property({ length: 500, nullable: true })
  description?: string | null;

  @Property({ type: 'text' })
  query: string;

  @Property({ type: 'jsonb' })
  variables: Record<string, unknown> & Opt = {};

  @Property({ length: 16 })
  visibility: SavedQueryVisibility;

  @Property({ type: 'uuid' })
  ownerAccountId: string;

  @Property({ length: 32 })
  ownerUsername: string;

  @Property({ type: 'uuid' })
  ownerUnitId: string;

  /** The owner's unit path when saved: shared queries are visible from this unit down. */
  @Property({ type: 'text' })
  scopePath: string;

  @Property({ type: 'timestamptz', nullable: true })
  deletedAt?: Date | null;
}
