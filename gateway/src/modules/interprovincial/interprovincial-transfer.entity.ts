import { Entity, Property } from '@mikro-orm/core';
import { BaseEntity } from '../../platform/db/base.entity.js';

export type InterprovincialDirection = 'in' | 'out' | 'relay';
/**
 * in (receiving province): in_progress → requested → completed | declined | rejected (or returned, withdrawn, cancelled)
 * out (releasing province): received → in_progress → released | declined
 * relay (national): relayed → released | declined
 */
export type InterprovincialStatus = 'in_progress' | 'requested' | 'received' | 'relayed' | 'released' | 'completed' | 'declined' | 'rejected' | 'returned' | 'withdrawn' | 'cancelled' | 'failed';

/**
 * A cross-province transfer (跨省调动) as one system sees it. The same id is used by the receiving
 * province, the national relay and the releasing province, so every message names it.
 */
@Entity({ tableName: 'interprovincial_transfer' })
export class InterprovincialTransfer extends BaseEntity {
  @Property({ length: 6 }) direction: InterprovincialDirection;
  @Property({ length: 6 }) fromProvince: string;
  @Property({ length: 6 }) toProvince: string;
  @Property({ type: 'uuid', nullable: true }) teacherId?: string | null;
  @Property({ length: 20, nullable: true }) teacherNo?: string | null;
  @Property({ length: 60 }) teacherName: string;
  @Property({ length: 4 }) idType: string;
  /** National comparison hash of the document: how the receiving side names the person. */
  @Property({ type: 'bytea' }) comparisonHash: Buffer;
  @Property({ type: 'uuid', nullable: true }) toUnitId?: string | null;
  @Property({ length: 120 }) toUnitName: string;
  @Property({ type: 'uuid', nullable: true }) fromSchoolId?: string | null;
  /** Unit paths of the parties in this system (CASL `Transfer` read rule). */
  @Property({ type: 'text' }) partyPaths: string;
  @Property({ type: 'date' }) effectiveDate: string;
  @Property({ length: 500, nullable: true }) reason?: string | null;
  @Property({ length: 16 }) status: InterprovincialStatus;
  @Property({ length: 500, nullable: true }) closeReason?: string | null;
  @Property({ type: 'uuid', nullable: true }) caseId?: string | null;
  @Property({ type: 'uuid', nullable: true }) initiatedBy?: string | null;
  @Property({ type: 'timestamptz', nullable: true }) completedAt?: Date | null;
  /** Receiving side: the employments held in the releasing province (its units are not here). */
  @Property({ type: 'json', nullable: true }) history?: unknown;
}
