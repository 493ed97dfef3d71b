import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { todayInChina } from '@tmis/shared';
import {
  AppError, ApprovalService, ArchiveRecord, actorEvent, appendAudit, canOn, notFoundOrNoAccess, pageWindow, requireActor, requirePrincipal, requireScope,
  Teacher, TeacherService, Unit, UnitService, withinCap, type ListCap, type RequestContext,
} from '@tmis/gateway/sdk';
import { TitleNomination, type TitleRound } from './entities.js';
import { titleError } from './errors.js';
import { QuotaService } from './quota.service.js';
import { bestResultPerYear, evaluateEligibility, type Eligibility, type EligibilityFacts } from './rules/eligibility.js';
import { TITLE_WORKFLOW } from './workflow.js';

/** Today as an ISO date (the nomination window and appointment dates are calendar days). */
export const today = (): string => todayInChina();

/** The unpaged `titleNominations` list (kept for API users): at most 500, an error above. */
export const TITLE_NOMINATIONS_CAP: ListCap = { cap: 500, paged: 'titleNominationPage' };

export interface TeacherEligibility extends Eligibility {
  teacherId: string;
  teacherName: string;
  currentTitle: string | null;
}

/** Nominations (推荐) by schools, within their quota, of teachers the archive shows eligible. */
export class NominationService {
  constructor(private readonly ctx: RequestContext) {}

  /** The conditions one by one, from the teacher's archive (information admins in scope). */
  async eligibility(roundId: string, teacherId: string, targetTitle?: string | null): Promise<TeacherEligibility> {
    requirePrincipal(this.ctx);
    const round = await new QuotaService(this.ctx).round(roundId);
    const teacher = await new TeacherService(this.ctx).get(teacherId);
    if (!canOn(this.ctx.ability, 'check', 'TitleNomination', { scopePath: teacher.scopePath })) throw new AppError('FORBIDDEN');
    return this.evaluate(round, teacher, targetTitle);
  }

  async nominate(roundId: string, teacherId: string, targetTitle?: string | null): Promise<TitleNomination> {
    const actor = requireActor(this.ctx);
    const round = await new QuotaService(this.ctx).round(roundId);
    const teacher = await new TeacherService(this.ctx).get(teacherId);
    if (!canOn(this.ctx.ability, 'create', 'TitleNomination', { scopePath: teacher.scopePath })) throw new AppError('FORBIDDEN');
    const day = today();
    if (round.status !== 'open' || day < round.nominationStart || day > round.nominationEnd) {
      throw titleError('TITLE_ROUND_NOT_OPEN', { nominationStart: round.nominationStart, nominationEnd: round.nominationEnd });
    }
    const check = await this.evaluate(round, teacher, targetTitle);
    if (!check.eligible) throw titleError('TITLE_NOT_ELIGIBLE', { conditions: check.conditions.filter((c) => !c.met) });
    const live = await this.ctx.em.count(TitleNomination, { roundId, teacherId, status: { $in: ['in_review', 'approved'] } });
    if (live > 0) throw titleError('TITLE_ALREADY_NOMINATED');
    // The quota a school draws on: the deepest allocated row on its path (its own once the county passed quotas down).
    const quota = await this.ctx.em.getConnection().execute<{ id: string; quota: number }[]>(
      `select id, quota from title_evaluation_quota where round_id = ? and ? like unit_path || '%' order by length(unit_path) desc limit 1`,
      [roundId, teacher.scopePath]);
    if (!quota[0] || quota[0].quota === 0) throw titleError('TITLE_NO_QUOTA');
    const quotaId = quota[0].id;

    const school = await this.ctx.em.findOneOrFail(Unit, { id: teacher.school.id });
    const units = new UnitService(this.ctx);
    const authority = (await units.supervisingAuthority(school)) ?? school;
    const ancestors = await units.ancestorsBySeq(school.path.split('/').filter(Boolean).map(Number));
    const city = ancestors.find((u) => u.level === 'city') ?? authority;
    const nomination = this.ctx.em.create(TitleNomination, {
      roundId, quotaId, teacherId: teacher.id, teacherNo: teacher.teacherNo, teacherName: teacher.name, schoolId: school.id, schoolName: school.name,
      scopePath: teacher.scopePath, currentTitle: teacher.professionalTitle ?? null, targetTitle: check.targetTitle!, conditions: check.conditions, nominatedBy: actor.accountId,
    });
    try {
      await this.ctx.em.transactional(async (tx) => {
        // Conditional on room left: of simultaneous nominations only as many as the quota allows get a row lock and pass.
        const drawn = await tx.getConnection().execute<{ id: string }[]>(
          `update title_evaluation_quota set used = used + 1, updated_at = now() where id = ? and used + allocated_down < quota returning id`,
          [quotaId], 'all', tx.getTransactionContext());
        if (drawn.length === 0) throw titleError('TITLE_QUOTA_EXCEEDED', { quota: quota[0]!.quota });
        await tx.persist(nomination).flush();
        const c = await new ApprovalService(this.ctx).open({
          type: TITLE_WORKFLOW.type, subjectType: 'TitleNomination', subjectId: nomination.id,
          parties: { school: school.id, schoolAuthority: authority.id, cityAuthority: city.id, province: round.provinceUnitId },
          partyPaths: [teacher.scopePath],
          payload: { teacherNo: teacher.teacherNo, teacherName: teacher.name, school: school.name, year: round.year, currentTitle: nomination.currentTitle, targetTitle: nomination.targetTitle },
        }, tx);
        nomination.caseId = c.id;
        await tx.flush();
        await appendAudit(tx, [actorEvent(this.ctx, {
          action: 'title_evaluation.nominate', targetType: 'TitleNomination', targetId: nomination.id,
          detail: { roundId, teacherId: teacher.id, targetTitle: nomination.targetTitle, quotaId, caseId: c.id },
        })]);
      });
    } catch (e) {
      if (e instanceof UniqueConstraintViolationException) throw titleError('TITLE_ALREADY_NOMINATED');
      throw e;
    }
    return nomination;
  }

  /** The school takes its nomination back while it is in review; the quota is freed (onSettled). */
  async withdraw(id: string, reason?: string | null): Promise<TitleNomination> {
    const actor = requireActor(this.ctx);
    const n = await this.get(id);
    if (n.status !== 'in_review') throw titleError('TITLE_NOMINATION_NOT_PENDING');
    if (!canOn(this.ctx.ability, 'withdraw', 'TitleNomination', n)) throw new AppError('FORBIDDEN');
    const approvals = new ApprovalService(this.ctx);
    const c = await approvals.get(n.caseId!);
    // The engine lets the initiator withdraw; another admin of the school cancels with a reason.
    if (c.initiatedBy === actor.accountId) await approvals.act(c.id, 'withdraw');
    else await approvals.act(c.id, 'cancel', reason ?? null);
    return this.get(id);
  }

  async get(id: string): Promise<TitleNomination> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'TitleNomination');
    const n = await this.ctx.em.findOne(TitleNomination, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!n) throw notFoundOrNoAccess();
    return n;
  }

  /** Newest first: at most 500, refused above (LIST_TOO_LARGE); `page` lists them all. */
  async list(roundId: string, status?: string | null): Promise<TitleNomination[]> {
    const page = await this.page(roundId, status, TITLE_NOMINATIONS_CAP.cap, 0, { limit: TITLE_NOMINATIONS_CAP.cap, offset: 0 });
    return withinCap(TITLE_NOMINATIONS_CAP, page.nodes, page.totalCount);
  }

  /** A page of a round's nominations in scope, newest first, with the total (issue 16.2). */
  async page(roundId: string, status: string | null | undefined, first: number, offset: number, window = pageWindow(first, offset)): Promise<{ nodes: TitleNomination[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [{ roundId }, requireScope(this.ctx.ability, 'read', 'TitleNomination')];
    if (status) where.push({ status });
    const [nodes, totalCount] = await this.ctx.em.findAndCount(TitleNomination, { $and: where } as never, { orderBy: { createdAt: 'desc', id: 'desc' }, ...window });
    return { nodes, totalCount };
  }

  private async evaluate(round: TitleRound, teacher: Teacher, targetTitle?: string | null): Promise<TeacherEligibility> {
    const records = await this.ctx.em.find(ArchiveRecord, {
      teacher: teacher.id, infoSet: { $in: ['title_appointment', 'assessment'] }, status: 'effective', validTo: null, changeKind: { $ne: 'delete' },
    });
    const current = teacher.professionalTitle ?? null;
    // Held since the first appointment to the current title (a move between schools keeps the years).
    const since = records.filter((r) => r.infoSet === 'title_appointment' && r.data.title === current)
      .map((r) => String(r.data.startDate ?? '')).filter(Boolean).sort()[0] ?? null;
    const facts: EligibilityFacts = {
      employmentStatus: teacher.employmentStatus, currentTitle: current, currentTitleSince: since,
      assessments: bestResultPerYear(records.filter((r) => r.infoSet === 'assessment').map((r) => ({ year: r.data.year, result: r.data.result }))),
    };
    const result = evaluateEligibility({
      year: round.year, titles: round.titles, minYearsInTitle: round.minYearsInTitle, assessmentYears: round.assessmentYears, referenceDate: round.nominationEnd,
    }, facts, targetTitle);
    return { ...result, teacherId: teacher.id, teacherName: teacher.name, currentTitle: current };
  }
}
