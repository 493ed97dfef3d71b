import { getInfoSet, isCollected, NO_STAGE, updateRequiredSets, type ErrorCode } from '@tmis/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../platform/db/sql.js';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { UnitService } from '../units/unit.service.js';
import { Unit } from '../units/unit.entity.js';
import { UpdateCampaign } from './campaign.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { campaignFor, campaignWindow, completion, deadlineOf, inWindow, laggingUnits, pastDeadline, validCountyDeadline, type CampaignKind } from './campaign-rules.js';
import { CURRENT_TEACHER, MISSING, STAGE_OF_T, UPDATED, updateCtes } from './update-measure.js';

export interface Progress {
  unitId: string; unitName: string; unitCode: string; unitLevel: string;
  teachers: number; entered: number; submitted: number; approved: number; updated: number; returned: number; pending: number; overdue: number; completion: number;
  /** The deadline that applies to the unit: its county's own earlier one, or the province's. */
  deadline: string;
}

export interface CountyDeadline { unitId: string; path: string; deadline: string }

export interface CampaignView { campaign: UpdateCampaign; countyDeadline: string | null; effectiveDeadline: string }

export interface CampaignTeacher { teacherId: string; teacherNo: string; name: string; unitId: string; stage: string | null; requiredSets: string[]; missingSets: string[]; updated: boolean }

export interface ConfirmResult { teacherId: string; ok: boolean; code?: ErrorCode; infoSets: string[] }

interface Row { id: string; teachers: string; entered: string; submitted: string; approved: string; updated: string; overdue: string; returned: string; pending: string }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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

  /** The county deadlines that bear on a unit: that of the county at or above it, and those of the counties below it. */
  async countyDeadlines(campaign: UpdateCampaign, unitPath: string): Promise<CountyDeadline[]> {
    const rows = await this.em.getConnection().execute<{ unit_id: string; unit_path: string; deadline: string }[]>(
      `select unit_id, unit_path, to_char(deadline, 'YYYY-MM-DD') as deadline from campaign_county_deadline
        where campaign_id = ? and (? like unit_path || '%' or unit_path like ?)`, [campaign.id, unitPath, `${unitPath}%`]);
    return rows.map((r) => ({ unitId: r.unit_id, path: r.unit_path, deadline: r.deadline }));
  }

  /** The campaign as the caller sees it: with the deadline of the caller's county, if it set one, and the one that applies to the caller's unit. */
  async describe(c: UpdateCampaign): Promise<CampaignView> {
    const p = requirePrincipal(this.ctx);
    const counties = await this.countyDeadlines(c, p.unitPath);
    const mine = counties.find((x) => p.unitPath.startsWith(x.path));
    return { campaign: c, countyDeadline: mine?.deadline ?? null, effectiveDeadline: deadlineOf(p.unitPath, c.deadline, counties) };
  }

  /**
   * A county's own deadline for its schools (县区可在全省截止日期内另定更早的截止日期): after the
   * campaign opens, on or before the province's deadline. `null` goes back to the province's.
   */
  async setCountyDeadline(id: string, deadline: string | null): Promise<UpdateCampaign> {
    const actor = requireActor(this.ctx);
    const p = requirePrincipal(this.ctx);
    if (p.role !== 'info_admin' || p.unitLevel !== 'county') throw new AppError('FORBIDDEN');
    const c = await this.get(id);
    if (deadline != null && !validCountyDeadline(deadline, c.opensOn, c.deadline)) {
      throw new AppError('CAMPAIGN_DEADLINE_OUT_OF_RANGE', { field: 'deadline', opensOn: c.opensOn, latest: c.deadline },
        `县（区）截止日期须晚于本期开始日期${c.opensOn}，且不晚于全省截止日期${c.deadline}`);
    }
    await this.em.transactional(async (tx) => {
      const conn = tx.getConnection();
      const ctx = tx.getTransactionContext();
      if (deadline == null) {
        await conn.execute(`delete from campaign_county_deadline where campaign_id = ? and unit_id = ?`, [c.id, p.unitId], 'run', ctx);
      } else {
        await conn.execute(`insert into campaign_county_deadline (campaign_id, unit_id, unit_path, deadline, set_by, set_at) values (?, ?, ?, ?, ?, now())
          on conflict (campaign_id, unit_id) do update set deadline = excluded.deadline, set_by = excluded.set_by, set_at = excluded.set_at`,
        [c.id, p.unitId, p.unitPath, deadline, actor.accountId], 'run', ctx);
      }
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'campaign.county_deadline', targetType: 'UpdateCampaign', targetId: c.id, detail: { unitId: p.unitId, deadline } })]);
    });
    return c;
  }

  /**
   * The school's "confirmed unchanged" (确认无变化) for teachers' required sets in a campaign: a
   * bulk action with one result per teacher. Only inside the window, only for teachers in the
   * caller's confirmation scope (the jurisdiction filter is in the SQL that finds them), only for
   * sets required for the teacher's stage (all of them when `infoSets` is absent). Confirming a
   * set again keeps the first confirmation.
   */
  async confirmUnchanged(campaignId: string, teacherIds: string[], infoSets?: string[] | null, now = new Date()): Promise<ConfirmResult[]> {
    const actor = requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'create', 'CampaignConfirmation');
    const c = await this.get(campaignId);
    if (!inWindow(now, c.opensOn, c.deadline)) {
      throw new AppError('CAMPAIGN_OUTSIDE_WINDOW', { opensOn: c.opensOn, deadline: c.deadline },
        `当前不在本期信息更新工作的时间范围内（${c.opensOn}至${c.deadline}），不能确认信息无变化`);
    }
    for (const code of infoSets ?? []) if (!getInfoSet(code)) throw new AppError('INFO_SET_UNKNOWN', { infoSet: code });
    const ids = [...new Set(teacherIds)];
    const found = await this.em.find(Teacher, { $and: [{ id: { $in: ids.filter((x) => UUID.test(x)) } }, scope] } as never);
    const byId = new Map(found.map((t) => [t.id, t]));
    const results: ConfirmResult[] = [];
    const rows: { teacher: Teacher; sets: readonly string[] }[] = [];
    for (const id of ids) {
      const t = byId.get(id);
      if (!t) { results.push({ teacherId: id, ok: false, code: 'NOT_FOUND_OR_NO_ACCESS', infoSets: [] }); continue; }
      if (!isCollected(t.employmentStatus)) { results.push({ teacherId: id, ok: false, code: 'TEACHER_NOT_COLLECTED', infoSets: [] }); continue; }
      const required: readonly string[] = updateRequiredSets(t.stage);
      const sets = infoSets?.length ? [...new Set(infoSets)] : required;
      if (sets.some((x) => !required.includes(x))) { results.push({ teacherId: id, ok: false, code: 'CAMPAIGN_SET_NOT_REQUIRED', infoSets: [] }); continue; }
      rows.push({ teacher: t, sets });
      results.push({ teacherId: id, ok: true, infoSets: [...sets] });
    }
    if (rows.length) {
      const flat = rows.flatMap((r) => r.sets.map((set) => ({ id: r.teacher.id, set, path: r.teacher.scopePath })));
      await this.em.transactional(async (tx) => {
        await tx.getConnection().execute(`
          insert into campaign_confirmation (campaign_id, teacher_id, info_set, scope_path, confirmed_by, confirmed_at)
          select ?, x.teacher_id, x.info_set, x.scope_path, ?, ? from unnest(?::uuid[], ?::text[], ?::text[]) as x(teacher_id, info_set, scope_path)
          on conflict (campaign_id, teacher_id, info_set) do nothing`,
        [c.id, actor.accountId, now.toISOString(), pgArray(flat.map((x) => x.id)), pgArray(flat.map((x) => x.set)), pgArray(flat.map((x) => x.path))], 'run', tx.getTransactionContext());
        await appendAudit(tx, rows.map((r) => actorEvent(this.ctx, { action: 'campaign.confirmed_unchanged', targetType: 'Teacher', targetId: r.teacher.id,
          detail: { campaignId: c.id, infoSets: r.sets } })));
      });
    }
    return results;
  }

  /**
   * Progress of the unit (default: the caller's) and of each unit directly below it, in one
   * statement: teachers per child subtree, who of them is updated (every required set entered
   * or confirmed unchanged in the window, `updateCtes`), who is overdue (not updated once the
   * deadline of their county — its own, or the province's — has passed), and the review activity.
   */
  async progress(campaign: UpdateCampaign, unitId?: string | null, now = new Date()): Promise<{ total: Progress; units: Progress[]; lagging: Progress[] }> {
    const p = requirePrincipal(this.ctx);
    // Monitoring is for information admins and query users of the unit and its authorities.
    if (p.role !== 'info_admin' && p.role !== 'query_user') throw new AppError('FORBIDDEN');
    requireScope(this.ctx.ability, 'read', 'Teacher');
    const unit = await new UnitService(this.ctx).get(unitId ?? p.unitId);
    const children = await this.em.find(Unit, { parent: unit.id }, { orderBy: { code: 'asc' } });
    const groups: Unit[] = children.length ? children : [unit];
    const counties = await this.countyDeadlines(campaign, unit.path);
    // Teachers are overdue once their own deadline day is over (Beijing time); a county's is never later than the province's.
    const provinceLate = pastDeadline(now, campaign.deadline);
    const lateCounties = counties.filter((x) => pastDeadline(now, x.deadline)).map((x) => x.path);
    const m = updateCtes(campaign, unit.path);
    // Each teacher falls in the group of the child unit its path runs through (a hash join, not a LIKE per group).
    const groupOf = children.length ? `? || split_part(substr(t.scope_path, ?), '/', 1) || '/'` : '?::text';
    const rows = await this.em.getConnection().execute<Row[]>(`
      with g(id, path) as (select * from unnest(?::uuid[], ?::text[])), ${m.sql}
      select g.id, count(t.id) as teachers,
             count(t.id) filter (where r.entered) as entered, count(t.id) filter (where r.submitted) as submitted,
             count(t.id) filter (where r.approved) as approved, count(t.id) filter (where ${UPDATED}) as updated,
             count(t.id) filter (where not ${UPDATED} and (?::boolean or t.scope_path like any (select c || '%' from unnest(?::text[]) c))) as overdue,
             coalesce(sum(r.returned), 0) as returned, coalesce(sum(r.pending), 0) as pending
        from g
        left join (teacher t join need on need.stage = ${STAGE_OF_T}) on ${groupOf} = g.path and t.scope_path like ? and ${CURRENT_TEACHER}
        left join rec r on r.teacher_id = t.id
        left join conf f on f.teacher_id = t.id
       group by g.id`,
      [pgArray(groups.map((u) => u.id)), pgArray(groups.map((u) => u.path)), ...m.params, provinceLate, pgArray(lateCounties),
        ...(children.length ? [unit.path, unit.path.length + 1] : [unit.path]), `${unit.path}%`]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const units = groups.map((u) => this.toProgress(u, byId.get(u.id), deadlineOf(u.path, campaign.deadline, counties)));
    const sum = (k: keyof Row): string => String(rows.reduce((n, r) => n + Number(r[k]), 0));
    const total = this.toProgress(unit, { id: unit.id, teachers: sum('teachers'), entered: sum('entered'), submitted: sum('submitted'), approved: sum('approved'),
      updated: sum('updated'), overdue: sum('overdue'), returned: sum('returned'), pending: sum('pending') }, deadlineOf(unit.path, campaign.deadline, counties));
    return { total, units, lagging: children.length ? laggingUnits(units, now, campaign.opensOn, campaign.deadline) : [] };
  }

  /**
   * The current teachers of a unit's subtree with the required sets they still miss in the
   * campaign (the list a school works through, and confirms unchanged from), by name.
   */
  async teachers(campaign: UpdateCampaign, unitId: string | null | undefined, pendingOnly: boolean, first: number, offset: number): Promise<{ nodes: CampaignTeacher[]; totalCount: number }> {
    const p = requirePrincipal(this.ctx);
    if (p.role !== 'info_admin' && p.role !== 'query_user') throw new AppError('FORBIDDEN');
    requireScope(this.ctx.ability, 'read', 'Teacher');
    if (!Number.isInteger(first) || first < 1 || first > 200) throw new AppError('VALIDATION_FAILED', { field: 'first', max: 200 });
    if (!Number.isInteger(offset) || offset < 0) throw new AppError('VALIDATION_FAILED', { field: 'offset' });
    const unit = await new UnitService(this.ctx).get(unitId ?? p.unitId);
    const m = updateCtes(campaign, unit.path);
    const rows = await this.em.getConnection().execute<{ id: string; teacher_no: string; name: string; unit_id: string; stage: string; missing: string[]; total: string }[]>(`
      with ${m.sql}
      select t.id, t.teacher_no, t.name, t.unit_id, need.stage, ${MISSING} as missing, count(*) over () as total
        from teacher t join need on need.stage = ${STAGE_OF_T}
        left join rec r on r.teacher_id = t.id
        left join conf f on f.teacher_id = t.id
       where t.scope_path like ? and ${CURRENT_TEACHER} and (not ?::boolean or not ${UPDATED})
       order by t.name, t.id limit ? offset ?`, [...m.params, `${unit.path}%`, pendingOnly, first, offset]);
    const nodes = rows.map((r) => {
      const stage = r.stage === NO_STAGE ? null : r.stage;
      const required = [...updateRequiredSets(stage)];
      return { teacherId: r.id, teacherNo: r.teacher_no, name: r.name, unitId: r.unit_id, stage, requiredSets: required,
        missingSets: required.filter((x) => r.missing.includes(x)), updated: r.missing.length === 0 };
    });
    return { nodes, totalCount: Number(rows[0]?.total ?? 0) };
  }

  private toProgress(u: Unit, r: Row | undefined, deadline: string): Progress {
    const n = (v: string | undefined): number => Number(v ?? 0);
    const base = { teachers: n(r?.teachers), updated: n(r?.updated), overdue: n(r?.overdue) };
    return {
      unitId: u.id, unitName: u.name, unitCode: u.code, unitLevel: u.level, ...base, deadline,
      entered: n(r?.entered), submitted: n(r?.submitted), approved: n(r?.approved), returned: n(r?.returned), pending: n(r?.pending),
      completion: Math.round(completion(base) * 10_000) / 10_000,
    };
  }
}
