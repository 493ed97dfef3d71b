import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { checkpointKind, checkpointSignatureValid, readCheckpoints, type Checkpoint } from './audit-checkpoint.js';
import { verifyAuditChain, type ChainBreak, type ChainReport, type SeqRange } from './audit.service.js';

/** What each break means, for the operator (Chinese first). */
const REASONS: Record<ChainBreak, string> = {
  link: '条目未指向前一条目的哈希（条目被删除或插入） / the entry does not link to the one before it (an entry was deleted or inserted)',
  content: '条目内容与哈希不符（条目被修改） / the entry does not match its hash (the entry was edited)',
  unkeyed: '在密钥保护的条目之后出现无密钥哈希（无密钥者修改后重算了哈希） / a plain hash after keyed entries (edited and recomputed without the key)',
  checkpoint: '检查点记录的哈希与该条目不符（检查点之前的条目被改写） / the entry differs from the hash its signed checkpoint recorded (rewritten before the checkpoint)',
  'checkpoint-missing': '检查点所指的条目已不存在（条目被删除） / the entry a signed checkpoint names is gone (deleted)',
  truncated: '链尾落后于最后一个检查点（末尾条目被删除） / the chain head is behind the last checkpoint (the last entries were deleted)',
  'checkpoint-signature': '检查点签名无效（检查点被伪造或修改，或密钥不同；SM2/ECDSA 签名的检查点须配置其公钥 TMIS_AUDIT_VERIFY_KEY） / a checkpoint signature does not verify (forged or edited, or another key; an SM2/ECDSA-signed checkpoint needs its public key in TMIS_AUDIT_VERIFY_KEY)',
};

/** Checkpoint kinds as the report names them: a MAC needs the gateway key, a signature only the public key. */
const KINDS: Record<string, string> = {
  hmac: 'HMAC（需网关密钥验证 / needs the gateway key）',
  'sm2-sm3': 'SM2 签名（公钥可验证 / verifiable with the public key）',
  'ecdsa-p256-sha256': 'ECDSA P-256 签名（公钥可验证 / verifiable with the public key）',
};

const range = (r: SeqRange): string => (r.from === r.to ? `seq ${r.from} (1)` : `seq ${r.from}–${r.to} (${r.count})`);

/** The report as lines for people; the exit status is 0 only for a chain that verified. */
export function describeChainReport(report: ChainReport, checkpointFile: string, secs: string): string[] {
  const lines = ['审计链验证 / audit chain verification'];
  lines.push(`  已验证 / verified: ${report.checked} 条 / entries in ${secs} s${report.head ? `, 链头 / head seq ${report.head}` : ''}`);
  lines.push(`  受密钥保护 / protected by the key (HMAC): ${report.keyed ? range(report.keyed) : '无 / none'}`);
  if (report.keyedByMac) lines.push(`    其中 HMAC-SM3（gm）${report.keyedByMac.sm3} 条，HMAC-SHA256（intl）${report.keyedByMac.sha256} 条 / of which HMAC-SM3 (gm) ${report.keyedByMac.sm3}, HMAC-SHA256 (intl) ${report.keyedByMac.sha256}`);
  if (report.unkeyed) {
    lines.push(`  旧版无密钥、不受保护 / legacy, unprotected (plain SHA-256, written before the chain was keyed): ${range(report.unkeyed)}`);
  }
  const cp = report.lastCheckpoint;
  lines.push(`  检查点 / checkpoints: ${report.checkpoints} (${checkpointFile})${cp ? `, 最后 / last: seq ${cp.seq} at ${cp.at}` : ''}`);
  if (report.checkpointKinds && Object.keys(report.checkpointKinds).length) {
    lines.push(`    其中 / of which: ${Object.entries(report.checkpointKinds).map(([kind, n]) => `${KINDS[kind] ?? kind} ${n}`).join(', ')}`);
  }
  if (report.ok) {
    lines.push(report.unanchored
      ? `  检查点之后、未锚定 / after the last checkpoint, not anchored: ${range(report.unanchored)} — 这些条目末尾被删除不会被发现 / a cut-off tail among them goes unnoticed`
      : '  所有条目均在检查点之内 / every entry is anchored by a checkpoint');
    lines.push('结果 / result: 通过 / OK');
  } else {
    lines.push(`结果 / result: 失败 / BROKEN at seq ${report.brokenAt}: ${REASONS[report.reason!]}`);
  }
  return lines;
}

/**
 * `npm run audit:verify`: the chain under the key, against the signed checkpoints of the file.
 * Unreadable lines in the checkpoint file fail the check too: the file is written only by the gateway.
 */
export async function runAuditVerify(em: EntityManager, checkpointFile: string, out: (line: string) => void = console.log,
  /** A province's copy kept by the national system (issue 14.3); verified like the file's. */
  national?: () => Promise<Checkpoint[]>): Promise<number> {
  const started = Date.now();
  const { checkpoints, badLines } = await readCheckpoints(checkpointFile);
  let source = checkpointFile;
  if (national) {
    try {
      const copy = await national();
      checkpoints.push(...copy);
      source = `${checkpointFile} + ${copy.length} 个全国系统副本 / from the national system`;
    } catch (e) {
      out(`  警告：无法取得全国系统保存的检查点 / warning: the national system's copy of the checkpoints could not be read (${(e as Error).message})`);
    }
  }
  const report = await verifyAuditChain(em, { checkpoints });
  for (const line of describeChainReport(report, source, ((Date.now() - started) / 1000).toFixed(1))) out(line);
  if (badLines.length) {
    out(`结果 / result: 失败 / BROKEN: 检查点文件有无法读取的行 / unreadable lines in the checkpoint file: ${badLines.join(', ')}`);
    return 1;
  }
  return report.ok ? 0 : 1;
}

/**
 * `audit-verify-checkpoints`: what an outside auditor can check with the public key(s) alone —
 * every SM2/ECDSA-signed line of a checkpoint file. MAC lines (older ones, or a gateway without
 * TMIS_AUDIT_SIGNING_KEY) are counted as needing the gateway key. Exit 1 on a signature that does
 * not verify or an unreadable line; 2 when a key file cannot be read.
 */
export async function runCheckpointFileVerify(file: string, publicKeyFiles: string[], out: (line: string) => void = console.log): Promise<number> {
  let keys: KeyObject[];
  try {
    keys = publicKeyFiles.map((f) => createPublicKey(readFileSync(f)));
  } catch (e) {
    out(`无法读取公钥 / cannot read the public key: ${(e as Error).message}`);
    return 2;
  }
  const { checkpoints, badLines } = await readCheckpoints(file);
  const counts: Record<string, number> = {};
  const forged: string[] = [];
  for (const c of checkpoints) {
    const kind = checkpointKind(c);
    if (kind !== 'hmac' && !checkpointSignatureValid(keys, c)) forged.push(c.seq);
    else counts[kind] = (counts[kind] ?? 0) + 1;
  }
  out(`检查点文件验证 / checkpoint file verification: ${file}`);
  out(`  检查点 / checkpoints: ${checkpoints.length}${Object.keys(counts).length ? ` — ${Object.entries(counts).map(([k, n]) => `${KINDS[k] ?? k} ${n}`).join(', ')}` : ''}`);
  if (counts.hmac) out(`  HMAC 检查点 ${counts.hmac} 个须以网关密钥验证（audit-verify） / ${counts.hmac} HMAC checkpoint(s) need the gateway key (audit-verify)`);
  if (badLines.length) out(`  无法读取的行 / unreadable lines: ${badLines.join(', ')}`);
  if (forged.length) {
    out(`结果 / result: 失败 / BROKEN: ${REASONS['checkpoint-signature']}: seq ${forged.join(', ')}`);
    return 1;
  }
  out(badLines.length ? '结果 / result: 失败 / BROKEN' : '结果 / result: 通过 / OK');
  return badLines.length ? 1 : 0;
}
