import type { EntityManager } from '@mikro-orm/postgresql';
import { assertPath } from '@tmis/shared';
import { requireScope } from '../access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../audit/audit.service.js';
import { requirePrincipal, requireActor, type RequestContext } from '../graphql/context.js';
import { AppError, notFoundOrNoAccess } from '../graphql/errors.js';
import { overCap, pageWindow, withinCap, type ListCap } from '../graphql/paging.js';
import { ApprovalCase, ApprovalStep } from './approval.entity.js';
import { runApprovedHandlers, runSettledHandlers } from './approval-hooks.js';
import { Notification } from './notification.entity.js';
import { allWorkflows, getWorkflow, nextState, requiredRelations, type ApprovalAction, type WorkflowDefinition } from './workflow-definition.js';

export interface OpenCaseInput {
  type: string;
  subjectType: string;
  subjectId: string;
  /** relation → unit id, e.g. { receivingSchool, receivingAuthority, releasingSchool, releasingAuthority }. */
  parties: Record<string, string>;
  /** Unit paths of the parties (the caller knows its units; the platform does not read them). */
  partyPaths: string[];
  payload?: Record<string, unknown> | null;
}

export interface InboxItem { approvalCase: ApprovalCase; daysPending: number }
export interface Inbox { items: InboxItem[]; counts: { type: string; name: string; count: number }[] }

const DAY_MS = 86_400_000;

/** The unpaged `notifications` list (kept for API users): at most 200 notices, an error above. */
export const NOTIFICATIONS_CAP: ListCap = { cap: 200, paged: 'notificationPage' };
/** The items of `approvalInbox` (its counts are never capped): at most 500 cases, an error above. */
export const INBOX_CAP: ListCap = { cap: 500, paged: 'approvalInboxPage' };

/** The approval engine. Business modules open cases; people act on them through GraphQL. */
export class ApprovalService {
  constructor(private readonly ctx: RequestContext) {}

  /** The request this service acts for (resolvers batch their lookups per request). */
  get context(): RequestContext {
    return this.ctx;
  }

  /** Opens a case on behalf of the caller; the first step's post is notified. */
  async open(input: OpenCaseInput, tx?: EntityManager): Promise<ApprovalCase> {
    requirePrincipal(this.ctx);
    const actor = requireActor(this.ctx);
    const def = this.definition(input.type);
    for (const r of requiredRelations(def)) if (!input.parties[r]) throw new Error(`workflow ${def.type}: party ${r} missing`);
    const paths = [...new Set([...input.partyPaths, actor.scopePath])];
    paths.forEach(assertPath);
    const c = new ApprovalCase();
    Object.assign(c, {
      type: def.type, subjectType: input.subjectType, subjectId: input.subjectId, parties: { ...input.parties },
      partyPaths: paths.join(' '), initiatedBy: actor.accountId, initiatingUnitId: actor.unitId, payload: input.payload ?? null,
    });
    const write = async (em: EntityManager): Promise<void> => {
      // Ids, not relations, link these rows: flush the case first so its row exists for the FK.
      await em.persist(c).flush();
      await em.persist(this.notifyStep(def, c)).flush();
      await appendAudit(em, [actorEvent(this.ctx, { action: 'approval.open', targetType: 'ApprovalCase', targetId: c.id, detail: { type: c.type } })]);
    };
    // A business module may open the case inside its own transaction.
    if (tx) await write(tx);
    else await this.ctx.em.transactional(write);
    return c;
  }

  /** A case the caller may see, or NOT_FOUND_OR_NO_ACCESS — the scope is part of the SQL. */
  async get(id: string): Promise<ApprovalCase> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'ApprovalCase');
    const c = await this.ctx.em.findOne(ApprovalCase, { $and: [{ id }, scope] } as never, { refresh: true }).catch(() => null);
    if (!c) throw notFoundOrNoAccess();
    return c;
  }

  async steps(caseId: string): Promise<ApprovalStep[]> {
    return this.ctx.em.find(ApprovalStep, { caseId }, { orderBy: { at: 'asc', id: 'asc' } });
  }

  /**
   * Moves the case. The UPDATE is conditional on (id, version, status, current_step): of many
   * simultaneous actions exactly one wins; the others get WORKFLOW_CONFLICT and write nothing.
   */
  async act(caseId: string, action: ApprovalAction, comment?: string | null, expectedVersion?: number | null): Promise<ApprovalCase> {
    const principal = requirePrincipal(this.ctx);
    const c = await this.get(caseId);
    // The client acted on what it saw; if that is stale, someone else moved first.
    if (expectedVersion != null && expectedVersion !== c.version) throw new AppError('WORKFLOW_CONFLICT');
    const def = this.definition(c.type);
    const t = nextState(def, c, { action, comment, actor: { accountId: principal.accountId, unitId: principal.unitId, role: principal.role } });
    if (!t.ok) throw new AppError(t.code);
    const step = def.steps[c.currentStep]!;
    const from = { version: c.version, step: c.currentStep };
    await this.ctx.em.transactional(async (tx) => {
      const now = new Date();
      const moved = await tx.getConnection().execute<{ id: string }[]>(
        `update approval_case set status = ?, current_step = ?, version = version + 1, updated_at = ?
          where id = ? and version = ? and status = 'in_progress' and current_step = ? returning id`,
        [t.status, t.currentStep, now, c.id, from.version, from.step], 'all', tx.getTransactionContext());
      if (moved.length === 0) throw new AppError('WORKFLOW_CONFLICT');
      Object.assign(c, { status: t.status, currentStep: t.currentStep, version: from.version + 1, updatedAt: now });
      const row = new ApprovalStep();
      Object.assign(row, { caseId: c.id, stepIndex: from.step, stepKey: step.key, action, actorId: principal.accountId, actorUnitId: principal.unitId, comment: comment?.trim() || null, at: now });
      tx.persist(row);
      // The step is handled (or the case over): whoever of the post was told has nothing left to do.
      await tx.getConnection().execute(`update notification set done_at = ? where case_id = ? and kind = 'step_waiting' and done_at is null`,
        [now, c.id], 'run', tx.getTransactionContext());
      if (t.status === 'in_progress') tx.persist(this.notifyStep(def, c));
      await tx.flush();
      const outcome = t.status === 'approved' ? await runApprovedHandlers(tx, c, this.ctx) : {};
      if (t.status !== 'in_progress' && c.initiatedBy !== principal.accountId) {
        tx.persist(this.notifyInitiator(def, c, comment?.trim() || null, outcome.initiatorMessage));
        await tx.flush();
      }
      if (t.status !== 'in_progress') await runSettledHandlers(tx, c, { comment: comment?.trim() || null, ctx: this.ctx });
      await appendAudit(tx, [actorEvent(this.ctx, { action: `approval.${action}`, targetType: 'ApprovalCase', targetId: c.id, detail: { type: c.type, step: step.key, status: t.status } })]);
    });
    return c;
  }

  /**
   * Cancels an approved case whose effect is still ahead (a scheduled move), inside the business
   * module's transaction: only the information admin of the post named by `relation` may, with a
   * reason. The cancellation is a step of the case's history and the initiator is told.
   */
  async cancelApproved(tx: EntityManager, caseId: string, relation: string, reason: string): Promise<ApprovalCase> {
    const principal = requirePrincipal(this.ctx);
    const c = await this.get(caseId);
    if (c.status !== 'approved') throw new AppError('WORKFLOW_NOT_PENDING');
    if (principal.role !== 'info_admin' || c.parties[relation] !== principal.unitId) throw new AppError('WORKFLOW_NOT_YOUR_STEP');
    const why = reason.trim();
    if (!why) throw new AppError('WORKFLOW_REASON_REQUIRED');
    const def = this.definition(c.type);
    const now = new Date();
    const moved = await tx.getConnection().execute<{ id: string }[]>(
      `update approval_case set status = 'cancelled', version = version + 1, updated_at = ? where id = ? and status = 'approved' returning id`,
      [now, c.id], 'all', tx.getTransactionContext());
    if (moved.length === 0) throw new AppError('WORKFLOW_CONFLICT');
    Object.assign(c, { status: 'cancelled', version: c.version + 1, updatedAt: now });
    const row = new ApprovalStep();
    Object.assign(row, { caseId: c.id, stepIndex: c.currentStep, stepKey: relation, action: 'cancel', actorId: principal.accountId, actorUnitId: principal.unitId, comment: why, at: now });
    tx.persist(row);
    if (c.initiatedBy !== principal.accountId) tx.persist(this.notifyInitiator(def, c, why));
    await tx.flush();
    await appendAudit(tx, [actorEvent(this.ctx, { action: 'approval.cancel_approved', targetType: 'ApprovalCase', targetId: c.id, detail: { type: c.type, relation } })]);
    return c;
  }

  /**
   * Cases waiting for the caller's post (unit + role), oldest first: at most 500, refused above
   * (LIST_TOO_LARGE; approvalInboxPage pages them all).
   */
  async inboxItems(): Promise<InboxItem[]> {
    const where = this.inboxWhere();
    if (!where) return [];
    const rows = await this.ctx.em.getConnection().execute<{ id: string }[]>(
      `select id from approval_case where ${where.sql} order by updated_at, id limit ?`, [...where.params, INBOX_CAP.cap + 1]);
    return this.inboxItemsOf(withinCap(INBOX_CAP, rows).map((r) => r.id));
  }

  /** How many cases wait for the caller's post, per type: counted over all of them (never a capped list). */
  async inboxCounts(): Promise<Inbox['counts']> {
    const where = this.inboxWhere();
    if (!where) return [];
    const rows = await this.ctx.em.getConnection().execute<{ type: string; n: string }[]>(
      `select type, count(*) as n from approval_case where ${where.sql} group by type order by type`, where.params);
    return rows.map((r) => ({ type: r.type, name: getWorkflow(r.type)?.name ?? r.type, count: Number(r.n) }));
  }

  /**
   * A page of the cases waiting for the caller's post, oldest first (longest waiting), with the
   * total (issue 16.2); `types` keeps those of the given workflow types (a remote's own).
   */
  async inboxPage(types: string[] | null | undefined, first: number, offset: number): Promise<{ nodes: InboxItem[]; totalCount: number }> {
    const window = pageWindow(first, offset);
    const where = this.inboxWhere(types);
    if (!where) return { nodes: [], totalCount: 0 };
    const rows = await this.ctx.em.getConnection().execute<{ id: string; total: string }[]>(
      `select id, count(*) over () as total from approval_case where ${where.sql} order by updated_at, id limit ? offset ?`, [...where.params, window.limit, window.offset]);
    const totalCount = rows.length ? Number(rows[0]!.total)
      : Number((await this.ctx.em.getConnection().execute<{ n: string }[]>(`select count(*) as n from approval_case where ${where.sql}`, where.params))[0]!.n);
    return { nodes: await this.inboxItemsOf(rows.map((r) => r.id)), totalCount };
  }

  /** The SQL condition of "in progress, its current step is the caller's post" (null: the role acts on no step). */
  private inboxWhere(types?: string[] | null): { sql: string; params: unknown[] } | null {
    const p = requirePrincipal(this.ctx);
    const conds: string[] = [];
    const params: unknown[] = [];
    for (const def of allWorkflows()) {
      if (types && !types.includes(def.type)) continue;
      def.steps.forEach((s, i) => {
        if (s.actor.role !== p.role) return;
        conds.push(`(type = ? and current_step = ? and parties ->> ? = ?)`);
        params.push(def.type, i, s.actor.relation, p.unitId);
      });
    }
    return conds.length ? { sql: `status = 'in_progress' and (${conds.join(' or ')})`, params } : null;
  }

  private async inboxItemsOf(ids: string[]): Promise<InboxItem[]> {
    const cases = ids.length ? await this.ctx.em.find(ApprovalCase, { id: { $in: ids } }, { orderBy: { updatedAt: 'asc', id: 'asc' } }) : [];
    const now = Date.now();
    return cases.map((c) => ({ approvalCase: c, daysPending: Math.floor((now - c.updatedAt.getTime()) / DAY_MS) }));
  }

  /** The caller's notices, newest first: at most 200, refused above (LIST_TOO_LARGE; notificationPage lists them all). */
  async notifications(unreadOnly: boolean): Promise<Notification[]> {
    const rows = await this.ctx.em.find(Notification, this.noticeFilter(unreadOnly), { orderBy: { createdAt: 'desc', id: 'desc' }, ...overCap(NOTIFICATIONS_CAP) });
    return withinCap(NOTIFICATIONS_CAP, rows);
  }

  /** A page of the caller's notices, newest first, with the total (issue 16.2). */
  async notificationPage(unreadOnly: boolean, first: number, offset: number): Promise<{ nodes: Notification[]; totalCount: number }> {
    const window = pageWindow(first, offset);
    const [nodes, totalCount] = await this.ctx.em.findAndCount(Notification, this.noticeFilter(unreadOnly), { orderBy: { createdAt: 'desc', id: 'desc' }, ...window });
    return { nodes, totalCount };
  }

  /** How many of the caller's notices are unread and not done (the home's 未读通知), counted, not listed. */
  async unreadNotificationCount(): Promise<number> {
    return this.ctx.em.count(Notification, this.noticeFilter(true));
  }

  /** Notices addressed to the caller (own, or to the unit and role), unread ones not yet done with `unreadOnly`. */
  private noticeFilter(unreadOnly: boolean): never {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'Notification')];
    if (unreadOnly) where.push({ readAt: null, doneAt: null });
    return { $and: where } as never;
  }

  /** Marks read only notices addressed to the caller; others' ids are silently ignored. */
  async markNotificationsRead(ids: string[]): Promise<number> {
    requirePrincipal(this.ctx);
    if (ids.length === 0) return 0;
    const scope = requireScope(this.ctx.ability, 'read', 'Notification');
    return this.ctx.em.nativeUpdate(Notification, { $and: [{ id: { $in: ids } }, { readAt: null }, scope] } as never, { readAt: new Date() });
  }

  /** Marks every unread notice addressed to the caller read (全部标为已读, not only the page shown). */
  async markAllNotificationsRead(): Promise<number> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Notification');
    return this.ctx.em.nativeUpdate(Notification, { $and: [{ readAt: null }, scope] } as never, { readAt: new Date() });
  }

  private definition(type: string): WorkflowDefinition {
    const def = getWorkflow(type);
    if (!def) throw new AppError('WORKFLOW_UNKNOWN_TYPE', { type });
    return def;
  }

  private notifyStep(def: WorkflowDefinition, c: ApprovalCase): Notification {
    const step = def.steps[c.currentStep]!;
    const n = new Notification();
    Object.assign(n, { unitId: c.parties[step.actor.relation], role: step.actor.role, kind: 'step_waiting', caseId: c.id, message: `待办：${def.name}（${step.name}）` });
    return n;
  }

  private notifyInitiator(def: WorkflowDefinition, c: ApprovalCase, reason: string | null, message?: string): Notification {
    const label: Record<string, string> = { approved: '已审批通过', returned: '已被退回', withdrawn: '已撤回', cancelled: '已被撤销' };
    const n = new Notification();
    // The initiator sees why it was returned or cancelled without opening the case.
    const why = reason && (c.status === 'returned' || c.status === 'cancelled') ? `，原因：${reason}` : '';
    Object.assign(n, { accountId: c.initiatedBy, kind: `case_${c.status}`, caseId: c.id, message: message ?? `${def.name}${label[c.status] ?? ''}${why}` });
    return n;
  }
}

/**
 * Marks an approved case cancelled without an actor, when its effect could not happen on its day
 * (a scheduled move gone stale); the business row says why.
 */
export async function cancelApprovedBySystem(tx: EntityManager, caseId: string): Promise<void> {
  await tx.getConnection().execute(`update approval_case set status = 'cancelled', version = version + 1, updated_at = now() where id = ? and status = 'approved'`,
    [caseId], 'run', tx.getTransactionContext());
}
