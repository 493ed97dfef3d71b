import { timingSafeEqual, type KeyObject } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { cryptoProfile, SIGNATURE_ALG, SIGNATURE_ALGS, signingProfileOf, type SignatureAlg } from '../crypto/profile.js';
import { CHAIN_MAC_ALGS, canonicalJson, chainMac, type ChainMacAlg } from './audit-chain.js';

/**
 * Signed checkpoints of the audit chain head (issue 14.3): one JSON line per checkpoint in a file
 * outside the database, which an operator archives. A checkpoint says "the chain reached entry
 * `seq` with hash `hash` at `at`"; verify then finds an edited entry up to there and a tail cut off
 * below it. Entries after the last checkpoint are reported as not yet anchored.
 *
 * Two kinds (issue 15.1): with TMIS_AUDIT_SIGNING_KEY a checkpoint is signed by that key (SM2 with
 * SM3 under gm, ECDSA P-256 under intl), so anyone holding the public key alone can check the file;
 * without it, a MAC under the checkpoint key derived from TMIS_SECRET_KEY, which only the gateway
 * can check. `alg` names the kind; lines of older releases have none and are MACs. A file spans a
 * switch: every line is checked by its own kind.
 */
export type CheckpointAlg = `hmac-${ChainMacAlg}` | SignatureAlg;
const CHECKPOINT_ALGS: readonly string[] = [...CHAIN_MAC_ALGS.map((a) => `hmac-${a}`), ...SIGNATURE_ALGS];

export interface Checkpoint {
  seq: string;
  hash: string;
  at: string;
  /** Hex: the chain MAC (`hmac-sm3` / `hmac-sha256`) under the checkpoint key, or the DER signature (`sm2-sm3` / `ecdsa-p256-sha256`), of the three fields above. */
  sig: string;
  /** How `sig` was made; absent on lines written before issue 15.1 (a MAC, either HMAC). */
  alg?: CheckpointAlg;
}

export const isCheckpointAlg = (a: unknown): a is CheckpointAlg => typeof a === 'string' && CHECKPOINT_ALGS.includes(a);
const isSignatureAlg = (a: unknown): a is SignatureAlg => (SIGNATURE_ALGS as readonly unknown[]).includes(a);

/** What a checkpoint's MAC or signature covers. */
const checkpointInput = (c: Omit<Checkpoint, 'sig' | 'alg'>): string => canonicalJson(['tmis-audit-checkpoint/v1', c.seq, c.hash, c.at]);

const signed = (key: Buffer, c: Omit<Checkpoint, 'sig'>, alg: ChainMacAlg): string => chainMac(key, checkpointInput(c), alg);

/** A MAC checkpoint under the checkpoint key (no signing key configured). */
export function signCheckpoint(key: Buffer, c: Omit<Checkpoint, 'sig' | 'alg'>, alg: ChainMacAlg = 'sha256'): Checkpoint {
  return { seq: c.seq, hash: c.hash, at: c.at, sig: signed(key, c, alg), alg: `hmac-${alg}` };
}

/** A checkpoint signed by a private key (SM2 or P-256: the key decides, config checks it is the profile's). */
export function signCheckpointWithKey(privateKey: KeyObject, c: Omit<Checkpoint, 'sig' | 'alg'>): Checkpoint {
  const profile = signingProfileOf(privateKey);
  return { seq: c.seq, hash: c.hash, at: c.at, sig: cryptoProfile(profile).sign(privateKey, checkpointInput(c)).toString('hex'), alg: SIGNATURE_ALG[profile] };
}

/** Verifies a signed checkpoint with public keys alone (what an outside auditor does); false for a MAC checkpoint. */
export function checkpointSignatureValid(verifyKeys: readonly KeyObject[], c: Checkpoint): boolean {
  if (!isSignatureAlg(c.alg) || typeof c.sig !== 'string' || !/^[0-9a-f]{16,300}$/.test(c.sig)) return false;
  const input = checkpointInput(c);
  const sig = Buffer.from(c.sig, 'hex');
  return verifyKeys.some((k) => {
    const profile = signingProfileOf(k);
    return SIGNATURE_ALG[profile] === c.alg && cryptoProfile(profile).verify(k, input, sig);
  });
}

/**
 * Whether the checkpoint verifies: a signed one with one of `verifyKeys`, a MAC one under the
 * key, with the HMAC its `alg` names (or, for an older line without `alg`, either HMAC).
 */
export function checkpointValid(key: Buffer, c: Checkpoint, verifyKeys: readonly KeyObject[] = []): boolean {
  if (c.alg !== undefined && !isCheckpointAlg(c.alg)) return false;
  if (isSignatureAlg(c.alg)) return checkpointSignatureValid(verifyKeys, c);
  const got = Buffer.from(typeof c.sig === 'string' && /^[0-9a-f]+$/.test(c.sig) ? c.sig : '', 'hex');
  const macs = c.alg ? [c.alg.slice('hmac-'.length) as ChainMacAlg] : CHAIN_MAC_ALGS;
  return macs.some((alg) => {
    const want = Buffer.from(signed(key, c, alg), 'hex');
    return got.length === want.length && timingSafeEqual(got, want);
  });
}

/** `signed` for SM2 / ECDSA checkpoints, `hmac` for MAC ones (with or without `alg`). */
export const checkpointKind = (c: Checkpoint): SignatureAlg | 'hmac' => (isSignatureAlg(c.alg) ? c.alg : 'hmac');

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
export async function writeCheckpoint(em: EntityManager, key: Buffer, file: string, at: Date, alg: ChainMacAlg = 'sha256', signingKey?: KeyObject): Promise<Checkpoint | null> {
  const [head] = await em.getConnection().execute<{ seq: string; hash: string }[]>(
    'select seq::text as seq, hash from audit_entry order by audit_entry.seq desc limit 1');
  if (!head) return null;
  const { checkpoints } = await readCheckpoints(file);
  const last = checkpoints[checkpoints.length - 1];
  if (last && last.seq === head.seq && last.hash === head.hash) return null;
  const fields = { seq: head.seq, hash: head.hash, at: at.toISOString() };
  const c = signingKey ? signCheckpointWithKey(signingKey, fields) : signCheckpoint(key, fields, alg);
  await mkdir(dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify(c)}\n`, { mode: 0o640 });
  return c;
}

/** The job queue's task that writes the checkpoint (every 5 minutes, on whichever process is free). */
export const AUDIT_CHECKPOINT_TASK = 'audit_checkpoint';
export const AUDIT_CHECKPOINT_CRON = '*/5 * * * *';
