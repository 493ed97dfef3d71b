import { Entity, Index, ManyToOne, PrimaryKey, Property, Unique, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../../platform/ids.js';
import { Account } from '../accounts/account.entity.js';

export type AuthMethod = 'password' | 'password+certificate';

/** A login session. Only the SHA-256 of the bearer token is stored. */
@Entity({ tableName: 'session' })
export class Session {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'bytea' })
  @Unique()
  tokenHash: Buffer;

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  @Index()
  account: Account;

  @Property({ length: 24 })
  authMethod: AuthMethod;

  /** A session that must change its password before doing anything else. */
  @Property()
  restricted: boolean & Opt = false;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  lastSeenAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ length: 64, nullable: true })
  ip?: string | null;
}
