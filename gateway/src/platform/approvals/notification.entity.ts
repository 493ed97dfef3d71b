import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import type { Role } from '@tmis/shared';
import { uuidv7 } from '../ids.js';

/**
 * An in-portal notice. Addressed either to one account (the initiator) or to a post — a unit
 * and a role — because the next actor is whoever holds that post, not a named person.
 */
@Entity({ tableName: 'notification' })
export class Notification {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid', nullable: true })
  accountId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  unitId?: string | null;

  @Property({ length: 24, nullable: true })
  role?: Role | null;

  @Property({ length: 24 })
  kind: string;

  @Property({ type: 'text' })
  message: string;

  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  readAt?: Date | null;

  /** What the notice is about when it is not an approval case (ArchiveRecord, SpotCheckItem, Teacher …). */
  @Property({ length: 40, nullable: true })
  subjectType?: string | null;

  @Property({ type: 'uuid', nullable: true })
  subjectId?: string | null;

  /** A "waiting for you" notice whose step was handled or whose case ended: nothing left to do. */
  @Property({ type: 'timestamptz', nullable: true })
  doneAt?: Date | null;
}
