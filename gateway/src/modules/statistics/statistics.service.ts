import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { isRealDate, todayInChina } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, type Filter } from '../../platform/access/casl-to-filter.js';
import { Unit } from '../units/unit.entity.js';
import { UnitService } from '../units/unit.service.js';
import { IndicatorService } from '../indicators/indicator.service.js';
import { DIMENSIONS, DIRECT_UNIT_LABEL, NO_VALUE_LABEL, StatisticsDimension, valueLabel } from './statistics-dimensions.js';
import { MAX_CELLS, MAX_DIMENSIONS, chooseSource, statisticsSql, type ResolvedDimension, type StatisticsPlan } from './statistics-query.js';
import { suppressSmallCells } from './suppression.js';
import type { TeacherStatisticsFilter } from './statistics.types.js';

export interface StatisticsRequest {
  /** The statistics unit (default: the caller's own unit). */
  unitId?: string | null;
  dimensions: StatisticsDimension[];
  /** Indicator codes, one for each INDICATOR in `dimensions`, in order. */
  indicatorDimensions?: string[] | null;
  filter?: TeacherStatisticsFilter | null;
  /** YYYY-MM-DD, not after today; default today. */
  asOf?: string | null;
}

export interface StatisticsOptions {
  /** Force small-cell suppression (shared data, published reports), whatever the caller may see. */
  suppress?: boolean;
}

export interface StatisticsKey { dimension: StatisticsDimension; value: string | null; code?: string | null; label: string }
export interface StatisticsCell { keys: StatisticsKey[]; count: number | null; suppressed: boolean }

export interface StatisticsResult {
  unit: { id: string; name: string; code: string; level: string };
  asOf: string;
  dimensions: { dimension: StatisticsDimension; indicatorCode: string | null; label: string }[];
  cells: StatisticsCell[];
  total: number | null;
  totalSuppressed: boolean;
  suppression: { applied: boolean; minCell: number; primaryCells: number; secondaryCells: number };
  source: StatisticsPlan['source'];
}


/**
 * Teacher statistics (统计分析): counts grouped by any combination of dimensions, filtered,
 * as of a date, always inside the caller's CASL scope compiled into the SQL. Small cells are
 * suppressed for callers without the `smallCells` field right (query users) and whenever the
 * caller asks (`suppress: true`, e.g. data sharing).
 */
export class StatisticsService {
  constructor(private readonly ctx: RequestContext) {}

  async teacherStatistics(req: StatisticsRequest, opts: StatisticsOptions = {}): Promise<StatisticsResult> {
    const p = requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TeacherStatistics');
    const anchor = req.unitId ? await new UnitService(this.ctx).get(req.unitId) : await this.ctx.em.findOneOrFail(Unit, { id: p.unitId });
    if (!canOn(this.ctx.ability, 'read', 'TeacherStatistics', { scopePath: anchor.path })) throw notFoundOrNoAccess();
    const exact = this.ctx.ability.can('read', subject('TeacherStatistics', { scopePath: anchor.path }) as never, 'smallCells');
    const dims = await this.resolveDimensions(req);
    return computeTeacherStatistics(this.ctx.em, {
      anchor, scope, dims, filter: req.filter ?? {}, asOf: req.asOf ?? null,
      suppress: opts.suppress === true || !exact, minCell: this.ctx.runtime.config.statsMinCell,
    });
  }

  private async resolveDimensions(req: StatisticsRequest): Promise<ResolvedDimension[]> {
    if (req.dimensions.length > MAX_DIMENSIONS) throw new AppError('STATS_TOO_MANY_DIMENSIONS', { max: MAX_DIMENSIONS });
    const codes = [...(req.indicatorDimensions ?? [])];
    if (codes.length !== req.dimensions.filter((d) => d === StatisticsDimension.INDICATOR).length) {
      throw new AppError('STATS_DIMENSION_INVALID', { field: 'indicatorDimensions' });
    }
    const defs = codes.length ? await new IndicatorService(this.ctx).active(true) : [];
    const seen = new Set<string>();
    return req.dimensions.map((dimension) => {
      let resolved: ResolvedDimension;
      if (dimension === StatisticsDimension.INDICATOR) {
        const code = codes.shift()!;
        const def = defs.find((d) => d.code === code);
        if (!def || def.type !== 'code') throw new AppError('STATS_DIMENSION_INVALID', { dimension, indicatorCode: code });
        resolved = { dimension, label: def.label, indicator: { code, items: new Map((def.codeItems ?? []).map((i) => [i.code, i.name])) } };
      } else {
        const spec = DIMENSIONS[dimension];
        resolved = { dimension, label: spec.label, spec };
      }
      const key = `${dimension}:${resolved.indicator?.code ?? ''}`;
      if (seen.has(key)) throw new AppError('STATS_DIMENSION_INVALID', { dimension });
      seen.add(key);
      return resolved;
    });
  }
}

export interface ComputeInput {
  anchor: Pick<Unit, 'id' | 'name' | 'code' | 'level' | 'path'>;
  /** The jurisdiction filter (from `scopeFilter`/`requireScope` on TeacherStatistics), ANDed into every source. */
  scope: Filter;
  dims: ResolvedDimension[];
  filter: TeacherStatisticsFilter;
  asOf: string | null;
  suppress: boolean;
  minCell: number;
}

/**
 * The statistics engine without a request: for callers that already decided the scope (e.g. a
 * data-sharing release computed for an approved application, with `suppress: true`).
 */
export async function computeTeacherStatistics(em: EntityManager, input: ComputeInput): Promise<StatisticsResult> {
  const now = todayInChina();
  const asOf = input.asOf ?? now;
  if (!isRealDate(asOf) || asOf > now) throw new AppError('STATS_AS_OF_INVALID', { asOf, today: now });
  const year = Number(asOf.slice(0, 4));
  const conn = em.getConnection();
  const history = asOf < now;
  const [meta] = history ? [] : await conn.execute<{ value: string }[]>(`select value from stats_meta where key = 'age_year'`);
  const choice = chooseSource(input.dims, input.filter, history, Number(meta?.value) === year);
  const plan: StatisticsPlan = { anchorPath: input.anchor.path, scope: input.scope, dims: input.dims, filter: input.filter, asOf, source: choice.source, year };
  const q = statisticsSql(plan, choice.cuboid, choice.columns);
  const rows = await conn.execute<Record<string, unknown>[]>(q.text, q.params);
  if (rows.length > MAX_CELLS) throw new AppError('STATS_TOO_MANY_CELLS', { max: MAX_CELLS });

  const raw = rows.filter((r) => r.n != null).map((r) => ({ keys: keysOf(input.dims, r), count: Number(r.n) }));
  const protectedCells = input.suppress
    ? suppressSmallCells(raw.map((c) => ({ keys: c.keys.map((k) => k.value ?? ''), count: c.count })), input.minCell)
    : null;
  const cells: StatisticsCell[] = raw.map((c, i) => {
    const hidden = protectedCells?.cells[i]!.suppressed ?? false;
    return { keys: c.keys, count: hidden ? null : c.count, suppressed: hidden };
  });
  const total = raw.reduce((s, c) => s + c.count, 0);
  const totalSuppressed = protectedCells?.totalSuppressed ?? false;
  return {
    unit: { id: input.anchor.id, name: input.anchor.name, code: input.anchor.code, level: input.anchor.level },
    asOf,
    dimensions: input.dims.map((d) => ({ dimension: d.dimension, indicatorCode: d.indicator?.code ?? null, label: d.label })),
    cells,
    total: totalSuppressed ? null : total,
    totalSuppressed,
    suppression: { applied: input.suppress, minCell: input.minCell, primaryCells: protectedCells?.primary ?? 0, secondaryCells: protectedCells?.secondary ?? 0 },
    source: plan.source,
  };
}

function keysOf(dims: ResolvedDimension[], row: Record<string, unknown>): StatisticsKey[] {
  const values = Object.keys(row).filter((k) => k !== 'n').map((k) => row[k] as string | null);
  let at = 0;
  return dims.map((d) => {
    const unit = d.spec?.unit;
    if (unit && 'group' in unit) {
      const [id, name, code] = [values[at], values[at + 1], values[at + 2]];
      at += 3;
      return { dimension: d.dimension, value: id ?? null, code: code ?? null, label: name ?? DIRECT_UNIT_LABEL };
    }
    const value = values[at++] ?? null;
    if (d.indicator) return { dimension: d.dimension, value, label: value === null ? NO_VALUE_LABEL : d.indicator.items.get(value) ?? value };
    return { dimension: d.dimension, value, label: valueLabel((unit ?? d.spec!.teacher)!, value) };
  });
}
