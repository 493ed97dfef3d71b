import { DecimalType, Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import { DEFAULT_SELF_STUDY_LIMITS } from './training-rules.js';

// Rows link by plain ids (like approval cases): CASL conditions then name columns directly.
// A fresh type instance per property: MikroORM binds a type object to the property it maps.
const hoursCol = () => ({ type: new DecimalType('number'), precision: 7, scale: 1 });
const creditsCol = () => ({ type: new DecimalType('number'), precision: 6, scale: 1 });

export type ProjectLevel = 'national' | 'province' | 'city' | 'county' | 'school';
export type EnrolmentStatus = 'enrolled' | 'submitted' | 'pending_confirmation' | 'confirmed';

/**
 * A province's hour→credit conversion rule and required cycle hours, one row per version
 * (effective from a date). The row without a province is the system default.
 */
@Entity({ tableName: 'training_rule' })
export class TrainingRule extends BaseEntity {
  @Property({ type: 'uuid', nullable: true }) provinceUnitId?: string | null;
  @Property({ type: 'date' }) effectiveFrom: string;
  @Property({ type: new DecimalType('number'), precision: 6, scale: 2 }) hoursPerCredit: number;
  /** Training hours required in one five-year cycle (国家要求不少于360学时). */
  @Property({ type: 'integer' }) cycleHours: number;
  /** Anchor of the five-year cycles used for totals (2021 → 2021-2025, 2026-2030 …). */
  @Property({ type: 'integer' }) cycleStartYear: number;
  /** Most hours one self-study (自主研修) claim may carry. */
  @Property({ type: new DecimalType('number'), precision: 7, scale: 1 }) selfStudyClaimHours: number & Opt = DEFAULT_SELF_STUDY_LIMITS.claimHours;
  /** Most self-study hours a teacher may claim in a year (claims pending or credited, by end date). */
  @Property({ type: new DecimalType('number'), precision: 7, scale: 1 }) selfStudyYearHours: number & Opt = DEFAULT_SELF_STUDY_LIMITS.yearHours;
  @Property({ length: 200, nullable: true }) note?: string | null;
  @Property({ type: 'uuid', nullable: true }) createdBy?: string | null;
}

/** A training project (培训项目) of one authority or school; the plan of a unit is its projects of a year. */
@Entity({ tableName: 'training_project' })
export class TrainingProject extends BaseEntity {
  @Property({ length: 200 }) name: string;
  @Property({ length: 10 }) level: ProjectLevel;
  @Property({ type: 'uuid' }) ownerUnitId: string;
  @Property({ type: 'text' }) ownerPath: string;
  @Property({ type: 'integer' }) year: number;
  @Property({ type: 'date' }) startDate: string;
  @Property({ type: 'date' }) endDate: string;
  @Property(hoursCol()) hours: number;
  /** Declared credits; null for national projects (the province converts hours with its rule). */
  @Property({ ...creditsCol(), nullable: true }) credits?: number | null;
  @Property({ length: 500, nullable: true }) targetParticipants?: string | null;
  /** Training-institution account ids, space-separated (one regex answers "am I named"). */
  @Property({ type: 'text' }) institutionIds: string & Opt = '';
  @Property({ length: 20 }) status: ('pending_approval' | 'open' | 'cancelled') & Opt = 'open';
  @Property({ type: 'uuid', nullable: true }) caseId?: string | null;
  @Property({ type: 'uuid' }) createdBy: string;
  /** Why the owner cancelled it (a project registered by mistake). */
  @Property({ length: 500, nullable: true }) cancelReason?: string | null;
}

/** One teacher's participation in a project: enrolment, the institution's result, the confirmed credits. */
@Entity({ tableName: 'training_enrolment' })
export class TrainingEnrolment extends BaseEntity {
  @Property({ type: 'uuid' }) projectId: string;
  @Property({ type: 'uuid' }) teacherId: string;
  @Property({ type: 'text' }) scopePath: string;
  @Property({ type: 'uuid' }) schoolId: string;
  @Property({ length: 24 }) status: EnrolmentStatus & Opt = 'enrolled';
  @Property({ nullable: true }) completed?: boolean | null;
  @Property({ ...hoursCol(), nullable: true }) hours?: number | null;
  @Property({ type: 'uuid', nullable: true }) resultBy?: string | null;
  @Property({ type: 'timestamptz', nullable: true }) resultAt?: Date | null;
  @Property({ ...creditsCol(), nullable: true }) credits?: number | null;
  @Property({ ...hoursCol(), nullable: true }) confirmedHours?: number | null;
  @Property({ type: 'uuid', nullable: true }) ruleId?: string | null;
  @Property({ type: 'uuid', nullable: true }) confirmedBy?: string | null;
  @Property({ type: 'timestamptz', nullable: true }) confirmedAt?: Date | null;
  @Property({ type: 'uuid', nullable: true }) caseId?: string | null;
  @Property({ type: 'uuid', nullable: true }) archiveRecordId?: string | null;
  @Property({ type: 'uuid' }) enrolledBy: string;
}

/** A teacher's self-study (自主研修) claim; credited once the supervising authority approves. */
@Entity({ tableName: 'training_self_study' })
export class TrainingSelfStudy extends BaseEntity {
  @Property({ type: 'uuid' }) teacherId: string;
  @Property({ type: 'text' }) scopePath: string;
  @Property({ type: 'uuid' }) schoolId: string;
  @Property({ length: 200 }) title: string;
  @Property({ length: 100, nullable: true }) organizer?: string | null;
  @Property({ type: 'date' }) startDate: string;
  @Property({ type: 'date' }) endDate: string;
  @Property(hoursCol()) hours: number;
  @Property({ length: 12 }) status: ('pending' | 'approved') & Opt = 'pending';
  @Property({ ...creditsCol(), nullable: true }) credits?: number | null;
  @Property({ type: 'uuid', nullable: true }) caseId?: string | null;
  @Property({ type: 'uuid' }) createdBy: string;
}

/** The ledger of confirmed credits: every total (per year, per cycle, per unit) reads it. */
@Entity({ tableName: 'training_credit' })
export class TrainingCredit extends BaseEntity {
  @Property({ type: 'uuid' }) teacherId: string;
  @Property({ type: 'text' }) scopePath: string;
  @Property({ length: 12 }) source: 'project' | 'self_study';
  @Property({ type: 'uuid' }) sourceId: string;
  @Property({ type: 'uuid', nullable: true }) projectId?: string | null;
  @Property({ length: 200 }) title: string;
  @Property({ length: 10, nullable: true }) level?: string | null;
  @Property({ type: 'integer' }) year: number;
  @Property({ type: 'date', nullable: true }) startDate?: string | null;
  @Property({ type: 'date' }) endDate: string;
  @Property(hoursCol()) hours: number;
  @Property(creditsCol()) credits: number;
  @Property({ type: 'uuid', nullable: true }) ruleId?: string | null;
  @Property({ type: 'uuid', nullable: true }) enteredBy?: string | null;
  /** When the result (or the self-study claim) was entered. */
  @Property({ type: 'timestamptz', nullable: true }) enteredAt?: Date | null;
  @Property({ type: 'uuid' }) confirmedBy: string;
  @Property({ type: 'timestamptz' }) confirmedAt: Date;
  @Property({ type: 'uuid', nullable: true }) archiveRecordId?: string | null;
}
