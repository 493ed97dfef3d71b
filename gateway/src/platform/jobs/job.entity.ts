import { Entity, Formula, Index, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../ids.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

/**
 * A background job (batch import, later exports and reports). The row is the durable record of
 * what was asked, by whom, for which unit, how far it got and what it produced; the work itself
 * runs on whichever gateway process takes it from the queue (see JobQueue). `scopePath` is the target unit's path, so authorities see the
 * jobs of their subtree.
 */
@Entity({ tableName: 'job' })
@Index({ properties: ['kind', 'createdAt'] })
export class Job {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ length: 40 })
  kind: string;

  @Property({ length: 12 })
  status: JobStatus & Opt = 'queued';

  /** 0..1 */
  @Property({ type: 'real' })
  progress: number & Opt = 0;

  @Property({ type: 'integer', nullable: true })
  total?: number | null;

  @Property({ type: 'integer' })
  processed: number & Opt = 0;

  /** The run that owns the job (each claim by a process adds one); batches check it when they commit. */
  @Property({ type: 'integer' })
  attempt: number & Opt = 0;

  @Property({ type: 'json', nullable: true })
  counts?: Record<string, number> | null;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Property({ type: 'uuid', nullable: true })
  unitId?: string | null;

  @Property({ type: 'text', nullable: true })
  scopePath?: string | null;

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', nullable: true })
  startedAt?: Date | null;

  @Property({ type: 'timestamptz', nullable: true })
  finishedAt?: Date | null;

  @Property({ length: 40, nullable: true })
  errorCode?: string | null;

  @Property({ type: 'text', nullable: true })
  error?: string | null;

  /** A produced file (e.g. an error report); never loaded unless asked for. */
  @Property({ type: 'bytea', nullable: true, lazy: true })
  result?: Buffer | null;

  @Formula((alias) => `${alias}.result is not null`, { lazy: false })
  hasResult?: boolean & Opt;

  /** SHA-256 of the input file, for the audit trail and for spotting re-uploads. */
  @Property({ length: 64, nullable: true })
  inputHash?: string | null;
}
