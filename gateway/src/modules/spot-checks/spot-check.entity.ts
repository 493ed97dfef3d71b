import { ArrayType, Collection, Entity, ManyToOne, OneToMany, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';

export type SpotCheckStatus = 'drawn' | 'published';
export type SpotCheckResult = 'pending' | 'accurate' | 'inaccurate' | 'missing_data';
export type SpotCheckCorrection = 'open' | 'done';

/**
 * A random spot check (随机抽查) drawn by an authority over its subtree. The seed, the counts and
 * the drawn schools are kept so anyone can replay the draw and get the same schools and teachers.
 */
@Entity({ tableName: 'spot_check' })
export class SpotCheck extends BaseEntity {
  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  authorityUnit: Unit;

  /** The authority's path: who above may read the check. */
  @Property({ type: 'text' })
  scopePath: string;

  @Property({ length: 100 })
  title: string;

  @Property({ type: 'bigint' })
  seed: string;

  @Property({ type: 'integer' })
  schoolCount: number;

  @Property({ type: 'integer' })
  teacherCount: number;

  /** Every drawn school, also those where no teacher was drawn. */
  @Property({ type: ArrayType, columnType: 'uuid[]' })
  drawnSchoolIds: string[];

  @Property({ length: 12 })
  status: SpotCheckStatus & Opt = 'drawn';

  @Property({ type: 'uuid' })
  createdBy: string;

  @Property({ type: 'uuid', nullable: true })
  publishedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  publishedAt?: Date | null;

  @OneToMany(() => SpotCheckItem, (i) => i.spotCheck)
  items = new Collection<SpotCheckItem>(this);
}

/**
 * One drawn teacher and the finding on their archive. The check's path and status are copied
 * onto the row so "who may read this item" is one indexed condition (authority above, or the
 * drawn school once published).
 */
@Entity({ tableName: 'spot_check_item' })
export class SpotCheckItem extends BaseEntity {
  @ManyToOne(() => SpotCheck, { deleteRule: 'restrict' })
  spotCheck: SpotCheck;

  /** Position in the draw (teachers in id order). */
  @Property({ type: 'integer' })
  ordinal: number;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  school: Unit;

  @ManyToOne(() => Teacher, { deleteRule: 'restrict' })
  teacher: Teacher;

  @Property({ type: 'text' })
  schoolScopePath: string;

  @Property({ type: 'text' })
  checkScopePath: string;

  @Property({ length: 12 })
  checkStatus: SpotCheckStatus & Opt = 'drawn';

  @Property({ length: 16 })
  result: SpotCheckResult & Opt = 'pending';

  @Property({ type: 'text', nullable: true })
  finding?: string | null;

  @Property({ type: 'uuid', nullable: true })
  checkedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  checkedAt?: Date | null;

  /** The correction task of an inaccurate or missing finding, opened at publication. */
  @Property({ length: 8, nullable: true })
  correction?: SpotCheckCorrection | null;

  /** What the school corrected, in its own words. */
  @Property({ type: 'text', nullable: true })
  correctionNote?: string | null;

  @Property({ type: 'uuid', nullable: true })
  correctedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  correctedAt?: Date | null;
}
