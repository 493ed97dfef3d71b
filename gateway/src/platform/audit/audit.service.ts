import type { EntityManager } from '@mikro-orm/postgresql';
import { entryHash, GENESIS_HASH, type ChainedFields } from './audit-chain.js';
import { requireActor, type RequestContext } from '../graphql/context.js';
import type { AuditOutcome } from './audit-entry.entity.js';

export interface AuditEvent extends Omit<ChainedFields, 'at' | 'outcome'> {
  outcome?: AuditOutcome;
  at?: Date;
}

/** Any constant: all appenders take this transaction lock, so the chain stays linear. */
const CHAIN_LOCK = 7_271_001;

/**
 * Appends events to the chain inside the caller's transaction: a data write and its audit entry
 * commit or roll back together. Several events cost three statements in all.
 */
export async function appendAudit(em: EntityManager, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  await em.transactional(async (tx) => {
    const conn = tx.getConnection();
    const ctx = tx.getTransactionContext();
    await conn.execute('select pg_advisory_xact_lock(?)', [CHAIN_LOCK], 'run', ctx);
    const last = await conn.execute<{ hash: string }[]>('select hash from audit_entry order by seq desc limit 1', [], 'all', ctx);
    let prev = last[0]?.hash ?? GENESIS_HASH;
    const rows: unknown[] = [];
    const now = new Date();
    for (const e of events) {
      const full: ChainedFields = { ...e, at: e.at ?? now, outcome: e.outcome ?? 'success' };
      const hash = entryHash(prev, full);
      rows.push(full.at, full.actorId ?? null, full.actorUsername ?? null, full.unitId ?? null, full.scopePath ?? null,
        full.action, full.targetType ?? null, full.targetId ?? null, full.outcome,
        full.detail === undefined || full.detail === null ? null : JSON.stringify(full.detail), full.ip ?? null, prev, hash);
      prev = hash;
    }
    const values = events.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)').join(', ');
    await conn.execute(
      `insert into audit_entry (at, actor_id, actor_username, unit_id, scope_path, action, target_type, target_id, outcome, detail, ip, prev_hash, hash) values ${values}`,
      rows, 'run', ctx,
    );
  });
}

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** First entry whose link or content does not verify. */
  brokenAt?: string;
  reason?: string;
}

/** Walks the whole chain in order, in batches, recomputing every hash. */
export async function verifyAuditChain(em: EntityManager, batch = 5000): Promise<ChainReport> {
  const conn = em.getConnection();
  let prev = GENESIS_HASH;
  let after = '0';
  let checked = 0;
  for (;;) {
    // ORDER BY is qualified on purpose: a bare `seq` names the text alias and sorts '10' before '2'.
    const rows = await conn.execute<Record<string, unknown>[]>(
      `select seq::text as seq, at, actor_id, actor_username, unit_id, scope_path, action, target_type, target_id, outcome, detail, ip, prev_hash, hash
         from audit_entry where seq > ? order by audit_entry.seq limit ?`, [after, batch]);
    if (rows.length === 0) return { ok: true, checked };
    for (const r of rows) {
      if (r.prev_hash !== prev) return { ok: false, checked, brokenAt: String(r.seq), reason: 'link' };
      const expected = entryHash(prev, {
        at: new Date(r.at as string), actorId: r.actor_id as string, actorUsername: r.actor_username as string, unitId: r.unit_id as string,
        scopePath: r.scope_path as string, action: r.action as string, targetType: r.target_type as string, targetId: r.target_id as string,
        outcome: r.outcome as string, detail: r.detail, ip: r.ip as string,
      });
      if (expected !== r.hash) return { ok: false, checked, brokenAt: String(r.seq), reason: 'content' };
      prev = r.hash as string;
      after = String(r.seq);
      checked++;
    }
  }
}

/** An event by the request's actor: who, their unit and scope, and the client address filled in. */
export function actorEvent(ctx: RequestContext, e: Omit<AuditEvent, 'actorId' | 'actorUsername' | 'unitId' | 'scopePath' | 'ip'>): AuditEvent {
  const a = requireActor(ctx);
  return { actorId: a.accountId, actorUsername: a.username, unitId: a.unitId, scopePath: a.scopePath, ip: ctx.ip, ...e };
}
