import { Entity, Index, ManyToOne, Property, Unique, type Opt } from '@mikro-orm/core';
import type { TeacherNumberState } from '@tmis/shared';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { Unit } from '../units/unit.entity.js';

/**
 * The teacher: one person, one permanent number. Identity is the document (type + number),
 * stored encrypted with a keyed hash for the duplicate check. The current employment is
 * copied onto the row (unit, scopePath, status…) so scoped lists are a single indexed query;
 * the history lives in `employment`.
 */
@Entity({ tableName: 'teacher' })
export class Teacher extends BaseEntity {
  /** 教师个人标识码: issued once, never changed or reused. */
  @Property({ length: 20 })
  @Unique()
  teacherNo: string;

  /**
   * 临时编号 until the national registry has checked the person against every province, then
   * 正式编号; with sync off the province's own duplicate check confirms it at registration
   * (`initialNumberState`). Set by the national side's verdict, never by a person.
   */
  @Property({ length: 12 })
  numberState: TeacherNumberState;

  @Property({ length: 60 })
  @Index()
  name: string;

  @Property({ length: 1 })
  gender: string;

  @Property({ type: 'date' })
  birthDate: string;

  @Property({ length: 2, nullable: true })
  ethnicity?: string | null;

  @Property({ length: 2, nullable: true })
  politicalStatus?: string | null;

  @Property({ length: 4 })
  idType: string;

  @Property({ type: 'bytea', lazy: true })
  idNumberEnc: Buffer;

  /** HMAC(type, normalised number): lookup and duplicate check without the clear number. */
  @Property({ type: 'bytea' })
  @Unique()
  idNumberHash: Buffer;

  @Property({ length: 40 })
  idNumberMasked: string;

  @Property({ length: 32, nullable: true })
  educationLevel?: string | null;

  @Property({ length: 32, nullable: true })
  @Index()
  professionalTitle?: string | null;

  // --- current employment, denormalised from `employment` ---
  /** The school or department the teacher belongs to now (or last belonged to). */
  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  unit: Unit;

  @ManyToOne(() => Unit, { deleteRule: 'restrict' })
  school: Unit;

  @Property({ type: 'text' })
  scopePath: string;

  @Property({ length: 32, nullable: true })
  stage?: string | null;

  @Property({ length: 20 })
  employmentStatus: string & Opt = 'active';

  @Property({ length: 32, nullable: true })
  staffCategory?: string | null;

  @Property({ length: 32, nullable: true })
  establishmentStatus?: string | null;

  @Property({ length: 32, nullable: true })
  postCategory?: string | null;

  @Property({ type: 'date', nullable: true })
  hireDate?: string | null;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  /** Effective values of the province's own indicators (拓展指标), by indicator code. */
  @Property({ type: 'jsonb' })
  indicators: Record<string, unknown> & Opt = {};
}
