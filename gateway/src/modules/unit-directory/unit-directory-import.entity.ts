import { Entity, PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { uuidv7 } from '../../platform/ids.js';
import type { PlanSummary } from './directory-plan.js';

export type UnitDirectoryStatus = 'checking' | 'check_failed' | 'ready' | 'applying' | 'applied';

/**
 * One uploaded unit directory (单位名录) of a province: the file itself (so the apply, on any
 * process, reads what the dry run read), the dry run's plan and summary, and whether and when it
 * was applied. Nothing here is personal data.
 */
@Entity({ tableName: 'unit_directory_import' })
export class UnitDirectoryImport {
  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'timestamptz' })
  createdAt: Date & Opt = new Date();

  @Property({ type: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();

  @Property({ type: 'uuid' })
  provinceUnitId: string;

  @Property({ type: 'text' })
  scopePath: string;

  @Property({ type: 'uuid', nullable: true })
  createdBy?: string | null;

  @Property({ type: 'bytea', lazy: true })
  file: Buffer;

  @Property({ length: 64 })
  fileSha256: string;

  @Property({ type: 'integer' })
  fileBytes: number;

  @Property({ length: 12 })
  status: UnitDirectoryStatus & Opt = 'checking';

  @Property({ type: 'uuid', nullable: true })
  dryRunJobId?: string | null;

  @Property({ type: 'uuid', nullable: true })
  applyJobId?: string | null;

  @Property({ type: 'json', nullable: true })
  summary?: PlanSummary | null;

  /** The per-row plan (read page by page in SQL, never loaded whole by a request). */
  @Property({ type: 'json', nullable: true, lazy: true })
  plan?: unknown[] | null;

  @Property({ length: 64, nullable: true })
  planHash?: string | null;

  @Property({ type: 'timestamptz', nullable: true })
  appliedAt?: Date | null;

  @Property({ type: 'uuid', nullable: true })
  appliedBy?: string | null;
}
