import type { Platform } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { CHAIN_MAC_ALGS, entryHash, GENESIS_HASH, legacyEntryHash, type AuditKeys, type ChainedFields, type ChainMacAlg } from './audit-chain.js';
import { checkpointKind, checkpointValid, type Checkpoint } from './audit-checkpoint.js';
import { requireActor, type RequestContext } from '../graphql/context.js';
import type { AuditOutcome } from './audit-entry.entity.js';

export interface AuditEvent extends Omit<ChainedFields, 'at' | 'outcome'> {
  outcome?: AuditOutcome;
  at?: Date;
}

/**
 * The chain keys belong to one ORM (a national system and its provinces share a test process
 * with different master keys), like the field key of sealed columns; an unbound ORM cannot append.
 */
const boundKeys = new WeakMap<Platform, AuditKeys>();

export function bindAuditKeys(orm: MikroORM, keys: AuditKeys): void {
  boundKeys.set(orm.em.getPlatform(), keys);
  boundKeys.set(orm.config.getPlatform(), keys);
}

export function auditKeysOf(em: EntityManager): AuditKeys {
  const keys = boundKeys.get(em.getPlatform());
  if (!keys) throw new Error('audit chain used on an ORM without bound keys (bindAuditKeys)');
  return keys;
}

/** Any constant: all appenders take this transaction lock, so the chain stays linear. */
const CHAIN_LOCK = 7_271_001;

/**
 * Appends events to the chain inside the caller's transaction: a data write and its audit entry
 * commit or roll back together. Several events cost three statements in all.
 */
export async function appendAudit(em: EntityManager, events: AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { chain: key, mac } = auditKeysOf(em);
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
      const hash = entryHash(prev, full, key, mac);
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

export type ChainBreak =
  /** The entry does not name the hash of the one before it (an entry deleted or inserted). */
  | 'link'
  /** The hash matches the entry under neither the key nor plain SHA-256: the entry was edited. */
  | 'content'
  /** A plain SHA-256 after keyed entries: an edit recomputed by someone without the key. */
  | 'unkeyed'
  /** The entry at a signed checkpoint has another hash than the checkpoint recorded. */
  | 'checkpoint'
  /** A signed checkpoint names an entry that is gone while later entries exist. */
  | 'checkpoint-missing'
  /** A signed checkpoint names an entry beyond the end of the table: the tail was cut off. */
  | 'truncated'
  /** A checkpoint whose signature does not verify (forged, edited, or made under another key). */
  | 'checkpoint-signature';

export interface SeqRange { from: string; to: string; count: number }

export interface ChainReport {
  ok: boolean;
  checked: number;
  /** First entry whose link or content does not verify (for 'truncated': the checkpoint's seq). */
  brokenAt?: string;
  reason?: ChainBreak;
  /** Entries whose hash is the keyed MAC: nobody without the gateway's key can rewrite them unnoticed. */
  keyed?: SeqRange;
  /** Entries written before the chain was keyed (plain SHA-256): anyone with table access could have rewritten them. */
  unkeyed?: SeqRange;
  /** Keyed entries by HMAC: HMAC-SM3 (TMIS_CRYPTO=gm) and HMAC-SHA256 (intl); both count across a profile switch. */
  keyedByMac?: Record<ChainMacAlg, number>;
  /** The newest signed checkpoint given. */
  lastCheckpoint?: { seq: string; hash: string; at: string };
  /** Checkpoints given, all signatures valid. */
  checkpoints: number;
  /** Valid checkpoints by kind: `hmac` (MAC under the gateway key), `sm2-sm3`, `ecdsa-p256-sha256` (public-key signatures). */
  checkpointKinds?: Record<string, number>;
  /** The last entry of the table (the chain head), when there is one. */
  head?: string;
  /** Entries after the last checkpoint (all of them without one): a cut-off tail among them goes unnoticed. */
  unanchored?: SeqRange;
}

export interface VerifyOptions {
  batch?: number;
  /** Signed checkpoints of the chain head (the checkpoint file, the national system's copy). */
  checkpoints?: Checkpoint[];
}

const bigger = (a: string, b: string): boolean => BigInt(a) > BigInt(b);

function extend(range: SeqRange | undefined, seq: string): SeqRange {
  return range ? { ...range, to: seq, count: range.count + 1 } : { from: seq, to: seq, count: 1 };
}

/**
 * Walks the whole chain in order, in batches, recomputing every hash under the bound chain key and
 * comparing the entries named by signed checkpoints. Entries before the first keyed one may carry
 * the plain SHA-256 of the unkeyed chain (databases older than issue 14.3): they are reported as
 * `unkeyed`, never re-chained; after the first keyed entry a plain hash is a break. A checkpoint
 * beyond the chain head means the tail was cut off.
 */
export async function verifyAuditChain(em: EntityManager, opts: VerifyOptions = {}): Promise<ChainReport> {
  const keys = auditKeysOf(em);
  const batch = opts.batch ?? 5000;
  const anchors = new Map<string, Checkpoint>();
  let lastCheckpoint: Checkpoint | undefined;
  const checkpointKinds: Record<string, number> = {};
  for (const c of opts.checkpoints ?? []) {
    if (!checkpointValid(keys.checkpoint, c, keys.checkpointVerifyKeys)) return { ok: false, checked: 0, checkpoints: 0, brokenAt: c.seq, reason: 'checkpoint-signature' };
    const same = anchors.get(c.seq);
    // Two valid checkpoints of one seq with different hashes: the gateway never signs that.
    if (same && same.hash !== c.hash) return { ok: false, checked: 0, checkpoints: 0, brokenAt: c.seq, reason: 'checkpoint' };
    // Counted once per seq, as `checkpoints` is (the file and the national copy hold the same ones).
    if (!same) checkpointKinds[checkpointKind(c)] = (checkpointKinds[checkpointKind(c)] ?? 0) + 1;
    anchors.set(c.seq, c);
    if (!lastCheckpoint || bigger(c.seq, lastCheckpoint.seq)) lastCheckpoint = c;
  }
  const conn = em.getConnection();
  let prev = GENESIS_HASH;
  let after = '0';
  let checked = 0;
  let keyed: SeqRange | undefined;
  let unkeyed: SeqRange | undefined;
  const macCounts: Record<ChainMacAlg, number> = { sm3: 0, sha256: 0 };
  let unanchored: SeqRange | undefined;
  const seenAnchors = new Set<string>();
  const report = (extra: Partial<ChainReport>): ChainReport => ({
    ok: false, checked, checkpoints: anchors.size, ...(opts.checkpoints?.length ? { checkpointKinds } : {}), ...(keyed ? { keyed, keyedByMac: { ...macCounts } } : {}), ...(unkeyed ? { unkeyed } : {}),
    ...(checked ? { head: after } : {}),
    ...(lastCheckpoint ? { lastCheckpoint: { seq: lastCheckpoint.seq, hash: lastCheckpoint.hash, at: lastCheckpoint.at } } : {}), ...extra,
  });
  for (;;) {
    // ORDER BY is qualified on purpose: a bare `seq` names the text alias and sorts '10' before '2'.
    const rows = await conn.execute<Record<string, unknown>[]>(
      `select seq::text as seq, at, actor_id, actor_username, unit_id, scope_path, action, target_type, target_id, outcome, detail, ip, prev_hash, hash
         from audit_entry where seq > ? order by audit_entry.seq limit ?`, [after, batch]);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = String(r.seq);
      // An anchor between the previous entry and this one names an entry that was taken out.
      for (const a of anchors.keys()) {
        if (bigger(a, after) && bigger(seq, a)) return report({ brokenAt: a, reason: 'checkpoint-missing' });
      }
      if (r.prev_hash !== prev) return report({ brokenAt: seq, reason: 'link' });
      const fields: ChainedFields = {
        at: new Date(r.at as string), actorId: r.actor_id as string, actorUsername: r.actor_username as string, unitId: r.unit_id as string,
        scopePath: r.scope_path as string, action: r.action as string, targetType: r.target_type as string, targetId: r.target_id as string,
        outcome: r.outcome as string, detail: r.detail, ip: r.ip as string,
      };
      // Keyed under the profile's HMAC, or under the other one (entries from before a TMIS_CRYPTO switch: one chain, both parts checked).
      const mac = entryHash(prev, fields, keys.chain, keys.mac) === r.hash ? keys.mac : CHAIN_MAC_ALGS.find((a) => a !== keys.mac && entryHash(prev, fields, keys.chain, a) === r.hash);
      if (mac) {
        keyed = extend(keyed, seq);
        macCounts[mac]++;
      }
      else if (legacyEntryHash(prev, fields) !== r.hash) return report({ brokenAt: seq, reason: 'content' });
      else if (keyed) return report({ brokenAt: seq, reason: 'unkeyed' });
      else unkeyed = extend(unkeyed, seq);
      const anchor = anchors.get(seq);
      if (anchor) {
        if (anchor.hash !== r.hash) return report({ brokenAt: seq, reason: 'checkpoint' });
        seenAnchors.add(seq);
      }
      if (!lastCheckpoint || bigger(seq, lastCheckpoint.seq)) unanchored = extend(unanchored, seq);
      prev = r.hash as string;
      after = seq;
      checked++;
    }
  }
  if (lastCheckpoint && (checked === 0 || bigger(lastCheckpoint.seq, after))) return report({ brokenAt: lastCheckpoint.seq, reason: 'truncated' });
  return report({ ok: true, ...(unanchored ? { unanchored } : {}) });
}

/** An event by the request's actor: who, their unit and scope, and the client address filled in. */
export function actorEvent(ctx: RequestContext, e: Omit<AuditEvent, 'actorId' | 'actorUsername' | 'unitId' | 'scopePath' | 'ip'>): AuditEvent {
  const a = requireActor(ctx);
  return { actorId: a.accountId, actorUsername: a.username, unitId: a.unitId, scopePath: a.scopePath, ip: ctx.ip, ...e };
}
