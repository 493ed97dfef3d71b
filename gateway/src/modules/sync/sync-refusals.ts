import type { EntityManager } from '@mikro-orm/postgresql';
import { errorMessage, isErrorCode } from '@tmis/shared';
import type { RefusedRow } from '../../platform/sync/sync-agent.js';
import { uuidv7 } from '../../platform/ids.js';
import { logger } from '../../platform/logging.js';
import { exec } from './sql.js';

/** Reasons that are the rule, not a problem: counted and listed, but nobody is called. */
const EXPECTED = new Set(['SYNC_ABOVE_PROVINCE', 'SYNC_RELEASED']);

/** The Chinese text of a refusal reason (a stable code from the shared catalogue). */
export const reasonMessage = (code: string): string => (isErrorCode(code) ? errorMessage(code) : code);

/**
 * Changes that will not reach the national system, told to the province's system and
 * information admins (a notice to each post at the province unit), once per stamping.
 */
export async function notifyRefused(tx: EntityManager, provinceCode: string, rows: RefusedRow[]): Promise<void> {
  const problems = rows.filter((r) => !EXPECTED.has(r.reason));
  if (!problems.length) return;
  const [unit] = await exec<{ id: string }>(tx, `select id from unit where level = 'province' and code = ?`, [provinceCode]);
  if (!unit) {
    logger().warn({ provinceCode, rows: problems.length }, 'sync: refused changes, but no province unit to notify');
    return;
  }
  const counts = new Map<string, number>();
  for (const r of problems) counts.set(r.reason, (counts.get(r.reason) ?? 0) + 1);
  const why = [...counts].map(([code, n]) => `${reasonMessage(code)}（${code}）${n} 条`).join('；');
  const message = `${problems.length} 条变更未能上报全国系统：${why}。请在数据对接的拒收清单中查看并处理，处理后可重新上报。`;
  await exec(tx, `insert into notification (id, unit_id, role, kind, message, created_at) values (?, ?, 'system_admin', 'sync_rejected', ?, now()), (?, ?, 'info_admin', 'sync_rejected', ?, now())`,
    [uuidv7(), unit.id, message, uuidv7(), unit.id, message]);
}
