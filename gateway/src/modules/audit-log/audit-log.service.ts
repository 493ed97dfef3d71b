import { requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { AuditEntry } from '../../platform/audit/audit-entry.entity.js';
import { actorEvent, appendAudit, verifyAuditChain } from '../../platform/audit/audit.service.js';
import { AppError } from '../../platform/graphql/errors.js';
import { readCheckpoints } from '../../platform/audit/audit-checkpoint.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import type { AuditChainStatusGql, AuditRecordGql, AuditSearchFilter } from './audit-log.types.js';

/** One export answers in one response; a bigger one is narrowed by date first. */
export const AUDIT_EXPORT_MAX = 50_000;

/** A CSV cell; a leading =, +, - or @ is quoted with ' so a spreadsheet never runs it as a formula. */
function csvCell(v: string): string {
  const safe = /^[=+\-@]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const likeEscaped = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The 审计日志 page's reads: entries of the caller's subtree (the `read AuditLog` rule in the
 * query itself) filtered by actor, action, target, unit and period; and the chain check.
 */
export class AuditLogService {
  constructor(private readonly ctx: RequestContext) {}

  async search(filter: AuditSearchFilter | null | undefined, first: number, offset: number): Promise<{ nodes: AuditRecordGql[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where = await this.where(filter, 'read');
    const [rows, totalCount] = await this.ctx.em.findAndCount(AuditEntry, { $and: where } as never, {
      orderBy: { seq: 'desc' }, limit: Math.min(Math.max(first, 1), 200), offset: Math.max(offset, 0),
    });
    return { nodes: await this.withUnitNames(rows), totalCount };
  }

  /**
   * The filtered entries as CSV (UTF-8 with BOM, so Excel opens it in Chinese), oldest first,
   * for the audit administrator (`export AuditLog`); the export itself is an audit entry.
   */
  async exportCsv(filter: AuditSearchFilter | null | undefined): Promise<{ filename: string; csv: string; rows: number }> {
    requirePrincipal(this.ctx);
    const where = await this.where(filter, 'export');
    const total = await this.ctx.em.count(AuditEntry, { $and: where } as never);
    if (total > AUDIT_EXPORT_MAX) throw new AppError('AUDIT_EXPORT_TOO_LARGE', { rows: total, max: AUDIT_EXPORT_MAX });
    const rows = await this.withUnitNames(await this.ctx.em.find(AuditEntry, { $and: where } as never, { orderBy: { seq: 'asc' } }));
    const header = ['序号 seq', '时间 at', '操作人 actor', '单位 unit', '操作 action', '对象类型 targetType', '对象ID targetId', '结果 outcome', 'IP', '详情 detail', '哈希 hash'];
    const lines = rows.map((r) => [r.seq, r.at.toISOString(), r.actorUsername ?? '', r.unitName ?? '', r.action, r.targetType ?? '', r.targetId ?? '',
      r.outcome, r.ip ?? '', r.detail == null ? '' : JSON.stringify(r.detail), r.hash].map(csvCell).join(','));
    await appendAudit(this.ctx.em, [actorEvent(this.ctx, { action: 'audit.exported', targetType: 'AuditLog', targetId: null, detail: { rows: rows.length, filter: filter ?? {} } })]);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
    return { filename: `audit-log-${stamp}.csv`, csv: `\ufeff${[header.join(','), ...lines].join('\r\n')}\r\n`, rows: rows.length };
  }

  private async where(filter: AuditSearchFilter | null | undefined, action: 'read' | 'export'): Promise<Record<string, unknown>[]> {
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, action, 'AuditLog')];
    const f = filter ?? {};
    if (f.actor?.trim()) where.push({ actorUsername: { $ilike: `%${likeEscaped(f.actor.trim())}%` } });
    if (f.action?.trim()) {
      const a = f.action.trim();
      where.push({ action: a.endsWith('*') ? { $like: `${likeEscaped(a.slice(0, -1))}%` } : a });
    }
    if (f.targetType?.trim()) where.push({ targetType: f.targetType.trim() });
    if (f.targetId?.trim()) where.push({ targetId: f.targetId.trim() });
    if (f.outcome) where.push({ outcome: f.outcome });
    if (f.unitId) {
      // The unit must be readable by the caller; its subtree then narrows the entries.
      const unit = await new UnitService(this.ctx).get(f.unitId);
      where.push({ scopePath: { $like: `${unit.path}%` } });
    }
    if (f.from) where.push({ at: { $gte: f.from } });
    if (f.to) where.push({ at: { $lt: f.to } });
    return where;
  }

  private async withUnitNames(rows: AuditEntry[]): Promise<AuditRecordGql[]> {
    const unitIds = [...new Set(rows.map((r) => r.unitId).filter((id): id is string => Boolean(id)))];
    const units = unitIds.length ? await this.ctx.em.find(Unit, { id: { $in: unitIds } }) : [];
    const names = new Map(units.map((u) => [u.id, u.name]));
    return rows.map((r) => ({ ...r, seq: String(r.seq), unitName: r.unitId ? (names.get(r.unitId) ?? null) : null }));
  }

  /** Walks the whole chain against the checkpoint file (as `npm run audit:verify` does); for those who may read the log. */
  async chainStatus(): Promise<AuditChainStatusGql> {
    requirePrincipal(this.ctx);
    requireScope(this.ctx.ability, 'read', 'AuditLog');
    const { checkpoints } = await readCheckpoints(this.ctx.runtime.config.auditCheckpointFile);
    const report = await verifyAuditChain(this.ctx.em, { checkpoints });
    return {
      ok: report.ok, checked: report.checked, brokenAt: report.brokenAt ?? null, reason: report.reason ?? null,
      legacyEntries: report.unkeyed?.count ?? 0, lastCheckpointSeq: report.lastCheckpoint?.seq ?? null,
      unanchoredEntries: report.unanchored?.count ?? 0, verifiedAt: new Date(),
    };
  }
}
