import { Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';

export type RotationStatus = 'in_progress' | 'scheduled' | 'approved' | 'returned' | 'withdrawn' | 'cancelled';

/**
 * An exchange rotation (交流轮岗): the teacher serves at the receiving school for the period.
 * Without a change of personnel relationship the employment stays at the sending school; with
 * one, approval also moves the archive (a `transfer` row of kind `rotation` records the move).
 */
@Entity({ tableName: 'rotation' })
export class Rotation extends BaseEntity {
  @Property({ type: 'uuid' })
  teacherId: string;

  @Property({ length: 20 })
  teacherNo: string;

  @Property({ length: 60 })
  teacherName: string;

  @Property({ type: 'uuid', nullable: true })
  caseId?: string | null;

  @Property({ type: 'uuid' })
  sendingSchoolId: string;

  @Property({ type: 'uuid' })
  receivingSchoolId: string;

  @Property({ type: 'text' })
  sendingScopePath: string;

  @Property({ type: 'text' })
  receivingScopePath: string;

  @Property({ type: 'text' })
  partyPaths: string;

  @Property()
  personnelChange: boolean;

  @Property({ type: 'date' })
  startDate: string;

  @Property({ type: 'date' })
  endDate: string;

  @Property({ length: 500, nullable: true })
  reason?: string | null;

  @Property({ length: 12 })
  status: RotationStatus & Opt = 'in_progress';

  @Property({ length: 500, nullable: true })
  closeReason?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;

  @Property({ type: 'uuid' })
  initiatedBy: string;

  /** The rotation-set record written into the archive on approval. */
  @Property({ type: 'uuid', nullable: true })
  archiveRecordId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  transferId?: string | null;
}
