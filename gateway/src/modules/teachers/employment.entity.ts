import { Entity, Index, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from './teacher.entity.js';

/**
 * One employment of a teacher at a school. An open employment (endDate null) is "active";
 * a partial unique index allows only one per teacher, which is the database half of the rule
 * "one document number, one active employment".
 */
@Entity({ tableName: 'employment' })
@Index({ properties: ['teacher', 'startDate'] })
export class Employment extends BaseEntity {
  @ManyToOne(() => Teacher, { deleteRule: 'restrict' })
  teacher: Teacher;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  school: Unit;

  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  department?: Unit | null;

  @Property({ length: 32, nullable: true })
  staffCategory?: string | null;

  @Property({ length: 32, nullable: true })
  establishmentStatus?: string | null;

  @Property({ length: 32, nullable: true })
  postCategory?: string | null;

  @Property({ length: 20 })
  employmentStatus: string;

  @Property({ type: 'date' })
  startDate: string;

  @Property({ type: 'date', nullable: true })
  endDate?: string | null;

  @Property({ length: 40, nullable: true })
  endReason?: string | null;

  /** How it began: null for a registration (入职), `transfer` or `rotation` when a transfer moved the teacher in. */
  @Property({ length: 20, nullable: true })
  startReason?: string | null;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;
}
