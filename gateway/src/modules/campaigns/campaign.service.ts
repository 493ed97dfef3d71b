import { chinaDayStart } from '@tmis/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../platform/db/sql.js';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { UnitService } from '../units/unit.service.js';
import { Unit } from '../units/unit.entity.js';
import { UpdateCampaign } from './campaign.entity.js';
import { campaignFor, campaignWindow, completion, laggingUnits, type CampaignKind } from './campaign-rules.js';

export interface Progress {
  unitId: string; unitName: string; unitCode: string; unitLevel: string;
  teachers: number; entered: number; submitted: number; approved: number; returned: number; pending: number; overdue: number; completion: number;
}

interface Row { id: string; teachers: string; entered: string; submitted: string; approved: string; returned: string; pending: string }

export class CampaignService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** The campaign of a kind and year, created from the national rule on first use. */
  async ensure(kind: CampaignKind, year: number): Promise<UpdateCampaign> {
    requirePrincipal(this.ctx);
    if (kind !== 'annual' && kind !== 'half_year') throw new AppError('VALIDATION_FAILED', { field: 'kind' });
    if (!Number.isInteger(year) || year < 2000 || year > 2100) throw new AppError('VALIDATION_FAILED', { field: 'year' });
    const provinceCode = this.ctx.runtime.config.provinceCode;
    const found = await this.em.findOne(UpdateCampaign, { provinceCode, kind, year });
    if (found) return found;
    const w = campaignWindow(kind, year);
    await this.em.getConnection().execute(
      `insert into update_campaign (id, created_at, updated_at, province_code, kind, year, title, opens_on, deadline)
       values (gen_random_uuid(), now(), now(), ?, ?, ?, ?, ?, ?) on conflict (province_code, kind, year) do nothing`,
      [provinceCode, kind, year, w.title, w.opensOn, w.deadline]);
    return this.em.findOneOrFail(UpdateCampaign, { provinceCode, kind, year });
  }

  current(now = new Date()): Promise<UpdateCampaign> {
    const c = campaignFor(now);
    return this.ensure(c.kind, c.year);
  }

  async get(id: string): Promise<UpdateCampaign> {
    requirePrincipal(this.ctx);
    const c = await this.em.findOne(UpdateCampaign, { id, provinceCode: this.ctx.runtime.config.provinceCode }).catch(() => null);
    if (!c) throw notFoundOrNoAccess();
    return c;
  }

  /** The province sets its own (earlier) deadline (seed 000 art. 18: provinces set the update frequency). */
  async setDeadline(id: string, deadline: string): Promise<UpdateCampaign> {
    requireActor(this.ctx);
    const p = requirePrincipal(this.ctx);
    if (p.role !== 'info_admin' || p.unitLevel !== 'province') throw new AppError('FORBIDDEN');
    const c = await this.get(id);
    const national = campaignWindow(c.kind, c.year).deadline;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(deadline) || deadline > national || deadline <= c.opensOn) {
      throw new AppError('VALIDATION_FAILED', { field: 'deadline', latest: national }, `截止日期须在${c.opensOn}之后、不晚于${national}`);
    }
    c.deadline = deadline;
    await this.em.transactional(async (tx) => {
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'campaign.deadline', targetType: 'UpdateCampaign', targetId: c.id, detail: { deadline } })]);
    });
    return c;
  }

  /**
   * Progress of the unit (default: the caller's) and of each unit directly below it, in two
   * statements: teachers per child subtree joined with per-teacher activity in the window.
   */
  async progress(campaign: UpdateCampaign, unitId?: string | null, now = new Date()): Promise<{ total: Progress; units: Progress[]; lagging: Progress[] }> {
    const p = requirePrincipal(this.ctx);
    // Monitoring is for information admins and query users of the unit and its authorities.
    if (p.role !== 'info_admin' && p.role !== 'query_user') throw new AppError('FORBIDDEN');
    requireScope(this.ctx.ability, 'read', 'Teacher');
    const unit = await new UnitService(this.ctx).get(unitId ?? p.unitId);
    const children = await this.em.find(Unit, { parent: unit.id }, { orderBy: { code: 'asc' } });
    const groups: Unit[] = children.length ? children : [unit];
    // The window in Beijing time: the deadline day ends at 24:00 in China, not eight hours later.
    const from = chinaDayStart(campaign.opensOn).toISOString();
    const to = new Date(chinaDayStart(campaign.deadline).getTime() + 86_400_000).toISOString();
    const rows = await this.em.getConnection().execute<Row[]>(`
      with g(id, path) as (select * from unnest(?::uuid[], ?::text[])),
      act as (
        select teacher_id,
               bool_or(entered_at >= ? and entered_at < ?) as entered,
               bool_or(submitted_at >= ? and submitted_at < ?) as submitted,
               bool_or(status in ('effective', 'superseded') and valid_from >= ? and valid_from < ? and change_kind <> 'delete') as approved,
               count(*) filter (where status = 'returned') as returned,
               count(*) filter (where status in ('submitted', 'school_approved')) as pending
          from archive_record
         where scope_path like ? and (entered_at >= ? or submitted_at >= ? or valid_from >= ? or status in ('returned', 'submitted', 'school_approved'))
         group by teacher_id)
      select g.id, count(t.id) as teachers,
             count(t.id) filter (where a.entered) as entered, count(t.id) filter (where a.submitted) as submitted,
             count(t.id) filter (where a.approved) as approved,
             coalesce(sum(a.returned), 0) as returned, coalesce(sum(a.pending), 0) as pending
        from g
        left join teacher t on t.scope_path like g.path || '%' and t.employment_status in ('active', 'long_absence')
        left join act a on a.teacher_id = t.id
       group by g.id`,
      [pgArray(groups.map((u) => u.id)), pgArray(groups.map((u) => u.path)), from, to, from, to, from, to, `${unit.path}%`, from, from, from]);
    const late = now.getTime() >= Date.parse(to);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const units = groups.map((u) => this.toProgress(u, byId.get(u.id), late));
    const sum = (k: keyof Progress): number => units.reduce((n, x) => n + (x[k] as number), 0);
    const total = this.toProgress(unit, { id: unit.id, teachers: String(sum('teachers')), entered: String(sum('entered')), submitted: String(sum('submitted')),
      approved: String(sum('approved')), returned: String(sum('returned')), pending: String(sum('pending')) }, late);
    return { total, units, lagging: children.length ? laggingUnits(units, now, campaign.opensOn, campaign.deadline) : [] };
  }

  private toProgress(u: Unit, r: Row | undefined, late: boolean): Progress {
    const n = (v: string | undefined): number => Number(v ?? 0);
    const teachers = n(r?.teachers);
    const approved = n(r?.approved);
    const base = { teachers, approved, overdue: late ? teachers - approved : 0 };
    return {
      unitId: u.id, unitName: u.name, unitCode: u.code, unitLevel: u.level, ...base,
      entered: n(r?.entered), submitted: n(r?.submitted), returned: n(r?.returned), pending: n(r?.pending), completion: Math.round(completion(base) * 10_000) / 10_000,
    };
  }
}
