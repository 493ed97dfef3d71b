import { Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Teacher } from './teacher.entity.js';

export type RecordStatus = 'draft' | 'submitted' | 'school_approved' | 'effective' | 'returned';

/**
 * A record of one information set (年度考核, 基本待遇, 师德 …) of a teacher's archive.
 * Values are JSON validated by the set's definition; every record keeps who entered it and
 * who approved it (谁填报谁负责、谁审核谁负责).
 */
@Entity({ tableName: 'archive_record' })
@Index({ properties: ['teacher', 'infoSet'] })
export class ArchiveRecord extends BaseEntity {
  @ManyToOne(() => Teacher, { deleteRule: 'restrict' })
  teacher: Teacher;

  @Property({ length: 40 })
  infoSet: string;

  @Property({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Property({ length: 16 })
  status: RecordStatus & Opt = 'draft';

  @Property({ type: 'date', nullable: true })
  effectiveFrom?: string | null;

  @Property({ type: 'date', nullable: true })
  effectiveTo?: string | null;

  @Property({ type: 'uuid', nullable: true })
  enteredBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  enteredAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  approvedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;
}
