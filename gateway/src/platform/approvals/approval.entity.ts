import { Entity, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../ids.js';
import type { ApprovalAction, CaseStatus } from './workflow-definition.js';

/**
 * One running (or finished) approval. `parties` maps a relation (receivingSchool, …) to a unit
 * id, chosen by the business module that opens the case. `partyPaths` holds the unit paths of
 * all parties and the initiating unit, space-separated: it is the case's visibility scope.
 * `version` is bumped by every action; the UPDATE is conditional on it (optimistic locking).
 */
@Entity({ tableName: 'approval_case' })
export class ApprovalCase {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ length: 60 })
  type: string;

  @Property({ length: 60 })
  subjectType: string;

  @Property({ type: 'uuid' })
  subjectId: string;

  @Property({ length: 12 })
  status: CaseStatus & Opt = 'in_progress';

  @Property({ type: 'integer' })
  currentStep: number & Opt = 0;

  @Property({ type: 'json' })
  parties: Record<string, string>;

  @Property({ type: 'text' })
  partyPaths: string;

  @Property({ type: 'uuid' })
  initiatedBy: string;

  @Property({ type: 'uuid' })
  initiatingUnitId: string;

  @Property({ type: 'json', nullable: true })
  payload?: Record<string, unknown> | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz' })
  updatedAt: Date & Opt = new Date();

  // Plain integer, not MikroORM's version: the engine writes it with its own conditional UPDATE.
  @Property({ type: 'integer' })
  version: number & Opt = 1;
}

/** Every action on a case: who, from which unit, when, with what comment. Append-only. */
@Entity({ tableName: 'approval_step' })
@Index({ properties: ['caseId', 'at'] })
export class ApprovalStep {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  caseId: string;

  @Property({ type: 'integer' })
  stepIndex: number;

  @Property({ length: 60 })
  stepKey: string;

  @Property({ length: 12 })
  action: ApprovalAction;

  @Property({ type: 'uuid' })
  actorId: string;

  @Property({ type: 'uuid' })
  actorUnitId: string;

  @Property({ type: 'text', nullable: true })
  comment?: string | null;

  @Property({ type: 'timestamptz' })
  at: Date & Opt = new Date();
}
