import { BeforeCreate, BeforeUpdate, Entity, Index, ManyToOne, Property, type Opt } from '@mikro-orm/core';
import { isRestrictedInfoSet } from '@tmis/shared';
import { SealedFields, SealedJson, sealedFields } from '../../platform/crypto/sealed-json.js';
import { BaseEntity } from '../../platform/db/base.entity.js';
import type { ActorSnapshot } from '../../platform/graphql/actor.js';
import { Teacher } from '../teachers/teacher.entity.js';

export type RecordStatus = 'draft' | 'submitted' | 'school_approved' | 'effective' | 'returned' | 'superseded';
export type ChangeKind = 'add' | 'change' | 'delete';
export type RecordOrigin = 'teacher' | 'school' | 'authority' | 'import' | 'system';
/** The steps of a record that someone signs, each with an account id and a time column. */
export type RecordActorRole = 'entered' | 'submitted' | 'schoolApproved' | 'approved' | 'returned';
/** Who took each step, by name, where the accounts are held elsewhere (a record moved from another province). */
export type RecordProvenance = Partial<Record<RecordActorRole, ActorSnapshot>>;

/**
 * One record of one information set (年度考核, 学习经历 …) of a teacher's archive.
 *
 * Lifecycle: draft → submitted → school_approved → effective, or back to returned (with a
 * reason). An effective record is never edited: a change or deletion is a new row that
 * supersedes it once the authority approves, so the archive can be read as it stood at any
 * time (`validFrom`/`validTo` are system times). Every step keeps who and when
 * (谁填报谁负责、谁审核谁负责).
 */
@Entity({ tableName: 'archive_record' })
@Index({ properties: ['teacher', 'infoSet'] })
export class ArchiveRecord extends BaseEntity {
  @ManyToOne(() => Teacher, { deleteRule: 'restrict' })
  teacher: Teacher;

  @Property({ length: 40 })
  infoSet: string;

  /** The fields; sealed at rest for the restricted sets (compensation, assessment, ethics, contact: issue 14.7). */
  @Property({ type: SealedJson, columnType: 'jsonb' })
  data: Record<string, unknown>;

  @Property({ length: 16 })
  status: RecordStatus & Opt = 'draft';

  /** The teacher's scope when the record was entered; review queues are scoped on it. */
  @Property({ type: 'text' })
  scopePath: string;

  @Property({ length: 16 })
  origin: RecordOrigin & Opt = 'school';

  @Property({ length: 8 })
  changeKind: ChangeKind & Opt = 'add';

  /** For a change or deletion: the effective record it replaces. */
  @ManyToOne(() => ArchiveRecord, { nullable: true, deleteRule: 'restrict' })
  supersedes?: ArchiveRecord | null;

  @Property({ length: 500, nullable: true })
  changeReason?: string | null;

  @Property({ type: 'date', nullable: true })
  effectiveFrom?: string | null;

  @Property({ type: 'date', nullable: true })
  effectiveTo?: string | null;

  @Property({ type: 'uuid', nullable: true })
  enteredBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  enteredAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  submittedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  submittedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  schoolApprovedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  schoolApprovedAt?: Date | null;

  /** The authority's approval that made the record effective. */
  @Property({ type: 'uuid', nullable: true })
  approvedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  approvedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  returnedBy?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  returnedAt?: Date | null;

  @Property({ length: 500, nullable: true })
  returnReason?: string | null;

  /**
   * Name, unit and time of each step as the province that took it recorded them; filled when the
   * record arrives from another province (account ids are local, names travel).
   */
  @Property({ type: 'jsonb', nullable: true })
  provenance?: RecordProvenance | null;

  /** System time from which this version is the current one (null until effective). */
  @Property({ type: 'timestamptz', nullable: true })
  validFrom?: Date | null;

  /** System time at which a later version or a deletion replaced it. */
  @Property({ type: 'timestamptz', nullable: true })
  validTo?: Date | null;

  /** Whatever path set the fields of a restricted set, they are sealed before they are written. */
  @BeforeCreate()
  @BeforeUpdate()
  protected sealRestricted(): void {
    if (isRestrictedInfoSet(this.infoSet) && !(this.data instanceof SealedFields)) this.data = sealedFields(this.data ?? {});
  }
}
