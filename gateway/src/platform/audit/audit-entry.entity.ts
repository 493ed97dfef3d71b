import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/core';

export type AuditOutcome = 'success' | 'failure' | 'denied';

/**
 * Append-only, hash-chained audit log. Each row's hash (an HMAC under a key the database never
 * holds) covers its content and the previous row's hash, so editing or deleting any row breaks
 * every later link, and nobody without the key can recompute them. A trigger in the migration
 * refuses UPDATE, DELETE and TRUNCATE; signed checkpoints outside the database reveal a cut-off tail.
 */
@Entity({ tableName: 'audit_entry' })
@Index({ properties: ['scopePath'] })
@Index({ properties: ['at'] })
export class AuditEntry {
  @PrimaryKey({ type: 'bigint', autoincrement: true })
  seq: string;

  @Property({ type: 'timestamptz' })
  at: Date;

  @Property({ type: 'uuid', nullable: true })
  actorId?: string | null;

  @Property({ length: 32, nullable: true })
  actorUsername?: string | null;

  @Property({ type: 'uuid', nullable: true })
  unitId?: string | null;

  /** Path of the unit the action happened in: authorities read entries of their subtree. */
  @Property({ type: 'text', nullable: true })
  scopePath?: string | null;

  @Property({ length: 60 })
  action: string;

  @Property({ length: 40, nullable: true })
  targetType?: string | null;

  @Property({ length: 80, nullable: true })
  targetId?: string | null;

  @Property({ length: 12 })
  outcome: AuditOutcome;

  @Property({ type: 'jsonb', nullable: true })
  detail?: Record<string, unknown> | null;

  @Property({ length: 64, nullable: true })
  ip?: string | null;

  @Property({ length: 64 })
  prevHash: string;

  @Property({ length: 64 })
  hash: string;
}
