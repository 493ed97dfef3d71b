import { timingSafeEqual } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { CHAIN_MAC_ALGS, canonicalJson, chainMac, type ChainMacAlg } from './audit-chain.js';

/**
 * Signed checkpoints of the audit chain head (issue 14.3): one JSON line per checkpoint in a file
 * outside the database, which an operator archives. A checkpoint says "the chain reached entry
 * `seq` with hash `hash` at `at`"; verify then finds an edited entry up to there and a tail cut off
 * below it. Entries after the last checkpoint are reported as not yet anchored.
 */
export interface Checkpoint {
  seq: string;
  hash: string;
  at: string;
  /** The chain MAC (chainMac: HMAC-SM3 under gm, HMAC-SHA256 under intl) of the three fields above under the checkpoint key. */
  sig: string;
}

const signed = (key: Buffer, c: Omit<Checkpoint, 'sig'>, alg: ChainMacAlg): string =>
  chainMac(key, canonicalJson(['tmis-audit-checkpoint/v1', c.seq, c.hash, c.at]), alg);

export function signCheckpoint(key: Buffer, c: Omit<Checkpoint, 'sig'>, alg: ChainMacAlg = 'sha256'): Checkpoint {
  return { seq: c.seq, hash: c.hash, at: c.at, sig: signed(key, c, alg) };
}

/** Whether the checkpoint was signed under the key, with either HMAC (a file spans a profile switch). */
export function checkpointValid(key: Buffer, c: Checkpoint): boolean {
  const got = Buffer.from(typeof c.sig === 'string' && /^[0-9a-f]+$/.test(c.sig) ? c.sig : '', 'hex');
  return CHAIN_MAC_ALGS.some((alg) => {
    const want = Buffer.from(signed(key, c, alg), 'hex');
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** The lines of a checkpoint file; a missing file is an empty list, an unreadable line a `bad` entry. */
export async function readCheckpoints(file: string): Promise<{ checkpoints: Checkpoint[]; badLines: number[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checkpoints: [], badLines: [] };
    throw e;
  }
  const checkpoints: Checkpoint[] = [];
  const badLines: number[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      const c = JSON.parse(line) as Checkpoint;
      if (typeof c.seq !== 'string' || !/^\d+$/.test(c.seq) || typeof c.hash !== 'string' || typeof c.at !== 'string') throw new Error('shape');
      checkpoints.push(c);
    } catch {
      badLines.push(i + 1);
    }
  });
  return { checkpoints, badLines };
}

/**
 * Appends a checkpoint of the current head to `file` (the scheduled task, every few minutes).
 * Nothing is written while the chain is empty or when the head has not moved since the file's
 * last line, so the file grows with the activity, not with the clock.
 */
export async function writeCheckpoint(em: EntityManager, key: Buffer, file: string, at: Date, alg: ChainMacAlg = 'sha256'): Promise<Checkpoint | null> {
  const [head] = await em.getConnection().execute<{ seq: string; hash: string }[]>(
    'select seq::text as seq, hash from audit_entry order by audit_entry.seq desc limit 1');
  if (!head) return null;
  const { checkpoints } = await readCheckpoints(file);
  const last = checkpoints[checkpoints.length - 1];
  if (last && last.seq === head.seq && last.hash === head.hash) return null;
  const c = signCheckpoint(key, { seq: head.seq, hash: head.hash, at: at.toISOString() }, alg);
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(c)}\n`, { mode: 0o640 });
  return c;
}

/** The job queue's task that writes the checkpoint (every 5 minutes, on whichever process is free). */
export const AUDIT_CHECKPOINT_TASK = 'audit_checkpoint';
export const AUDIT_CHECKPOINT_CRON = '*/5 * * * *';
