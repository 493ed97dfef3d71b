import { ArrayType, Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { Role, UnitLevel } from '@tmis/shared';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { SealedText } from '../../platform/crypto/sealed-column.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';

export type AccountStatus = 'active' | 'disabled';
export type CertificateStatus = 'none' | 'active' | 'frozen' | 'revoked';

/**
 * A real-name account (实名制): bound to one person (name, ID number, phone, email), one unit
 * and one role. The unit's path and level are copied here so account scope rules compile to
 * SQL on this table alone. "At most one system admin / information admin per unit" is a partial
 * unique index in the migration.
 */

/** Previous password hashes an account keeps; with the current one, the last five cannot be chosen again. */
export const PASSWORD_HISTORY = 4;
@Entity({ tableName: 'account' })
export class Account extends BaseEntity {
  @Property({ length: 32 })
  @Unique()
  username: string;

  @Property({ length: 60 })
  realName: string;

  @Property({ type: 'bytea', nullable: true, lazy: true })
  idNumberEnc?: Buffer | null;

  @Property({ type: 'bytea', nullable: true })
  @Index()
  idNumberHash?: Buffer | null;

  @Property({ length: 40, nullable: true })
  idNumberMasked?: string | null;

  /** Sealed at rest (issue 14.7); nothing looks an account up by phone or e-mail. */
  @Property({ type: SealedText, fieldName: 'phone_enc', nullable: true })
  phone?: string | null;

  @Property({ type: SealedText, fieldName: 'email_enc', nullable: true })
  email?: string | null;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit: Unit;

  @Property({ type: 'text' })
  @Index()
  scopePath: string;

  @Property({ length: 16 })
  unitLevel: UnitLevel;

  @Property({ length: 24 })
  role: Role;

  @ManyToOne(() => Teacher, { nullable: true, deleteRule: 'restrict' })
  @Unique()
  teacher?: Teacher | null;

  @Property({ length: 12 })
  status: AccountStatus & Opt = 'active';

  @Property({ type: 'text', lazy: true })
  passwordHash: string;

  @Property()
  mustChangePassword: boolean & Opt = true;

  @Property({ type: 'timestamptz', nullable: true })
  passwordChangedAt?: Date | null;

  /** Hashes of the previous passwords, newest first (PASSWORD_HISTORY of them): a change may not reuse one. */
  @Property({ type: ArrayType, columnType: 'text[]', lazy: true })
  passwordHistory: string[] & Opt = [];

  @Property({ type: 'smallint' })
  failedLoginCount: number & Opt = 0;

  @Property({ type: 'timestamptz', nullable: true })
  lockedUntil?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  lastLoginAt?: Date | null;

  /** SHA-256 fingerprint of the bound education CA certificate (information admins). */
  @Property({ length: 100, nullable: true })
  @Unique()
  certFingerprint?: string | null;

  @Property({ length: 10 })
  certStatus: CertificateStatus & Opt = 'none';

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;
}
