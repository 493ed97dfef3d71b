import type { EntityManager } from '@mikro-orm/postgresql';
import { LockMode } from '@mikro-orm/core';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type Actor, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, scopeFilter, type Filter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { loader } from '../../platform/graphql/loaders.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { SpotCheck, SpotCheckItem, type SpotCheckResult } from './spot-check.entity.js';
import { draw, newSeed, parseSeed } from './spot-check-draw.js';
import { CORRECTION_TASK, noticeCorrected, noticePublished } from './spot-check-notices.js';
import { closeTaskNotices } from '../../platform/approvals/notify.js';
import type { DrawSpotCheckInput } from './spot-check.types.js';

export const MAX_SCHOOLS = 500;
export const MAX_TEACHERS = 2000;
const FINDING_MAX = 2000;
const RESULTS: readonly SpotCheckResult[] = ['accurate', 'inaccurate', 'missing_data'];

export class SpotCheckService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /**
   * Checks the caller may see: its own authority's and those below (SpotCheck rules), or — for a
   * drawn school — published checks with at least one item of that school (SpotCheckItem rules).
   */
  private visibleChecks(): Filter {
    requirePrincipal(this.ctx);
    const own = scopeFilter(this.ctx.ability, 'read', 'SpotCheck');
    const items = scopeFilter(this.ctx.ability, 'read', 'SpotCheckItem');
    const any: Filter[] = [];
    if (own) any.push(own);
    if (items) any.push({ items: { $some: items } });
    if (any.length === 0) throw new AppError('FORBIDDEN');
    return any.length === 1 ? any[0]! : { $or: any };
  }

  async list(first: number, offset: number): Promise<{ nodes: SpotCheck[]; totalCount: number }> {
    const [nodes, totalCount] = await this.em.findAndCount(SpotCheck, this.visibleChecks() as never, {
      orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200), offset: Math.max(offset, 0),
    });
    return { nodes, totalCount };
  }

  async get(id: string): Promise<SpotCheck> {
    const where = this.visibleChecks();
    const check = await this.em.findOne(SpotCheck, { $and: [{ id }, where] } as never).catch(() => null);
    if (!check) throw notFoundOrNoAccess();
    return check;
  }

  /** The items of a check the caller may read: all of them for the authority, its own school's for a school. */
  items(checkId: string): Promise<SpotCheckItem[]> {
    const scope = scopeFilter(this.ctx.ability, 'read', 'SpotCheckItem');
    if (!scope) return Promise.resolve([]);
    return loader<SpotCheckItem[]>(this.ctx, 'spotCheck.items', async (ids) => {
      const rows = await this.em.find(SpotCheckItem, { $and: [{ spotCheck: { $in: [...ids] } }, scope] } as never, { orderBy: { ordinal: 'asc' } });
      const map = new Map<string, SpotCheckItem[]>();
      for (const r of rows) map.set(r.spotCheck.id, [...(map.get(r.spotCheck.id) ?? []), r]);
      return map;
    }).load(checkId).then((r) => r ?? []);
  }

  /** Drawn schools, narrowed to the units the caller may read (a school sees only itself). */
  async schools(ids: string[]): Promise<Unit[]> {
    const scope = scopeFilter(this.ctx.ability, 'read', 'Unit');
    if (!scope || ids.length === 0) return [];
    return this.em.find(Unit, { $and: [{ id: { $in: ids } }, scope] } as never, { orderBy: { code: 'asc' } });
  }

  /** Teacher number and name of drawn teachers, batched per request. */
  teacherLabel(teacherId: string): Promise<{ teacherNo: string; name: string } | null> {
    return loader<{ teacherNo: string; name: string }>(this.ctx, 'spotCheck.teacherLabel', async (ids) => {
      const rows = await this.em.find(Teacher, { id: { $in: [...ids] } }, { fields: ['id', 'teacherNo', 'name'] });
      return new Map(rows.map((t) => [t.id, { teacherNo: t.teacherNo, name: t.name }]));
    }).load(teacherId);
  }

  async draw(input: DrawSpotCheckInput): Promise<SpotCheck> {
    const actor = requireActor(this.ctx);
    const p = this.ctx.principal!;
    // Access first: only an authority's information admin draws, and only over its own subtree.
    if (!canOn(this.ctx.ability, 'create', 'SpotCheck', { scopePath: p.unitPath })) throw new AppError('FORBIDDEN');
    const title = input.title.trim();
    if (!title || title.length > 100) throw new AppError('VALIDATION_FAILED', { field: 'title' }, '抽查名称不能为空且不超过100字');
    if (!Number.isInteger(input.schoolCount) || input.schoolCount < 1 || input.schoolCount > MAX_SCHOOLS) {
      throw new AppError('VALIDATION_FAILED', { field: 'schoolCount', max: MAX_SCHOOLS }, `抽取学校数须为1至${MAX_SCHOOLS}`);
    }
    if (!Number.isInteger(input.teacherCount) || input.teacherCount < 1 || input.teacherCount > MAX_TEACHERS) {
      throw new AppError('VALIDATION_FAILED', { field: 'teacherCount', max: MAX_TEACHERS }, `抽取教师数须为1至${MAX_TEACHERS}`);
    }
    const seed = input.seed == null || input.seed.trim() === '' ? newSeed() : parseSeed(input.seed);
    if (seed === null) throw new AppError('VALIDATION_FAILED', { field: 'seed' }, '随机种子须为不超过19位的非负整数');

    const authority = await this.em.findOneOrFail(Unit, { id: p.unitId });
    const unitScope = requireScope(this.ctx.ability, 'read', 'Unit');
    const teacherScope = requireScope(this.ctx.ability, 'read', 'Teacher');
    const candidates = await this.em.find(Unit, {
      $and: [unitScope, { level: 'school', status: 'active', path: { $like: `${authority.path}%` } }],
    } as never, { orderBy: { id: 'asc' } });
    const picked = await draw(seed, input.schoolCount, input.teacherCount, {
      schools: candidates,
      teachersOf: (schools) => schools.length === 0 ? Promise.resolve([]) : this.em.find(Teacher, {
        $and: [teacherScope, { school: { $in: schools.map((s) => s.id) }, employmentStatus: 'active' }],
      } as never, { orderBy: { id: 'asc' } }),
    });
    if (picked.teachers.length === 0) throw new AppError('SPOT_CHECK_NO_CANDIDATES');

    return this.em.transactional(async (tx) => {
      const check = tx.create(SpotCheck, {
        authorityUnit: authority, scopePath: authority.path, title, seed: seed.toString(), schoolCount: input.schoolCount,
        teacherCount: input.teacherCount, drawnSchoolIds: picked.schools.map((s) => s.id), createdBy: actor.accountId,
      });
      const schoolPath = new Map(picked.schools.map((s) => [s.id, s.path]));
      picked.teachers.forEach((t, ordinal) => tx.create(SpotCheckItem, {
        spotCheck: check, ordinal, school: t.school, teacher: t, schoolScopePath: schoolPath.get(t.school.id)!, checkScopePath: check.scopePath,
      }));
      await tx.flush();
      await appendAudit(tx, [this.event(actor, 'spot_check.draw', check.id, {
        title, seed: check.seed, schoolCount: input.schoolCount, teacherCount: input.teacherCount,
        drawnSchools: picked.schools.length, drawnTeachers: picked.teachers.length, candidateSchools: candidates.length,
      })]);
      return check;
    });
  }

  async recordFinding(itemId: string, result: SpotCheckResult, findingText: string | null | undefined): Promise<SpotCheckItem> {
    const actor = requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'SpotCheckItem');
    return this.em.transactional(async (tx) => {
      const item = await tx.findOne(SpotCheckItem, { $and: [{ id: itemId }, scope] } as never).catch(() => null);
      if (!item) throw notFoundOrNoAccess();
      // The check row is locked so a finding cannot slip in while the check is being published.
      const check = await this.lockCheck(tx, item.spotCheck.id);
      if (!canOn(this.ctx.ability, 'update', 'SpotCheck', { authorityUnitId: check.authorityUnit.id, scopePath: check.scopePath })) throw new AppError('FORBIDDEN');
      if (check.status !== 'drawn') throw new AppError('SPOT_CHECK_PUBLISHED');
      if (!RESULTS.includes(result)) throw new AppError('VALIDATION_FAILED', { field: 'result' }, '请选择核查结论');
      const finding = findingText?.trim() || null;
      if (finding && finding.length > FINDING_MAX) throw new AppError('VALIDATION_FAILED', { field: 'finding', max: FINDING_MAX }, `核查意见不超过${FINDING_MAX}字`);
      if (result !== 'accurate' && !finding) throw new AppError('SPOT_CHECK_FINDING_REQUIRED', { field: 'finding' });
      Object.assign(item, { result, finding, checkedBy: actor.accountId, checkedAt: new Date() });
      await tx.flush();
      await appendAudit(tx, [this.event(actor, 'spot_check.finding', check.id, { itemId: item.id, teacherId: item.teacher.id, result })]);
      return item;
    });
  }

  async publish(id: string): Promise<SpotCheck> {
    const actor = requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'SpotCheck');
    return this.em.transactional(async (tx) => {
      const visible = await tx.count(SpotCheck, { $and: [{ id }, scope] } as never).catch(() => 0);
      if (!visible) throw notFoundOrNoAccess();
      const check = await this.lockCheck(tx, id);
      if (!canOn(this.ctx.ability, 'update', 'SpotCheck', { authorityUnitId: check.authorityUnit.id, scopePath: check.scopePath })) throw new AppError('FORBIDDEN');
      if (check.status !== 'drawn') throw new AppError('SPOT_CHECK_PUBLISHED');
      const rows = await tx.getConnection().execute<{ result: string; n: number }[]>(
        'select result, count(*)::int as n from spot_check_item where spot_check_id = ? group by result', [id], 'all', tx.getTransactionContext());
      const results = Object.fromEntries(rows.map((r) => [r.result, r.n]));
      if (results.pending) throw new AppError('SPOT_CHECK_INCOMPLETE', { pending: results.pending });
      Object.assign(check, { status: 'published', publishedBy: actor.accountId, publishedAt: new Date() });
      await tx.flush();
      // From now on the drawn schools' own users may read their items.
      await tx.nativeUpdate(SpotCheckItem, { spotCheck: id }, { checkStatus: 'published' });
      // Every inaccurate or missing finding becomes the drawn school's correction task.
      await tx.nativeUpdate(SpotCheckItem, { spotCheck: id, result: { $in: ['inaccurate', 'missing_data'] } }, { correction: 'open' });
      await noticePublished(tx, check);
      await tx.flush();
      await appendAudit(tx, [this.event(actor, 'spot_check.publish', check.id, { results, schools: check.drawnSchoolIds.length })]);
      return check;
    });
  }

  /**
   * 整改: the drawn school's information admin reports what it corrected for one finding; the
   * task is done, its notice closed, and the authority that drew the check is told.
   */
  async completeCorrection(itemId: string, noteText: string): Promise<SpotCheckItem> {
    const actor = requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'SpotCheckItem');
    const note = noteText?.trim();
    if (!note) throw new AppError('VALIDATION_FAILED', { field: 'note' }, '请说明整改情况');
    if (note.length > FINDING_MAX) throw new AppError('VALIDATION_FAILED', { field: 'note', max: FINDING_MAX }, `整改情况不超过${FINDING_MAX}字`);
    return this.em.transactional(async (tx) => {
      const item = await tx.findOne(SpotCheckItem, { $and: [{ id: itemId }, scope] } as never, { lockMode: LockMode.PESSIMISTIC_WRITE }).catch(() => null);
      if (!item) throw notFoundOrNoAccess();
      if (!canOn(this.ctx.ability, 'update', 'SpotCheckItem', { schoolScopePath: item.schoolScopePath, checkStatus: item.checkStatus })) throw new AppError('FORBIDDEN');
      if (item.correction !== 'open') throw new AppError('SPOT_CHECK_NO_CORRECTION', { correction: item.correction ?? null });
      Object.assign(item, { correction: 'done', correctionNote: note, correctedBy: actor.accountId, correctedAt: new Date() });
      await closeTaskNotices(tx, CORRECTION_TASK, 'SpotCheckItem', item.id);
      await noticeCorrected(tx, item);
      await tx.flush();
      await appendAudit(tx, [this.event(actor, 'spot_check.corrected', item.spotCheck.id, { itemId: item.id, teacherId: item.teacher.id })]);
      return item;
    });
  }

  /** Open correction tasks per check, for the checks' list (one query for all of them). */
  openCorrections(checkId: string): Promise<number> {
    const scope = scopeFilter(this.ctx.ability, 'read', 'SpotCheckItem');
    if (!scope) return Promise.resolve(0);
    return loader<number>(this.ctx, 'spotCheck.openCorrections', async (ids) => {
      const rows = await this.em.find(SpotCheckItem, { $and: [{ spotCheck: { $in: [...ids] } }, { correction: 'open' }, scope] } as never, { fields: ['id', 'spotCheck'] });
      const counts = new Map<string, number>();
      for (const r of rows) counts.set(r.spotCheck.id, (counts.get(r.spotCheck.id) ?? 0) + 1);
      return counts;
    }).load(checkId).then((n) => n ?? 0);
  }

  private async lockCheck(tx: EntityManager, id: string): Promise<SpotCheck> {
    return tx.findOneOrFail(SpotCheck, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
  }

  private event(actor: Actor, action: string, checkId: string, detail: Record<string, unknown>): AuditEvent {
    return actorEvent(this.ctx, { action, targetType: 'SpotCheck', targetId: checkId, detail });
  }
}
