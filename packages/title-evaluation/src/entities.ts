import { Entity, Index, Property, type Opt } from '@mikro-orm/core';
import { BaseEntity } from '@tmis/gateway/sdk';

export type RoundStatus = 'open' | 'closed';
export type NominationStatus = 'in_review' | 'approved' | 'returned' | 'withdrawn' | 'cancelled';

/** 评审轮次: opened by the province; everyone in the province reads it. */
@Entity({ tableName: 'title_evaluation_round' })
export class TitleRound extends BaseEntity {
  @Property({ type: 'integer' }) year: number;
  @Property({ length: 100 }) name: string;
  /** Titles evaluated in this round (professionalTitle codes). */
  @Property({ type: 'json' }) titles: string[];
  @Property({ type: 'date' }) nominationStart: string;
  @Property({ type: 'date' }) nominationEnd: string;
  @Property({ type: 'integer' }) totalQuota: number;
  @Property({ type: 'integer' }) minYearsInTitle: number;
  @Property({ type: 'integer' }) assessmentYears: number;
  @Property({ length: 8 }) status: RoundStatus & Opt = 'open';
  @Property({ type: 'uuid' }) provinceUnitId: string;
  @Property({ type: 'text' }) scopePath: string;
  @Property({ type: 'uuid' }) openedBy: string;
}

/**
 * One unit's quota in a round, with the working of the largest-remainder split that gave it.
 * `used` counts the nominations drawing on it (in review or approved); the nominating UPDATE is
 * conditional on `used < quota`, so concurrent nominations cannot exceed it.
 */
@Entity({ tableName: 'title_evaluation_quota' })
@Index({ properties: ['roundId', 'unitPath'] })
export class TitleQuota extends BaseEntity {
  @Property({ type: 'uuid' }) roundId: string;
  @Property({ type: 'uuid' }) unitId: string;
  @Property({ length: 120 }) unitName: string;
  @Property({ length: 20 }) unitCode: string;
  @Property({ length: 16 }) unitLevel: string;
  @Property({ type: 'text' }) unitPath: string;
  /** The quota it was carved from (null: the province's whole round). */
  @Property({ type: 'uuid', nullable: true }) parentQuotaId?: string | null;
  @Property({ type: 'integer' }) quota: number;
  @Property({ type: 'integer' }) used: number & Opt = 0;
  /** How much of it was passed down to the units below (0 until re-allocated). */
  @Property({ type: 'integer' }) allocatedDown: number & Opt = 0;
  // The working (计算过程) of the split that produced `quota`.
  @Property({ type: 'integer' }) headcount: number & Opt = 0;
  @Property({ type: 'double' }) exactQuota: number & Opt = 0;
  @Property({ type: 'integer' }) floorPart: number & Opt = 0;
  @Property({ type: 'double' }) remainder: number & Opt = 0;
  @Property({ type: 'integer', nullable: true }) remainderRank?: number | null;
  @Property({ type: 'integer' }) fromRemainder: number & Opt = 0;
  @Property({ type: 'uuid', nullable: true }) allocatedBy?: string | null;
}

/** 推荐: a school nominates one of its teachers; the review runs on the approval engine. */
@Entity({ tableName: 'title_evaluation_nomination' })
export class TitleNomination extends BaseEntity {
  @Property({ type: 'uuid' }) roundId: string;
  @Property({ type: 'uuid' }) quotaId: string;
  @Property({ type: 'uuid' }) teacherId: string;
  @Property({ length: 20 }) teacherNo: string;
  @Property({ length: 60 }) teacherName: string;
  @Property({ type: 'uuid' }) schoolId: string;
  @Property({ length: 120 }) schoolName: string;
  /** The teacher's scope when nominated: who may read the nomination. */
  @Property({ type: 'text' }) scopePath: string;
  @Property({ length: 32, nullable: true }) currentTitle?: string | null;
  @Property({ length: 32 }) targetTitle: string;
  /** The conditions as checked when nominated (what the reviewers saw). */
  @Property({ type: 'json' }) conditions: unknown[];
  @Property({ length: 12 }) status: NominationStatus & Opt = 'in_review';
  @Property({ type: 'uuid', nullable: true }) caseId?: string | null;
  @Property({ type: 'text', nullable: true }) closeReason?: string | null;
  @Property({ type: 'uuid' }) nominatedBy: string;
  @Property({ type: 'uuid', nullable: true }) archiveRecordId?: string | null;
}
