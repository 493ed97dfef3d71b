import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { UnitLevel } from '@tmis/shared';
import { BaseEntity } from '../../platform/db/base.entity.js';

export type UnitStatus = 'active' | 'closed';

/**
 * One tree for every organisation: national → province → city → county → school → department.
 * `path` is the materialized path of `seq` numbers (`/1/4/9/`); subtree questions are a LIKE on
 * it, answered by a text_pattern_ops index.
 */
@Entity({ tableName: 'unit' })
export class Unit extends BaseEntity {
  /** Local surrogate used only to build paths. */
  @Property({ type: 'integer' })
  @Unique()
  seq: number;

  /** GB/T 2260 code for administrative units, 10-digit 学校标识码 for schools, school code + suffix for departments. */
  @Property({ length: 20 })
  @Unique()
  code: string;

  @Property({ length: 120 })
  name: string;

  @Property({ length: 16 })
  @Index()
  level: UnitLevel;

  @ManyToOne(() => Unit, { nullable: true, deleteRule: 'restrict' })
  parent?: Unit | null;

  @Property({ type: 'text' })
  path: string;

  @Property({ type: 'smallint' })
  depth: number;

  // School attributes (seed 002 §3); null for administrative units.
  @Property({ length: 3, nullable: true })
  schoolType?: string | null;

  @Property({ length: 32, nullable: true })
  stage?: string | null;

  @Property({ length: 32, nullable: true })
  sponsorType?: string | null;

  @Property({ length: 32, nullable: true })
  urbanRuralType?: string | null;

  @Property({ length: 200, nullable: true })
  address?: string | null;

  @Property({ length: 8 })
  status: UnitStatus & Opt = 'active';

  /** The day a school was closed (撤销): no longer in the education statistics list; never deleted, its teachers stay readable. */
  @Property({ type: 'date', nullable: true })
  closedOn?: string | null;
}

export const ADMINISTRATIVE_LEVELS: readonly UnitLevel[] = ['national', 'province', 'city', 'county'];
