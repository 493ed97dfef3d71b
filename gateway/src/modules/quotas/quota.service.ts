import { allocateLargestRemainder, QuotaError } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent } from '../../platform/audit/audit.service.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { computeTeacherStatistics } from '../statistics/statistics.service.js';
import { DIMENSIONS, StatisticsDimension } from '../statistics/statistics-dimensions.js';
import { QuotaBasis, type QuotaAllocationGql } from './quota.types.js';

const BASIS: Record<QuotaBasis, { label: string; filter: { employmentStatus: string[]; staffCategory?: string[] } }> = {
  ACTIVE_HEADCOUNT: { label: '在岗教职工数', filter: { employmentStatus: ['active'] } },
  FULL_TIME_TEACHERS: { label: '在岗专任教师数', filter: { employmentStatus: ['active'], staffCategory: ['full_time_teacher'] } },
};

/**
 * 指标分配 (seed 003: award and title quotas follow the headcount in the system): a total split
 * over the units directly below a unit, in proportion to their current headcount, by the
 * largest-remainder method. The headcounts come from the statistics engine (exact counts, the
 * caller's scope), and every allocation is written to the audit log with its inputs and result.
 */
export class QuotaService {
  constructor(private readonly ctx: RequestContext) {}

  async allocate(unitId: string, total: number, basis: QuotaBasis = QuotaBasis.ACTIVE_HEADCOUNT): Promise<QuotaAllocationGql> {
    requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'create', 'QuotaAllocation');
    const unit = await new UnitService(this.ctx).get(unitId);
    if (!canOn(this.ctx.ability, 'create', 'QuotaAllocation', { scopePath: unit.path })) throw notFoundOrNoAccess();
    // Validate the total before any counting.
    if (!Number.isSafeInteger(total) || total < 0) throw new AppError('QUOTA_TOTAL_INVALID', { total });
    const children = await this.ctx.em.find(Unit, { parent: unit.id, status: 'active' }, { orderBy: { code: 'asc' } });
    if (children.length === 0) throw new AppError('QUOTA_NO_CHILD_UNITS', { unitId });

    const stats = await computeTeacherStatistics(this.ctx.em, {
      anchor: unit, scope, dims: [{ dimension: StatisticsDimension.CHILD_UNIT, label: DIMENSIONS.CHILD_UNIT.label, spec: DIMENSIONS.CHILD_UNIT }],
      filter: BASIS[basis].filter, asOf: null, suppress: false, minCell: this.ctx.runtime.config.statsMinCell,
    });
    const headcount = new Map(stats.cells.map((c) => [c.keys[0]!.value, c.count ?? 0]));
    let allocation;
    try {
      allocation = allocateLargestRemainder(total, children.map((c) => ({ key: c.code, weight: headcount.get(c.id) ?? 0 })));
    } catch (e) {
      if (e instanceof QuotaError) throw new AppError(e.code, { total });
      throw e;
    }
    const byCode = new Map(children.map((c) => [c.code, c]));
    const result: QuotaAllocationGql = {
      unit: { id: unit.id, name: unit.name, code: unit.code, level: unit.level },
      total, basis, basisLabel: BASIS[basis].label, totalHeadcount: allocation.totalWeight, leftover: allocation.leftover,
      method: '最大余额法（黑尔基数）：按人数比例计算应得份额，先分整数部分，剩余名额按余数从大到小各加1；余数相同者人数多者优先，再按单位代码',
      asOf: stats.asOf,
      rows: allocation.rows.map((r) => {
        const c = byCode.get(r.key)!;
        return {
          unit: { id: c.id, name: c.name, code: c.code, level: c.level }, headcount: r.weight, exactQuota: round(r.exactQuota), floor: r.floor,
          remainder: round(r.remainder), remainderRank: r.remainderRank, fromRemainder: r.fromRemainder, final: r.final,
        };
      }),
    };
    this.ctx.pendingAudit.push(actorEvent(this.ctx, { action: 'quota.allocate', targetType: 'Unit', targetId: unit.id,
      detail: { total, basis, allocation: result.rows.map((r) => ({ unit: r.unit.code, headcount: r.headcount, final: r.final })) } }));
    return result;
  }
}

const round = (x: number): number => Math.round(x * 1e6) / 1e6;
