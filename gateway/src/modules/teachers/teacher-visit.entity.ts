import { Entity, Index, ManyToOne, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../../platform/ids.js';
import { Teacher } from './teacher.entity.js';

/**
 * How a unit other than the teacher's own sees a teacher (issue 13.4):
 * - `transferred_out` / `rotated_out`: the releasing school (and the authorities above it) keep
 *   reading the archive as it stood when the teacher left (`frozenAt`) — 已调出 / 轮岗中;
 * - `rotation_guest`: the receiving school of a rotation without a change of personnel
 *   relationship reads the teacher, live, from `validFrom` to `validTo` — 轮岗交流（来校）;
 * - `on_rotation`: marks the sending school's own teacher as 轮岗中 for the same period (no
 *   access of its own: the teacher is still in that school's scope).
 * Rows are written by the move and the rotation, never by a person, and never deleted.
 */
export type TeacherVisitKind = 'transferred_out' | 'rotated_out' | 'rotation_guest' | 'on_rotation';

@Entity({ tableName: 'teacher_visit' })
@Index({ properties: ['teacher'] })
export class TeacherVisit {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @ManyToOne(() => Teacher, { deleteRule: 'restrict' })
  teacher: Teacher;

  /** The unit that keeps (or gets) read access; its authorities above read with it. */
  @Property({ type: 'text' })
  scopePath: string;

  @Property({ length: 16 })
  kind: TeacherVisitKind;

  @Property({ type: 'date' })
  validFrom: string;

  /** Last day of a rotation; null: for good. */
  @Property({ type: 'date', nullable: true })
  validTo?: string | null;

  /** For those who left: the archive is read as it stood at this moment (the move). */
  @Property({ type: 'timestamptz', nullable: true })
  frozenAt?: Date | null;

  /** The transfer or rotation that wrote the row. */
  @Property({ type: 'uuid' })
  sourceId: string;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();
}
