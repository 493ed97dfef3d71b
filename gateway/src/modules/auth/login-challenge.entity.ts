import { Entity, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../../platform/ids.js';
import { Account } from '../accounts/account.entity.js';

/** The single-use nonce an information admin signs with the certificate's key after the password step. */
@Entity({ tableName: 'login_challenge' })
export class LoginChallenge {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Account, { deleteRule: 'cascade' })
  account: Account;

  @Property({ length: 64 })
  nonce: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ type: 'timestamptz', nullable: true })
  usedAt?: Date | null;
}
