import { createHash } from 'node:crypto';

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

export function entryHash(prevHash: string, e: ChainedFields): string {
  const body = canonicalJson([
    prevHash, e.at.toISOString(), e.actorId ?? null, e.actorUsername ?? null, e.unitId ?? null, e.scopePath ?? null,
    e.action, e.targetType ?? null, e.targetId ?? null, e.outcome, e.detail ?? null, e.ip ?? null,
  ]);
  return createHash('sha256').update(body).digest('hex');
}
