import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, type RequestContext } from '../../platform/graphql/context.js';
import { pageWindow, withinCap, type ListCap } from '../../platform/graphql/paging.js';
import { canOn, requireScope } from '../../platform/access/casl-to-filter.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { hashPassword } from '../../platform/auth/password.js';
import { forgetFailures, LOGIN_RULES, PASSWORD_RESET_RULE, recordFailure, throttledFor } from '../../platform/auth/throttle.js';
import { Account, PASSWORD_HISTORY } from './account.entity.js';
import { AccountChangeRequest, type ChangeRequestKind } from './account-change-request.entity.js';
import { AccountService, temporaryPassword } from './account.service.js';
import { EMAIL_PATTERN, managingUnitId, MOBILE_PATTERN } from './account-rules.js';
import type { AccountChangeInput } from './account.types.js';

/** The unpaged `accountChangeRequests` (kept for API users): at most 200 rows, an error above (LIST_TOO_LARGE). */
export const CHANGE_REQUESTS_CAP: ListCap = { cap: 200, paged: 'accountChangeRequestPage' };

const KINDS: readonly ChangeRequestKind[] = ['info_change', 'disable', 'restore', 'unlock', 'password_reset', 'certificate_freeze', 'certificate_revoke', 'certificate_bind'];

export interface DecidedRequest {
  request: AccountChangeRequest;
  /** Only for an approved password reset, shown once to the approver. */
  temporaryPassword?: string;
}

/**
 * 用户变更申请. Anyone may file for their own account, staff for accounts of their unit; the
 * system admin of the managing unit decides. When the filer is that admin, the request is
 * recorded and applied at once, so every change leaves the same trail.
 */
export class ChangeRequestService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  /** Newest first, for clients of the list query: at most 200, refused above (LIST_TOO_LARGE); the portal pages with `page`. */
  async list(status?: string | null): Promise<AccountChangeRequest[]> {
    const page = await this.page(status ?? null, CHANGE_REQUESTS_CAP.cap, 0);
    return withinCap(CHANGE_REQUESTS_CAP, page.nodes, page.totalCount);
  }

  /** A page of the requests in scope, newest first, and how many there are (nothing cut off). */
  async page(status: string | null, first: number, offset: number): Promise<{ nodes: AccountChangeRequest[]; totalCount: number }> {
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'AccountChangeRequest')];
    if (status) where.push({ status });
    const [nodes, totalCount] = await this.em.findAndCount(AccountChangeRequest, { $and: where } as never,
      { orderBy: { createdAt: 'desc', id: 'desc' }, ...pageWindow(first, offset) });
    return { nodes, totalCount };
  }

  async request(input: AccountChangeInput): Promise<DecidedRequest> {
    const actor = requireActor(this.ctx);
    if (!(KINDS as readonly string[]).includes(input.kind)) throw new AppError('CHANGE_REQUEST_INVALID', { field: 'kind' });
    const target = await this.em.findOne(Account, { id: input.accountId }, { populate: ['unit'] }).catch(() => null);
    if (!target) throw notFoundOrNoAccess();
    const draft = {
      accountId: target.id, unitId: target.unit.id, kind: input.kind,
      managingUnitId: managingUnitId({ role: target.role, unitLevel: target.unitLevel, unitId: target.unit.id, parentUnitId: target.unit.parent?.id ?? null }),
    };
    // Same answer for "no such account" and "not yours to ask about".
    if (!canOn(this.ctx.ability, 'create', 'AccountChangeRequest', draft)) throw notFoundOrNoAccess();
    const payload = await this.validatePayload(input.kind as ChangeRequestKind, input.payload ?? {});
    const req = this.em.create(AccountChangeRequest, {
      account: target, managingUnitId: draft.managingUnitId, unitId: draft.unitId, kind: input.kind as ChangeRequestKind,
      payload, reason: input.reason ?? null, requestedBy: actor.accountId,
    });
    await this.em.flush();
    await appendAudit(this.em, [new AccountService(this.ctx).actorEvent('account.change_requested', target.id, { requestId: req.id, kind: req.kind })]);
    if (canOn(this.ctx.ability, 'approve', 'AccountChangeRequest', req)) return this.apply(req, null);
    return { request: req };
  }

  /** Unauthenticated "forgot password": files a reset only when username and ID number match; always answers true. */
  async requestPasswordReset(username: string, idNumber: string): Promise<boolean> {
    // Anonymous and audited: one address may ask only so often (progressive delay, shared by every process).
    const address = [{ rule: PASSWORD_RESET_RULE, key: this.ctx.ip ?? 'unknown' }];
    const wait = await throttledFor(this.em, address);
    if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfter: wait }, `请求过于频繁，请于${wait}秒后再试`);
    await recordFailure(this.em, address);
    const account = await this.em.findOne(Account, { username: username.trim().toLowerCase() }, { populate: ['unit'] });
    const hashes = this.ctx.runtime.fieldCrypto.blindIndexes(idNumber.trim().toUpperCase(), 'account:id');
    const matches = hashes.some((h) => account?.idNumberHash?.equals(h));
    if (account && matches) {
      this.em.create(AccountChangeRequest, {
        account, kind: 'password_reset', unitId: account.unit.id,
        managingUnitId: managingUnitId({ role: account.role, unitLevel: account.unitLevel, unitId: account.unit.id, parentUnitId: account.unit.parent?.id ?? null }),
        reason: '本人申请重置密码', requestedBy: account.id,
      });
      await this.em.flush();
    }
    await appendAudit(this.em, [{ action: 'account.password_reset_requested', outcome: matches ? 'success' : 'failure', targetType: 'Account', targetId: matches ? account!.id : null, ip: this.ctx.ip, detail: { username } }]);
    return true;
  }

  async decide(id: string, approve: boolean, comment: string | null): Promise<DecidedRequest> {
    const actor = requireActor(this.ctx);
    const scope = requireScope(this.ctx.ability, 'approve', 'AccountChangeRequest');
    const req = await this.em.findOne(AccountChangeRequest, { $and: [{ id }, scope] } as never, { populate: ['account', 'account.unit'] }).catch(() => null);
    if (!req) throw notFoundOrNoAccess();
    if (req.status !== 'pending') throw new AppError('CHANGE_REQUEST_NOT_PENDING');
    if (req.requestedBy === actor.accountId) throw new AppError('CHANGE_REQUEST_SELF_APPROVAL');
    if (!approve) {
      Object.assign(req, { status: 'rejected', decidedBy: actor.accountId, decidedAt: new Date(), decisionComment: comment });
      await this.em.flush();
      await appendAudit(this.em, [new AccountService(this.ctx).actorEvent('account.change_rejected', req.account.id, { requestId: req.id, kind: req.kind })]);
      return { request: req };
    }
    return this.apply(req, comment);
  }

  private async validatePayload(kind: ChangeRequestKind, payload: Record<string, unknown>): Promise<Record<string, unknown>> {
    if (kind === 'info_change') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(payload)) {
        if (!['realName', 'phone', 'email'].includes(k) || typeof v !== 'string') throw new AppError('CHANGE_REQUEST_INVALID', { field: k });
        if (k === 'phone' && !MOBILE_PATTERN.test(v)) throw new AppError('VALIDATION_FAILED', { field: 'phone' }, '手机号格式错误');
        if (k === 'email' && !EMAIL_PATTERN.test(v)) throw new AppError('VALIDATION_FAILED', { field: 'email' }, '电子邮箱格式错误');
        if (k === 'realName' && (!v.trim() || v.length > 60)) throw new AppError('VALIDATION_FAILED', { field: 'realName' });
        out[k] = v.trim();
      }
      if (Object.keys(out).length === 0) throw new AppError('CHANGE_REQUEST_INVALID');
      return out;
    }
    if (kind === 'certificate_bind') {
      if (typeof payload.certificatePem !== 'string') throw new AppError('CHANGE_REQUEST_INVALID', { field: 'certificatePem' });
      return { certificatePem: payload.certificatePem, fingerprint: await new AccountService(this.ctx).checkCertificate(payload.certificatePem) };
    }
    return {};
  }

  private async apply(req: AccountChangeRequest, comment: string | null): Promise<DecidedRequest> {
    const actor = requireActor(this.ctx);
    let temp: string | undefined;
    await this.em.transactional(async (tx) => {
      const a = await tx.findOneOrFail(Account, { id: req.account.id });
      // Sessions by table name: the auth module builds on accounts, not the other way round.
      const endSessions = (): Promise<unknown> => tx.getConnection().execute(
        'update session set revoked_at = now() where account_id = ? and revoked_at is null', [a.id], 'run', tx.getTransactionContext());
      switch (req.kind) {
        case 'info_change':
          Object.assign(a, req.payload);
          break;
        case 'disable':
          a.status = 'disabled';
          await endSessions();
          break;
        case 'restore':
          a.status = 'active';
          break;
        case 'unlock':
          a.lockedUntil = null;
          a.failedLoginCount = 0;
          await forgetFailures(tx, [{ rule: LOGIN_RULES.account, key: a.username }]);
          break;
        case 'password_reset': {
          temp = temporaryPassword();
          // The old password joins the history, so the change after the reset cannot go back to it.
          const [old] = await tx.getConnection().execute<{ password_hash: string }[]>('select password_hash from account where id = ?', [a.id], 'all', tx.getTransactionContext());
          await tx.populate(a, ['passwordHistory']);
          a.passwordHistory = [old!.password_hash, ...a.passwordHistory].slice(0, PASSWORD_HISTORY);
          a.passwordHash = await hashPassword(temp);
          a.mustChangePassword = true;
          a.lockedUntil = null;
          a.failedLoginCount = 0;
          await endSessions();
          break;
        }
        case 'certificate_freeze':
          a.certStatus = 'frozen';
          await endSessions();
          break;
        case 'certificate_revoke':
          a.certStatus = 'revoked';
          await endSessions();
          break;
        case 'certificate_bind':
          a.certFingerprint = String(req.payload.fingerprint);
          a.certStatus = 'active';
          break;
        default: {
          const k: never = req.kind;
          throw new AppError('CHANGE_REQUEST_INVALID', { kind: k });
        }
      }
      const r = await tx.findOneOrFail(AccountChangeRequest, { id: req.id });
      Object.assign(r, { status: 'approved', decidedBy: actor.accountId, decidedAt: new Date(), decisionComment: comment });
      try {
        await tx.flush();
      } catch (e) {
        throw new AccountService(this.ctx).uniqueViolation(e, a.role);
      }
      await appendAudit(tx, [new AccountService(this.ctx).actorEvent('account.change_applied', a.id, { requestId: req.id, kind: req.kind })]);
      Object.assign(req, r);
    });
    return { request: req, temporaryPassword: temp };
  }
}
