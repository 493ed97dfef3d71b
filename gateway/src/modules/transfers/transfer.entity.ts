import { Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';

export type TransferKind = 'transfer' | 'rotation';
export type TransferStatus = 'in_progress' | 'scheduled' | 'completed' | 'returned' | 'withdrawn' | 'cancelled';

/**
 * A transfer (调动) of a teacher from one school to another. The approvals live in the approval
 * case; this row keeps what was asked (who, from, to, when) and mirrors how the case ended.
 * `kind = rotation` marks an exchange rotation with a change of personnel relationship, which
 * moves the archive exactly like a transfer once its own approvals are done.
 */
@Entity({ tableName: 'transfer' })
export class Transfer extends BaseEntity {
  @Property({ length: 12 })
  kind: TransferKind;

  @Property({ type: 'uuid' })
  teacherId: string;

  /** Snapshots for the receiving side, which cannot read the teacher before the move. */
  @Property({ length: 20 })
  teacherNo: string;

  @Property({ length: 60 })
  teacherName: string;

  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Property({ type: 'uuid' })
  fromUnitId: string;

  @Property({ type: 'uuid' })
  fromSchoolId: string;

  @Property({ type: 'uuid' })
  toUnitId: string;

  @Property({ type: 'uuid' })
  toSchoolId: string;

  @Property({ type: 'text' })
  fromScopePath: string;

  @Property({ type: 'text' })
  toScopePath: string;

  /** Paths of both units, space-separated: who may see the transfer (the parties and those above). */
  @Property({ type: 'text' })
  partyPaths: string;

  @Property({ type: 'date' })
  effectiveDate: string;

  @Property({ length: 500, nullable: true })
  reason?: string | null;

  @Property({ length: 12 })
  status: TransferStatus & Opt = 'in_progress';

  /** The reason given when the case was returned or cancelled. */
  @Property({ length: 500, nullable: true })
  closeReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  completedAt?: Date | null;

  @Property({ type: 'uuid' })
  initiatedBy: string;
}
