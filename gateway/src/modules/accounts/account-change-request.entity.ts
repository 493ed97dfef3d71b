import { Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Account } from './account.entity.js';

export type ChangeRequestKind = 'info_change' | 'disable' | 'restore' | 'unlock' | 'password_reset' | 'certificate_freeze' | 'certificate_revoke' | 'certificate_bind';
export type ChangeRequestStatus = 'pending' | 'approved' | 'rejected';

/** 用户变更申请: every change to an existing account goes through one, approved by the managing unit. */
@Entity({ tableName: 'account_change_request' })
@Index({ properties: ['managingUnitId', 'status'] })
export class AccountChangeRequest extends BaseEntity {
  @ManyToOne(() => Account, { deleteRule: 'restrict' })
  account: Account;

  /** Unit whose system admin decides: the account's own unit, or the parent unit for system admins. */
  @Property({ type: 'uuid' })
  managingUnitId: string;

  /** The target account's unit (scope of who may file on its behalf). */
  @Property({ type: 'uuid' })
  unitId: string;

  @Property({ length: 24 })
  kind: ChangeRequestKind;

  @Property({ type: 'jsonb' })
  payload: Record<string, unknown> & Opt = {};

  @Property({ length: 500, nullable: true })
  reason?: string | null;

  @Property({ length: 12 })
  status: ChangeRequestStatus & Opt = 'pending';

  @Property({ type: 'uuid', nullable: true })
  requestedBy?: string | null;

  @Property({ type: 'uuid', nullable: true })
  decidedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  decidedAt?: Date | null;

  @Property({ length: 500, nullable: true })
  decisionComment?: string | null;
}
