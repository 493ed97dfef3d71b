import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { allocateLargestRemainder, QuotaError, type QuotaAllocation } from '@tmis/shared';
import {
  AppError, actorEvent, appendAudit, canOn, notFoundOrNoAccess, overCap, pageOrder, pageWindow, requireActor, requirePrincipal, requireScope, Unit, UnitService,
  withinCap, type ListCap, type ModuleEntityManager, type PageArgs, type RequestContext,
} from '@tmis/gateway/sdk';
import { TitleQuota, TitleRound } from './entities.js';
import { titleError } from './errors.js';
import { EVALUATED_TITLES } from './rules/eligibility.js';

export interface OpenRoundInput {
  year: number;
  name?: string | null;
  titles: string[];
  nominationStart: string;
  nominationEnd: string;
  totalQuota: number;
  minYearsInTitle?: number | null;
  assessmentYears?: number | null;
}

/** How the split is done, shown with every allocation (计算方法). */
export const METHOD = '最大余额法（黑尔基数）：应得份额 = 名额总数 × 单位在岗人数 ÷ 下级单位在岗人数合计；先分整数部分，剩余名额按余数从大到小各加1；余数相同者人数多者优先，再按单位代码';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const isDate = (s: string): boolean => ISO_DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The unpaged `titleQuotas` list (kept for API users): at most 2,000 rows, an error above. */
export const TITLE_QUOTAS_CAP: ListCap = { cap: 2000, paged: 'titleQuotaPage' };

/** The columns a quota page sorts by (GraphQL key → property). */
export const TITLE_QUOTA_SORT = {
  unitPath: 'unitPath', unitCode: 'unitCode', unitName: 'unitName', headcount: 'headcount', exactQuota: 'exactQuota', remainder: 'remainder',
  quota: 'quota', used: 'used', allocatedDown: 'allocatedDown',
} as const;
export type TitleQuotaSort = keyof typeof TITLE_QUOTA_SORT;

/** Active headcount (在岗教职工) of each unit's subtree, in one query. */
export async function headcounts(em: ModuleEntityManager, units: Unit[]): Promise<Map<string, number>> {
  if (units.length === 0) return new Map();
  const rows = await em.getConnection().execute<{ id: string; n: string }[]>(
    `select u.id, count(t.id) as n from unit u
       left join teacher t on t.scope_path like u.path || '%' and t.employment_status = 'active'
      where u.id in (${units.map(() => '?').join(', ')}) group by u.id`, units.map((u) => u.id));
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

function split(total: number, children: Unit[], counts: Map<string, number>): QuotaAllocation {
  try {
    return allocateLargestRemainder(total, children.map((c) => ({ key: c.code, weight: counts.get(c.id) ?? 0 })));
  } catch (e) {
    if (e instanceof QuotaError) throw new AppError(e.code, { total });
    throw e;
  }
}

/** Rounds and their quotas: the province opens a round; authorities pass their quota down. */
export class QuotaService {
  constructor(private readonly ctx: RequestContext) {}

  async openRound(input: OpenRoundInput): Promise<TitleRound> {
    const actor = requireActor(this.ctx);
    if (!canOn(this.ctx.ability, 'create', 'TitleRound', {})) throw new AppError('FORBIDDEN');
    const province = await new UnitService(this.ctx).get(actor.unitId);
    const titles = [...new Set(input.titles)];
    const minYears = input.minYearsInTitle ?? 5;
    const assessmentYears = input.assessmentYears ?? 3;
    const bad = [
      !Number.isInteger(input.year) || input.year < 2000 || input.year > 2100 ? 'year' : null,
      titles.length === 0 || titles.some((t) => !EVALUATED_TITLES.includes(t)) ? 'titles' : null,
      !isDate(input.nominationStart) || !isDate(input.nominationEnd) || input.nominationStart > input.nominationEnd ? 'nominationWindow' : null,
      !Number.isInteger(minYears) || minYears < 0 || minYears > 30 ? 'minYearsInTitle' : null,
      !Number.isInteger(assessmentYears) || assessmentYears < 0 || assessmentYears > 10 ? 'assessmentYears' : null,
    ].filter(Boolean);
    if (bad.length) throw titleError('TITLE_ROUND_INVALID', { fields: bad });
    const children = await this.ctx.em.find(Unit, { parent: province.id, status: 'active' }, { orderBy: { code: 'asc' } });
    const counts = await headcounts(this.ctx.em, children);
    const allocation = split(input.totalQuota, children, counts);

    const round = this.ctx.em.create(TitleRound, {
      year: input.year, name: input.name?.trim() || `${input.year}年度职称评审`, titles, nominationStart: input.nominationStart, nominationEnd: input.nominationEnd,
      totalQuota: input.totalQuota, minYearsInTitle: minYears, assessmentYears, provinceUnitId: province.id, scopePath: province.path, openedBy: actor.accountId,
    });
    try {
      await this.ctx.em.transactional(async (tx) => {
        await tx.persist(round).flush();
        // The province's own row holds the whole round; all of it is passed down at once.
        const root = tx.create(TitleQuota, {
          roundId: round.id, unitId: province.id, unitName: province.name, unitCode: province.code, unitLevel: province.level, unitPath: province.path,
          parentQuotaId: null, quota: input.totalQuota, allocatedDown: input.totalQuota, headcount: allocation.totalWeight, exactQuota: input.totalQuota,
          floorPart: input.totalQuota, allocatedBy: actor.accountId,
        });
        await tx.persist(root).flush();
        this.childRows(tx, round.id, root.id, children, allocation, actor.accountId);
        await tx.flush();
        await appendAudit(tx, [actorEvent(this.ctx, {
          action: 'title_evaluation.open_round', targetType: 'TitleRound', targetId: round.id,
          detail: { year: round.year, titles, totalQuota: input.totalQuota, allocation: allocation.rows.map((r) => ({ unit: r.key, headcount: r.weight, final: r.final })) },
        })]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw titleError('TITLE_ROUND_DUPLICATE', { year: input.year });
      throw e;
    }
    return round;
  }

  async closeRound(id: string): Promise<TitleRound> {
    requireActor(this.ctx);
    const round = await this.round(id);
    if (!canOn(this.ctx.ability, 'update', 'TitleRound', round)) throw new AppError('FORBIDDEN');
    round.status = 'closed';
    await this.ctx.em.transactional(async (tx) => {
      await tx.persist(round).flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'title_evaluation.close_round', targetType: 'TitleRound', targetId: round.id })]);
    });
    return round;
  }

  /**
   * An authority (city, county) passes its quota down to the units directly below it, by their
   * headcount, the same way. Allowed while nothing of it is used; doing it again replaces the
   * earlier split as long as the units below have not used or passed on theirs.
   */
  async allocate(roundId: string, unitId: string, total: number): Promise<TitleQuota> {
    const actor = requireActor(this.ctx);
    const round = await this.round(roundId);
    const own = await this.quotaOf(roundId, unitId);
    if (!canOn(this.ctx.ability, 'allocate', 'TitleQuota', own)) throw new AppError('FORBIDDEN');
    if (round.status !== 'open') throw titleError('TITLE_ROUND_NOT_OPEN');
    if (!Number.isSafeInteger(total) || total < 0) throw new AppError('QUOTA_TOTAL_INVALID', { total });
    if (total > own.quota) throw titleError('TITLE_QUOTA_TOO_LARGE', { total, quota: own.quota });
    const unit = await new UnitService(this.ctx).get(unitId);
    const children = await this.ctx.em.find(Unit, { parent: unit.id, status: 'active' }, { orderBy: { code: 'asc' } });
    if (children.length === 0) throw new AppError('QUOTA_NO_CHILD_UNITS', { unitId });
    const counts = await headcounts(this.ctx.em, children);
    const allocation = split(total, children, counts);

    await this.ctx.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const txc = tx.getTransactionContext();
      // Conditional on nothing drawn: a nomination that got there first wins, and vice versa.
      const locked = await conn.execute<{ id: string }[]>(
        `update title_evaluation_quota set allocated_down = ?, allocated_by = ?, version = version + 1, updated_at = now()
          where id = ? and used = 0 returning id`, [total, actor.accountId, own.id], 'all', txc);
      if (locked.length === 0) throw titleError('TITLE_QUOTA_IN_USE');
      const busy = await conn.execute<{ n: string }[]>(
        `select count(*) as n from title_evaluation_quota q where round_id = ? and unit_path like ? and id <> ?
            and (used > 0 or allocated_down > 0 or exists (select 1 from title_evaluation_nomination n where n.quota_id = q.id))`,
        [roundId, `${own.unitPath}%`, own.id], 'all', txc);
      if (Number(busy[0]!.n) > 0) throw titleError('TITLE_QUOTA_IN_USE');
      await conn.execute(`delete from title_evaluation_quota where round_id = ? and unit_path like ? and id <> ?`, [roundId, `${own.unitPath}%`, own.id], 'run', txc);
      this.childRows(tx, roundId, own.id, children, allocation, actor.accountId);
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, {
        action: 'title_evaluation.allocate', targetType: 'TitleQuota', targetId: own.id,
        detail: { roundId, unitId, total, allocation: allocation.rows.map((r) => ({ unit: r.key, headcount: r.weight, final: r.final })) },
      })]);
    });
    return this.ctx.em.findOneOrFail(TitleQuota, { id: own.id }, { refresh: true });
  }

  /**
   * All rounds, newest year first. Not paged and not cut: a province opens one round a year
   * (unique index) for a year in 2000…2100 (openRound checks), so there are never more than 101.
   */
  async rounds(): Promise<TitleRound[]> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TitleRound');
    return this.ctx.em.find(TitleRound, scope as never, { orderBy: { year: 'desc', createdAt: 'desc' } });
  }

  async round(id: string): Promise<TitleRound> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TitleRound');
    const r = await this.ctx.em.findOne(TitleRound, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!r) throw notFoundOrNoAccess();
    return r;
  }

  /** A unit's quota row in the caller's scope. */
  async quotaOf(roundId: string, unitId: string): Promise<TitleQuota> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TitleQuota');
    const q = await this.ctx.em.findOne(TitleQuota, { $and: [{ roundId, unitId }, scope] } as never, { refresh: true }).catch(() => null);
    if (!q) throw notFoundOrNoAccess();
    return q;
  }

  /**
   * The quota the caller's unit nominates against: the deepest row on its path (a school whose
   * county kept its quota draws on the county's). Quota figures are not confidential.
   */
  async drawnQuota(roundId: string): Promise<TitleQuota | null> {
    const actor = requireActor(this.ctx);
    await this.round(roundId);
    const rows = await this.ctx.em.getConnection().execute<{ id: string }[]>(
      `select id from title_evaluation_quota where round_id = ? and ? like unit_path || '%' order by length(unit_path) desc limit 1`, [roundId, actor.scopePath]);
    return rows[0] ? this.ctx.em.findOneOrFail(TitleQuota, { id: rows[0].id }) : null;
  }

  /**
   * Quota rows in scope; with `parentUnitId`, that unit's row and the rows it allocated. At most
   * 2,000, refused above (LIST_TOO_LARGE): `page` lists them all.
   */
  async quotas(roundId: string, parentUnitId?: string | null): Promise<TitleQuota[]> {
    const where = await this.quotaFilter(roundId, parentUnitId, true);
    return withinCap(TITLE_QUOTAS_CAP, await this.ctx.em.find(TitleQuota, where, { orderBy: { unitPath: 'asc' }, ...overCap(TITLE_QUOTAS_CAP) }));
  }

  /**
   * A page of the quota rows in scope with the total (issue 16.2); with `parentUnitId`, the rows
   * that unit allocated to the units directly below it (its own row is not among them). In unit
   * order (the tree) unless `sort` names a column; ascending unless `desc`.
   */
  async page(roundId: string, parentUnitId: string | null | undefined, args: PageArgs<TitleQuotaSort>): Promise<{ nodes: TitleQuota[]; totalCount: number }> {
    const window = pageWindow(args.first, args.offset);
    const orderBy = pageOrder(TITLE_QUOTA_SORT, args.sort, args.desc ?? false, 'unitPath');
    const [nodes, totalCount] = await this.ctx.em.findAndCount(TitleQuota, await this.quotaFilter(roundId, parentUnitId, false), { orderBy, ...window });
    return { nodes, totalCount };
  }

  /** A unit's own quota row and the rows it split among the units directly below (the allocation, whole: one row per child unit). */
  async allocationRows(roundId: string, unitId: string): Promise<{ own: TitleQuota; rows: TitleQuota[] }> {
    const own = await this.quotaOf(roundId, unitId);
    const scope = requireScope(this.ctx.ability, 'read', 'TitleQuota');
    const rows = await this.ctx.em.find(TitleQuota, { $and: [{ roundId, parentQuotaId: own.id }, scope] } as never, { orderBy: { unitPath: 'asc' } });
    return { own, rows };
  }

  private async quotaFilter(roundId: string, parentUnitId: string | null | undefined, withParent: boolean): Promise<never> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TitleQuota');
    const where: Record<string, unknown>[] = [{ roundId }, scope];
    if (parentUnitId) {
      const parent = await this.quotaOf(roundId, parentUnitId);
      where.push(withParent ? { $or: [{ id: parent.id }, { parentQuotaId: parent.id }] } : { parentQuotaId: parent.id });
    }
    return { $and: where } as never;
  }

  private childRows(tx: ModuleEntityManager, roundId: string, parentId: string, children: Unit[], allocation: QuotaAllocation, by: string): void {
    const byCode = new Map(children.map((c) => [c.code, c]));
    for (const r of allocation.rows) {
      const c = byCode.get(r.key)!;
      tx.persist(tx.create(TitleQuota, {
        roundId, unitId: c.id, unitName: c.name, unitCode: c.code, unitLevel: c.level, unitPath: c.path, parentQuotaId: parentId, quota: r.final,
        headcount: r.weight, exactQuota: round6(r.exactQuota), floorPart: r.floor, remainder: round6(r.remainder), remainderRank: r.remainderRank,
        fromRemainder: r.fromRemainder, allocatedBy: by,
      }));
    }
  }
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;
