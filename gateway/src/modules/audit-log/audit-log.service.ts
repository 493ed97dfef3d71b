import { requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { AuditEntry } from '../../platform/audit/audit-entry.entity.js';
import { verifyAuditChain } from '../../platform/audit/audit.service.js';
import { readCheckpoints } from '../../platform/audit/audit-checkpoint.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import type { AuditChainStatusGql, AuditRecordGql, AuditSearchFilter } from './audit-log.types.js';

const likeEscaped = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The 审计日志 page's reads: entries of the caller's subtree (the `read AuditLog` rule in the
 * query itself) filtered by actor, action, target, unit and period; and the chain check.
 */
export class AuditLogService {
  constructor(private readonly ctx: RequestContext) {}

  async search(filter: AuditSearchFilter | null | undefined, first: number, offset: number): Promise<{ nodes: AuditRecordGql[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'AuditLog')];
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
    const [rows, totalCount] = await this.ctx.em.findAndCount(AuditEntry, { $and: where } as never, {
      orderBy: { seq: 'desc' }, limit: Math.min(Math.max(first, 1), 200), offset: Math.max(offset, 0),
    });
    const unitIds = [...new Set(rows.map((r) => r.unitId).filter((id): id is string => Boolean(id)))];
    const units = unitIds.length ? await this.ctx.em.find(Unit, { id: { $in: unitIds } }) : [];
    const names = new Map(units.map((u) => [u.id, u.name]));
    const nodes = rows.map((r) => ({ ...r, seq: String(r.seq), unitName: r.unitId ? (names.get(r.unitId) ?? null) : null }));
    return { nodes, totalCount };
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
