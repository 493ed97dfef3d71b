import { Entity, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';
import type { Eligibility } from './eligibility.js';

export type RegistrationStatus = 'in_review' | 'registered' | 'deferred' | 'refused' | 'returned';
export type RegistrationResult = 'registered' | 'deferred' | 'refused';

/** One application round of a school (个人申请 is a batch of one); one approval case walks it. */
@Entity({ tableName: 'registration_batch' })
export class RegistrationBatch extends BaseEntity {
  @Property({ type: 'uuid' }) schoolId: string;
  @Property({ type: 'text' }) schoolPath: string;
  @Property({ type: 'uuid' }) authorityId: string;
  @Property({ type: 'integer' }) year: number;
  @Property({ type: 'integer' }) size: number;
  @Property({ type: 'uuid', nullable: true }) caseId?: string | null;
  @Property({ type: 'uuid' }) createdBy: string;
}

/** 教师资格定期注册 of one qualification (by certificate number): the cycle, the conditions, the result. */
@Entity({ tableName: 'registration_application' })
export class RegistrationApplication extends BaseEntity {
  @Property({ type: 'uuid' }) batchId: string;
  @Property({ type: 'uuid' }) teacherId: string;
  @Property({ type: 'text' }) scopePath: string;
  @Property({ type: 'uuid' }) schoolId: string;
  @Property({ length: 40 }) certificateNo: string;
  @Property({ type: 'uuid' }) qualificationRecordId: string;
  @Property({ type: 'integer' }) year: number;
  @Property({ type: 'integer' }) cycleStartYear: number;
  @Property({ type: 'integer' }) cycleEndYear: number;
  /** At application, then as it stood at the decision. */
  @Property({ type: 'jsonb' }) eligibility: Eligibility;
  @Property({ length: 12 }) status: RegistrationStatus & Opt = 'in_review';
  /** The authority's chosen result before the final approval applies it. */
  @Property({ length: 12, nullable: true }) decision?: RegistrationResult | null;
  @Property({ length: 1000, nullable: true }) decisionReason?: string | null;
  @Property({ length: 1000, nullable: true }) resultReason?: string | null;
  @Property({ type: 'uuid', nullable: true }) decidedBy?: string | null;
  @Property({ type: 'timestamptz', nullable: true }) decidedAt?: Date | null;
  @Property({ type: 'date', nullable: true }) validUntil?: string | null;
  @Property({ type: 'uuid', nullable: true }) archiveRecordId?: string | null;
  @Property({ type: 'uuid' }) createdBy: string;
}
