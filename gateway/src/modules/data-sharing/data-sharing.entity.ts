import { ArrayType, Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { SealedText } from '../../platform/crypto/sealed-column.js';
import { uuidv7 } from '../../platform/ids.js';

/** pending → approved (by the authority) | returned | withdrawn | cancelled; approved → revoked. */
export type SharingStatus = 'pending' | 'approved' | 'returned' | 'withdrawn' | 'cancelled' | 'revoked';

/**
 * 信息共享申请 (seed 000 art. 31): another department asks an education authority for teacher
 * data — purpose, fields, scope, period. The authority's query user files it for the department
 * (the department is named on the row, it holds no account); the authority's information admin
 * reviews it in the approval engine. Approved, it yields one credential (stored as a hash) that
 * reads exactly the approved fields of the approved subtree until `expiresAt`.
 */
@Entity({ tableName: 'data_sharing_application' })
export class DataSharingApplication extends BaseEntity {
  @Property({ length: 100 })
  departmentName: string;

  /** 统一社会信用代码 of the applying department, when given. */
  @Property({ length: 18, nullable: true })
  departmentCode?: string | null;

  /** The contact person is sealed at rest (issue 14.7). */
  @Property({ type: SealedText, fieldName: 'contact_name_enc' })
  contactName: string;

  @Property({ type: SealedText, fieldName: 'contact_phone_enc' })
  contactPhone: string;

  @Property({ length: 500 })
  purpose: string;

  @Property({ type: ArrayType, columnType: 'text[]' })
  fields: string[];

  @Property({ type: 'uuid' })
  scopeUnitId: string;

  @Property({ type: 'text' })
  scopePath: string;

  /** The reviewing authority: the filer's unit. */
  @Property({ type: 'uuid' })
  authorityUnitId: string;

  @Property({ type: 'text' })
  authorityPath: string;

  @Property({ type: 'uuid' })
  filedBy: string;

  @Property({ type: 'timestamptz' })
  startsAt: Date;

  @Property({ type: 'timestamptz' })
  expiresAt: Date;

  @Property({ length: 16 })
  status: SharingStatus & Opt = 'pending';

  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  revokedAt?: Date | null;

  @Property({ length: 500, nullable: true })
  revokeReason?: string | null;

  @Property({ type: 'bytea', nullable: true, lazy: true, hidden: true })
  credentialHash?: Buffer | null;

  @Property({ type: 'timestamptz', nullable: true })
  credentialIssuedAt?: Date | null;
}

/** One use of a sharing credential — served or refused — listed for the authority. */
@Entity({ tableName: 'data_sharing_use' })
@Index({ properties: ['applicationId', 'at'] })
export class DataSharingUse {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  applicationId: string;

  @Property({ type: 'timestamptz' })
  at: Date & Opt = new Date();

  /** `graphql` (sharedTeachers) or `xlsx` (the export route). */
  @Property({ length: 16 })
  channel: string;

  @Property({ length: 16 })
  outcome: 'success' | 'refused';

  @Property({ length: 40, nullable: true })
  code?: string | null;

  @Property({ type: 'integer' })
  rowCount: number & Opt = 0;

  @Property({ type: ArrayType, columnType: 'text[]' })
  fields: string[] & Opt = [];

  @Property({ length: 64, nullable: true })
  ip?: string | null;
}
