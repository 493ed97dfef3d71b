import { Entity, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Job } from '../../platform/jobs/job.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';

/** `registry_conflict`: the national registry found the person employed in another province too (sync, not an import). */
export type ProblemKind = 'id_check' | 'duplicate_in_file' | 'duplicate_in_database' | 'registry_conflict';
export type ProblemStatus = 'open' | 'resolved' | 'dismissed';

/**
 * Problem data (问题数据): an imported row that failed the ID check or the duplicate check (查重),
 * or a registered teacher the national registry found employed in another province as well,
 * queued for the school and its authorities to verify and fix. `raw` holds the row as uploaded
 * with the document number masked; the number itself is kept encrypted like a teacher's.
 */
@Entity({ tableName: 'problem_record' })
export class ProblemRecord extends BaseEntity {
  @ManyToOne(() => Job, { nullable: true, deleteRule: 'restrict' })
  job?: Job | null;

  /** The school (or department) the row named, when it could be resolved. */
  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  school?: Unit | null;

  @Property({ type: 'text' })
  scopePath: string;

  @Property({ type: 'integer', nullable: true })
  rowNumber?: number | null;

  @Property({ length: 24 })
  kind: ProblemKind;

  @Property({ type: 'jsonb' })
  raw: Record<string, string>;

  @Property({ length: 4, nullable: true })
  idType?: string | null;

  @Property({ type: 'bytea', nullable: true, lazy: true })
  idNumberEnc?: Buffer | null;

  @Property({ length: 40 })
  reasonCode: string;

  @Property({ length: 12 })
  status: ProblemStatus & Opt = 'open';

  @Property({ type: 'uuid', nullable: true })
  resolvedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  resolvedAt?: Date | null;

  @Property({ length: 500, nullable: true })
  note?: string | null;

  /** The teacher registered when the record was resolved. */
  @ManyToOne(() => Teacher, { nullable: true, deleteRule: 'restrict' })
  teacher?: Teacher | null;

  /** Keyed hash of (kind, scope, row): the same problem is queued once while open. */
  @Property({ type: 'bytea', lazy: true })
  fingerprint: Buffer;
}
