import type { MikroORM } from '@mikro-orm/postgresql';
import type { Runtime } from '../../platform/runtime.js';
import type { PulledMessage } from '../../platform/sync/sync-agent.js';
import { logger } from '../../platform/logging.js';
import { exec } from './sql.js';
import { provinceHandler } from './message-handlers.js';
import { applyNumberConfirmation, followConflict, type ConflictMail } from './number-state.js';

/**
 * Applies one message from the national system exactly once: its id is recorded in the same
 * transaction as its effect, so a message pulled again after a lost acknowledgement is a no-op.
 */
export async function applyNationalMessage(orm: MikroORM, runtime: Runtime, m: PulledMessage): Promise<void> {
  await orm.em.fork().transactional(async (tx) => {
    const fresh = await exec(tx, `insert into sync_received (message_id, kind) values (?, ?) on conflict do nothing returning 1`, [m.id, m.kind]);
    if (!fresh.length) return;
    if (m.kind === 'conflict') return storeConflict(tx, runtime, m.payload as unknown as ConflictMail);
    if (m.kind === 'number_confirmed') return applyNumberConfirmation(tx, m.payload);
    const h = provinceHandler(m.kind);
    if (!h) { logger().warn({ kind: m.kind }, 'sync: unknown national message kind ignored'); return; }
    await h(tx, runtime, m.payload);
  });
}

/** The province's copy of a conflict, and its problem-data record (`followConflict`). */
async function storeConflict(tx: Parameters<typeof exec>[0], runtime: Runtime, c: ConflictMail): Promise<void> {
  await exec(tx, `insert into registry_conflict (id, kind, comparison_hash, teacher_id_a, teacher_no_a, province_a, teacher_id_b, teacher_no_b, province_b, status, detected_at, resolved_at)
    values (?, ?, decode(?, 'hex'), ?, ?, ?, ?, ?, ?, ?, ?, ?)
    on conflict (id) do update set kind = excluded.kind, status = excluded.status, detected_at = excluded.detected_at, resolved_at = excluded.resolved_at`,
  [c.id, c.kind, c.comparisonHash, c.teacherIdA, c.teacherNoA, c.provinceA, c.teacherIdB, c.teacherNoB, c.provinceB, c.status, c.detectedAt, c.resolvedAt ?? null]);
  await followConflict(tx, runtime, c);
}
