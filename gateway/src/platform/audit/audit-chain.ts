import { createHash, createHmac, hkdfSync, type KeyObject } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedFields {
  at: Date;
  actorId?: string | null;
  actorUsername?: string | null;
  unitId?: string | null;
  scopePath?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: string;
  detail?: unknown;
  ip?: string | null;
}

/** JSON with sorted keys, so a value read back from jsonb hashes exactly as it did when written. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The keys of the audit chain (issue 14.3), derived from the gateway's master key like the field
 * keys: the database never holds them, so whoever can write the table cannot recompute a valid chain.
 */
/** The hash of the chain's HMAC: SM3 under the national profile (TMIS_CRYPTO=gm, issue 15.1), SHA-256 under intl. */
export type ChainMacAlg = 'sm3' | 'sha256';

export const CHAIN_MAC_ALGS: readonly ChainMacAlg[] = ['sm3', 'sha256'];

export interface AuditKeys {
  /** The HMAC new entries and checkpoints are written with; verify accepts both, so a chain continues across a profile switch. */
  mac: ChainMacAlg;
  /** MAC key of every entry's hash. */
  chain: Buffer;
  /** MAC key of the checkpoints of the chain head (kept outside the database). */
  checkpoint: Buffer;
  /** TMIS_AUDIT_SIGNING_KEY (issue 15.1): new checkpoints are signed with it (SM2 / ECDSA P-256) instead of the MAC. */
  checkpointSigningKey?: KeyObject;
  /** The public keys signed checkpoints are verified with (TMIS_AUDIT_VERIFY_KEY and the signing key's own). */
  checkpointVerifyKeys?: readonly KeyObject[];
}

export function deriveAuditKeys(masterKey: Buffer, profile: 'gm' | 'intl' = 'intl',
  signing: { signingKey?: KeyObject; verifyKeys?: readonly KeyObject[] } = {}): AuditKeys {
  if (masterKey.length !== 32) throw new Error('master key must be 32 bytes');
  return {
    checkpointSigningKey: signing.signingKey,
    checkpointVerifyKeys: signing.verifyKeys ?? [],
    mac: profile === 'gm' ? 'sm3' : 'sha256',
    chain: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/audit-chain/v1', 32)),
    checkpoint: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tmis/audit-checkpoint/v1', 32)),
  };
}

/** The one MAC of the chain and its checkpoints (hex): HMAC-SM3 or HMAC-SHA256 (Node's OpenSSL has both). */
export function chainMac(key: Buffer, data: string, alg: ChainMacAlg = 'sha256'): string {
  return createHmac(alg, key).update(data).digest('hex');
}

function entryBody(prevHash: string, e: ChainedFields): string {
  return canonicalJson([
    prevHash, e.at.toISOString(), e.actorId ?? null, e.actorUsername ?? null, e.unitId ?? null, e.scopePath ?? null,
    e.action, e.targetType ?? null, e.targetId ?? null, e.outcome, e.detail ?? null, e.ip ?? null,
  ]);
}

/** The entry's hash: the MAC under the chain key of its content and the previous entry's hash. */
export function entryHash(prevHash: string, e: ChainedFields, key: Buffer, alg: ChainMacAlg = 'sha256'): string {
  return chainMac(key, entryBody(prevHash, e), alg);
}

/**
 * The plain SHA-256 that entries written before the chain was keyed carry (databases older than
 * issue 14.3). Anyone with write access to the table can compute it: verify reports such entries
 * as legacy, i.e. unprotected, and never accepts one after a keyed entry.
 */
export function legacyEntryHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256').update(entryBody(prevHash, e)).digest('hex');
}
