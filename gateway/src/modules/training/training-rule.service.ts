import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../../platform/db/sql.js';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { isRealDate, todayInChina } from '@tmis/shared';
import { AppError } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { pathSeqs } from '../units/unit.service.js';
import { TrainingRule } from './training.entity.js';
import { DEFAULT_SELF_STUDY_LIMITS, MAX_PROJECT_HOURS } from './training-rules.js';

export interface AddRuleInput {
  effectiveFrom: string; hoursPerCredit: number; cycleHours: number; cycleStartYear?: number | null; note?: string | null;
  selfStudyClaimHours?: number | null; selfStudyYearHours?: number | null;
}

/** The province unit above (or at) a unit path; null at the national level. */
export async function provinceOfPath(em: EntityManager, path: string): Promise<string | null> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `select id from unit where seq = any(?::int[]) and level = 'province' limit 1`, [pgArray(pathSeqs(path).map(String))], 'all', em.getTransactionContext());
  return rows[0]?.id ?? null;
}

/** The rule in force for a province on a date: its newest version from before, else the system default. */
export async function ruleInForce(em: EntityManager, provinceUnitId: string | null, date: string): Promise<TrainingRule> {
  const rows = await em.getConnection().execute<{ id: string }[]>(
    `select id from training_rule where (province_unit_id = ? or province_unit_id is null) and effective_from <= ?
      order by (province_unit_id is null), effective_from desc limit 1`, [provinceUnitId, date], 'all', em.getTransactionContext());
  const id = rows[0]?.id ?? (await em.getConnection().execute<{ id: string }[]>(
    `select id from training_rule where province_unit_id is null order by effective_from limit 1`, [], 'all', em.getTransactionContext()))[0]!.id;
  return em.findOneOrFail(TrainingRule, { id });
}

/** 学时学分转化规则: versions are data, kept by the province's information admin. */
export class TrainingRuleService {
  constructor(private readonly ctx: RequestContext) {}

  /** Every version for a province (default: the caller's), plus the system default, oldest first. */
  async versions(provinceUnitId: string | null | undefined): Promise<TrainingRule[]> {
    const p = requirePrincipal(this.ctx);
    requireScope(this.ctx.ability, 'read', 'TrainingRule');
    const province = provinceUnitId ?? (await provinceOfPath(this.ctx.em, p.unitPath));
    return this.ctx.em.find(TrainingRule, { $or: [{ provinceUnitId: province }, { provinceUnitId: null }] } as never, { orderBy: { effectiveFrom: 'asc', createdAt: 'asc' } });
  }

  async inForce(provinceUnitId: string | null | undefined, date: string | null | undefined): Promise<TrainingRule> {
    const p = requirePrincipal(this.ctx);
    requireScope(this.ctx.ability, 'read', 'TrainingRule');
    return ruleInForce(this.ctx.em, provinceUnitId ?? (await provinceOfPath(this.ctx.em, p.unitPath)), date ?? todayInChina());
  }

  /** A new version for the caller's own province; earlier versions stay for results completed under them. */
  async add(input: AddRuleInput): Promise<TrainingRule> {
    const actor = requireActor(this.ctx);
    const p = requirePrincipal(this.ctx);
    if (!canOn(this.ctx.ability, 'create', 'TrainingRule', { provinceUnitId: p.unitId })) throw new AppError('FORBIDDEN');
    const cycleStartYear = input.cycleStartYear ?? 2021;
    // A version that names no self-study limits takes the defaults, not the previous version's.
    const claimHours = input.selfStudyClaimHours ?? DEFAULT_SELF_STUDY_LIMITS.claimHours;
    const yearHours = input.selfStudyYearHours ?? DEFAULT_SELF_STUDY_LIMITS.yearHours;
    if (!isRealDate(input.effectiveFrom)) throw new AppError('DATE_INVALID', { field: 'effectiveFrom' });
    if (!(input.hoursPerCredit > 0 && input.hoursPerCredit <= 1000) || !Number.isInteger(input.cycleHours) || input.cycleHours <= 0 || input.cycleHours > 5000
      || !Number.isInteger(cycleStartYear) || cycleStartYear < 2000 || cycleStartYear > 2100
      || !(claimHours > 0 && claimHours <= MAX_PROJECT_HOURS) || !(yearHours >= claimHours && yearHours <= 5000)) {
      throw new AppError('TRAINING_RULE_INVALID');
    }
    const rule = this.ctx.em.create(TrainingRule, {
      provinceUnitId: p.unitId, effectiveFrom: input.effectiveFrom, hoursPerCredit: input.hoursPerCredit, cycleHours: input.cycleHours,
      cycleStartYear, selfStudyClaimHours: claimHours, selfStudyYearHours: yearHours, note: input.note?.trim().slice(0, 200) || null, createdBy: actor.accountId,
    });
    try {
      await this.ctx.em.transactional(async (tx) => {
        tx.persist(rule);
        await tx.flush();
        await appendAudit(tx, [actorEvent(this.ctx, { action: 'training.rule_version', targetType: 'TrainingRule', targetId: rule.id,
          detail: { effectiveFrom: rule.effectiveFrom, hoursPerCredit: rule.hoursPerCredit, cycleHours: rule.cycleHours, selfStudyClaimHours: claimHours, selfStudyYearHours: yearHours } })]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw new AppError('TRAINING_RULE_VERSION_EXISTS');
      throw e;
    }
    return rule;
  }
}
