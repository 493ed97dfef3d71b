import type { KeyObject } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { signRequest } from '../../platform/sync/signing.js';
import { nationalTransport } from '../../platform/sync/national-transport.js';
import type { NationalTls } from '../../platform/config.js';
import { isCheckpointAlg, type Checkpoint } from '../../platform/audit/audit-checkpoint.js';

/**
 * A province's audit checkpoints kept by the national system (issue 14.3). The province sends the
 * newest line of its checkpoint file over the sync channel (authenticated by its sync key); the
 * national side stores it append-only and hands the province's list back to `audit:verify`. The
 * national side does not check the MAC or signature (a MAC needs the province's key; a signature
 * the province's checkpoint public key, which it is not given) and need not: verify does. It keeps
 * `alg` (issue 15.1), so the copy verifies as the file does.
 */

const isCheckpoint = (c: unknown): c is Checkpoint => {
  const x = c as Partial<Checkpoint> | null;
  return !!x && typeof x.seq === 'string' && /^\d{1,19}$/.test(x.seq) && typeof x.hash === 'string' && /^[0-9a-f]{64}$/.test(x.hash)
    && typeof x.at === 'string' && !Number.isNaN(Date.parse(x.at)) && typeof x.sig === 'string' && /^[0-9a-f]{64,300}$/.test(x.sig) && (x.alg === undefined || isCheckpointAlg(x.alg));
};

/** National side: stores one checkpoint of `province` (again: nothing changes; another hash for a known seq: kept out, reported). */
export async function storeProvinceCheckpoint(orm: MikroORM, province: string, body: { checkpoint?: unknown }): Promise<{ stored: boolean; conflict?: boolean; code?: string }> {
  const c = body.checkpoint;
  if (!isCheckpoint(c)) return { stored: false, code: 'SYNC_BAD_REQUEST' };
  const conn = orm.em.fork().getConnection();
  const inserted = await conn.execute<{ seq: string }[]>(
    `insert into province_audit_checkpoint (province_code, seq, hash, at, sig, alg) values (?, ?, ?, ?, ?, ?)
       on conflict (province_code, seq) do nothing returning seq::text as seq`, [province, c.seq, c.hash, c.at, c.sig, c.alg ?? null]);
  if (inserted.length) return { stored: true };
  const [held] = await conn.execute<{ hash: string }[]>('select hash from province_audit_checkpoint where province_code = ? and seq = ?', [province, c.seq]);
  return held?.hash === c.hash ? { stored: false } : { stored: false, conflict: true };
}

/** National side: every checkpoint the province has sent, in order. */
export async function provinceCheckpoints(orm: MikroORM, province: string): Promise<{ checkpoints: Checkpoint[] }> {
  const rows = await orm.em.fork().getConnection().execute<{ seq: string; hash: string; at: Date; sig: string; alg: Checkpoint['alg'] | null }[]>(
    `select seq::text as seq, hash, at, sig, alg from province_audit_checkpoint where province_code = ? order by province_audit_checkpoint.seq`, [province]);
  return { checkpoints: rows.map((r) => ({ seq: r.seq, hash: r.hash, at: new Date(r.at).toISOString(), sig: r.sig, ...(r.alg ? { alg: r.alg } : {}) })) };
}

export interface NationalLink { nationalUrl: string; provinceCode: string; syncKey: Buffer; signingKey?: KeyObject; tls?: NationalTls }

/** Over the same checked channel as the delivery loop (pinned certificate, issue 15.5). */
async function call<T>(link: NationalLink, path: string, body: Record<string, unknown>): Promise<T> {
  const raw = JSON.stringify({ province: link.provinceCode, ...body });
  const transport = nationalTransport(link.nationalUrl, link.tls);
  try {
    const res = await transport.post(path, { 'content-type': 'application/json', ...signRequest(link.syncKey, link.provinceCode, raw, Date.now(), link.signingKey) }, raw, 30_000);
    if (res.status < 200 || res.status > 299) throw new Error(`${path}: HTTP ${res.status} ${res.text}`);
    return JSON.parse(res.text) as T;
  } finally {
    transport.close();
  }
}

/** Province side: sends a checkpoint to the national system. */
export function sendCheckpoint(link: NationalLink, checkpoint: Checkpoint): Promise<{ stored: boolean; conflict?: boolean }> {
  return call(link, '/sync/audit-checkpoint', { checkpoint });
}

/** Province side: the national system's copy of this province's checkpoints. */
export async function fetchNationalCheckpoints(link: NationalLink): Promise<Checkpoint[]> {
  const out = await call<{ checkpoints?: unknown[] }>(link, '/sync/audit-checkpoints', {});
  return (out.checkpoints ?? []).filter(isCheckpoint);
}
