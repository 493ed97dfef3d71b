import { Entity, ManyToOne, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Employment } from '../teachers/employment.entity.js';

/** One change of a teacher's employment status, with its effective date and who set it. */
@Entity({ tableName: 'status_change' })
export class StatusChange extends BaseEntity {
  @ManyToOne(() => Teacher, { deleteRule: 'restrict' })
  teacher: Teacher;

  @ManyToOne(() => Employment, { deleteRule: 'restrict' })
  employment: Employment;

  @Property({ type: 'text' })
  scopePath: string;

  @Property({ length: 20 })
  fromStatus: string;

  @Property({ length: 20 })
  toStatus: string;

  @Property({ type: 'date' })
  effectiveDate: string;

  @Property({ length: 500, nullable: true })
  reason?: string | null;

  @Property({ type: 'uuid' })
  changedBy: string;
}
