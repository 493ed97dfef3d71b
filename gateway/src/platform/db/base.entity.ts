import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../ids.js';

/**
 * Every synchronisable row has a stable global id, creation/update stamps and a version used
 * both for optimistic locking and for the later national⇄province exchange.
 */
export abstract class BaseEntity {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ version: true })
  version: number & Opt = 1;
}
