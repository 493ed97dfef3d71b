import { rename } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { AppError } from '../graphql/errors.js';
import { createFieldCrypto } from '../crypto/field-crypto.js';
import { verifyAuditChain } from '../audit/audit.service.js';
import { readCheckpoints } from '../audit/audit-checkpoint.js';
import { ensureDatabase } from '../db/database.js';
import { backupDatabase, restoreDatabase } from './backup.js';

export const BACKUP_USAGE = `  backup --out <file>
                 pg_dump (custom format) of the database, with the pg_dump of the server's major version;
                 the key (TMIS_SECRET_KEY / .data/secret.key) is never in it: keep it separately
  restore --in <file> [--force]
                 pg_restore into the configured database (created when missing), which must be empty
                 unless --force (drops what it holds first); then checks the key and the audit chain`;

export interface BackupArgs { cmd: 'backup' | 'restore'; file: string; force: boolean }

export function parseBackupArgs(cmd: 'backup' | 'restore', argv: string[]): BackupArgs {
  const flag = cmd === 'backup' ? '--out' : '--in';
  let file: string | undefined;
  let force = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === flag) file = argv[++i];
    else if (a.startsWith(`${flag}=`)) file = a.slice(flag.length + 1);
    else if (a === '--force' && cmd === 'restore') force = true;
    else throw new AppError('VALIDATION_FAILED', { argument: a }, `未知参数 / unknown argument: ${a}`);
  }
  if (!file) throw new AppError('VALIDATION_FAILED', { argument: flag }, `缺少 ${flag} <文件> / ${flag} <file> is required`);
  return { cmd, file: resolve(file), force };
}

/** Restoring into a database that does not exist yet (the old one was lost): create it on the same server. */
async function ensureTarget(url: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  try {
    await c.connect();
  } catch (e) {
    if ((e as { code?: string }).code !== '3D000') throw e;
    const admin = new URL(url);
    const name = decodeURIComponent(admin.pathname.slice(1));
    admin.pathname = '/postgres';
    await ensureDatabase(admin.toString(), name);
    return;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** Runs pg_dump or pg_restore for the CLI and prints the outcome; the exit status is returned. */
export async function runBackupCommand(args: BackupArgs, url: string): Promise<number> {
  try {
    if (args.cmd === 'backup') {
      const r = await backupDatabase(url, args.file);
      console.log(`备份完成 / backup written: ${r.file} (${(r.bytes / 1048576).toFixed(1)} MiB, ${r.entries} archive entries, ${(r.ms / 1000).toFixed(1)} s)`);
      console.log(`  server ${r.serverVersion}, ${r.pgDump.path} ${r.pgDump.version}`);
      console.log('  密钥不在备份中，请另行保管 / the key is not in the backup: keep TMIS_SECRET_KEY separately (docs/deployment.md)');
      return 0;
    }
    await ensureTarget(url);
    const r = await restoreDatabase(url, args.file, { force: args.force });
    if (r.dropped.length) console.log(`  --force: dropped schemas ${r.dropped.join(', ')}`);
    console.log(`恢复完成 / restored: ${r.file} (${(r.ms / 1000).toFixed(1)} s, ${r.pgRestore.path} ${r.pgRestore.version})`);
    return 0;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    const hint = e.code === 'RESTORE_TARGET_NOT_EMPTY' ? `: ${JSON.stringify(e.details?.schemas)}` : '';
    console.error(`${e.code}: ${e.message}${hint}`);
    return 1;
  }
}

/**
 * After a restore: the configured key must open the restored document numbers (a restore under
 * another key is complete but unreadable), and the audit chain must verify end to end. Checkpoints
 * written after the backup name entries the restore no longer has: that loss is reported, and the
 * checkpoint file is moved aside (kept for the record) so that the restored chain starts a new one.
 */
export async function checkRestored(em: EntityManager, secretKey: Buffer, checkpointFile?: string): Promise<number> {
  const crypto = createFieldCrypto(secretKey);
  const conn = em.getConnection();
  const [sample] = await conn.execute<{ enc: Buffer }[]>(
    `select id_number_enc as enc from teacher union all select id_number_enc from account where id_number_enc is not null limit 1`);
  if (sample) {
    try {
      crypto.decrypt(sample.enc);
      console.log('  密钥匹配 / the configured key opens the restored document numbers');
    } catch {
      console.error('KEY_MISMATCH: 已恢复，但当前密钥无法解密证件号码：请使用备份时的 TMIS_SECRET_KEY / restored, but the configured key cannot decrypt the document numbers: start with the key the backup was made under');
      return 1;
    }
  }
  const report = await verifyAuditChain(em);
  if (!report.ok) {
    console.error(`audit chain BROKEN at seq ${report.brokenAt} (${report.reason}); ${report.checked} entries verified before it`);
    return 1;
  }
  console.log(`  audit chain OK: ${report.checked} entries verified`);
  if (checkpointFile) {
    const { checkpoints } = await readCheckpoints(checkpointFile);
    const head = BigInt(report.head ?? '0');
    const beyond = checkpoints.filter((c) => BigInt(c.seq) > head);
    if (beyond.length) {
      const aside = `${checkpointFile}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(checkpointFile, aside);
      const last = beyond.reduce((a, c) => (BigInt(c.seq) > BigInt(a.seq) ? c : a));
      console.log(`  审计检查点显示备份之后的条目 seq ${head + 1n}–${last.seq} 已丢失（备份之后写入） / the checkpoints show that entries seq ${head + 1n}–${last.seq} written after the backup are lost`);
      console.log(`  旧检查点文件已移至 / the old checkpoint file was moved to ${aside}`);
    }
  }
  return 0;
}
