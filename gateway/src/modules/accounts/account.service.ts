import { randomInt } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { isRole, maskIdNumber, validateChineseIdCard, type Role } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { canOn, requireScope, scopeFilter } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { loader } from '../../platform/graphql/loaders.js';
import { UnitService } from '../units/unit.service.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { hashPassword } from '../../platform/auth/password.js';
import { revokedInChain } from '../../platform/auth/certificates/index.js';
import { Account } from './account.entity.js';
import { EMAIL_PATTERN, MOBILE_PATTERN, needsRealNameBinding, roleAllowedAtLevel, USERNAME_PATTERN } from './account-rules.js';
import type { CreateAccountInput } from './account.types.js';

/** A readable temporary password that satisfies the policy (upper, lower, digit, symbol). */
export function temporaryPassword(): string {
  const pick = (s: string, n: number): string => Array.from({ length: n }, () => s[randomInt(s.length)]).join('');
  return `${pick('ABCDEFGHJKLMNPQRSTUVWXYZ', 3)}${pick('abcdefghijkmnpqrstuvwxyz', 4)}${pick('23456789', 4)}${pick('!@#%*+-=', 1)}`;
}

export class AccountService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  actorEvent(action: string, targetId: string | null, detail?: Record<string, unknown>, outcome: AuditEvent['outcome'] = 'success'): AuditEvent {
    return actorEvent(this.ctx, { action, targetType: 'Account', targetId, detail, outcome });
  }

  async get(id: string): Promise<Account> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Account');
    const a = await this.em.findOne(Account, { $and: [{ id }, scope] } as never, { populate: ['unit'] }).catch(() => null);
    if (!a) throw notFoundOrNoAccess();
    return a;
  }

  /** Accounts the caller may read, batched per request (the holder of a change request); others are null. */
  readable(id: string): Promise<Account | null> {
    const scope = requireScope(this.ctx.ability, 'read', 'Account');
    return loader<Account>(this.ctx, 'account.readable', async (ids) => {
      const rows = await this.em.find(Account, { $and: [{ id: { $in: [...ids] } }, scope] } as never);
      return new Map(rows.map((a) => [a.id, a]));
    }).load(id);
  }

  async list(args: { unitId?: string | null; role?: string | null; status?: string | null; search?: string | null; first: number; offset: number }) {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'Account')];
    if (args.unitId) where.push({ unit: args.unitId });
    if (args.role) where.push({ role: args.role });
    if (args.status) where.push({ status: args.status });
    if (args.search?.trim()) {
      const s = args.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`);
      where.push({ $or: [{ username: { $ilike: `%${s}%` } }, { realName: { $ilike: `%${s}%` } }] });
    }
    const [nodes, totalCount] = await this.em.findAndCount(Account, { $and: where } as never, {
      orderBy: { scopePath: 'asc', role: 'asc', username: 'asc' }, limit: Math.min(Math.max(args.first, 1), 200), offset: Math.max(args.offset, 0),
    });
    return { nodes, totalCount };
  }

  async create(input: CreateAccountInput): Promise<{ account: Account; initialPassword: string }> {
    requireActor(this.ctx);
    // Access first: a caller with no account-creation rule at all is simply not allowed.
    if (scopeFilter(this.ctx.ability, 'create', 'Account') === null) throw new AppError('FORBIDDEN');
    if (!isRole(input.role)) throw new AppError('VALIDATION_FAILED', { field: 'role' }, '角色无效');
    const role: Role = input.role;
    const unit = await new UnitService(this.ctx).get(input.unitId);
    if (!roleAllowedAtLevel(role, unit.level)) throw new AppError('ROLE_NOT_ALLOWED', { role, level: unit.level });
    // The draft account must fall under one of the caller's `create Account` rules: that is
    // what keeps anybody from granting beyond their own scope.
    if (!canOn(this.ctx.ability, 'create', 'Account', { unitId: unit.id, role, scopePath: unit.path, unitLevel: unit.level })) {
      throw new AppError('ROLE_NOT_ALLOWED', { role, level: unit.level });
    }
    const realName = input.realName.trim();
    if (!realName || realName.length > 60) throw new AppError('VALIDATION_FAILED', { field: 'realName' }, '姓名不能为空且不超过60字');

    let teacher: Teacher | null = null;
    let idNumber: string | null = null;
    if (role === 'teacher') {
      ({ teacher, idNumber } = await this.matchTeacher(input, unit));
    } else {
      const id = validateChineseIdCard(input.idNumber ?? '');
      if (!id.ok) throw new AppError(id.code, { field: 'idNumber' });
      idNumber = id.normalized;
      if (needsRealNameBinding(role) && !MOBILE_PATTERN.test(input.phone ?? '')) throw new AppError('VALIDATION_FAILED', { field: 'phone' }, '手机号格式错误');
    }
    if (input.email && !EMAIL_PATTERN.test(input.email)) throw new AppError('VALIDATION_FAILED', { field: 'email' }, '电子邮箱格式错误');

    const username = (input.username?.trim() || (teacher ? teacher.teacherNo : '')).toLowerCase();
    if (!USERNAME_PATTERN.test(username)) throw new AppError('USERNAME_FORMAT');
    let fingerprint: string | null = null;
    if (input.certificatePem) fingerprint = await this.checkCertificate(input.certificatePem);

    const initialPassword = temporaryPassword();
    const fc = this.ctx.runtime.fieldCrypto;
    const account = this.em.create(Account, {
      username, realName, role, unit, scopePath: unit.path, unitLevel: unit.level, teacher,
      idNumberEnc: idNumber ? fc.encrypt(idNumber) : null, idNumberHash: idNumber ? fc.blindIndex(idNumber, 'account:id') : null,
      idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
      phone: input.phone ?? null, email: input.email ?? null, passwordHash: await hashPassword(initialPassword), mustChangePassword: true,
      certFingerprint: fingerprint, certStatus: fingerprint ? 'active' : 'none', createdBy: this.ctx.actor!.accountId,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(account);
      try {
        await tx.flush();
      } catch (e) {
        throw this.uniqueViolation(e, role);
      }
      await appendAudit(tx, [this.actorEvent('account.create', account.id, { username, role, unitId: unit.id, teacherId: teacher?.id ?? null })]);
    });
    return { account, initialPassword };
  }

  /** Maps unique-index violations to the rule they enforce. */
  uniqueViolation(e: unknown, role: Role): unknown {
    if (!(e instanceof UniqueConstraintViolationException)) return e;
    // The constraint name, not the message: the message quotes the INSERT, which names every column.
    const constraint = String((e as { constraint?: string }).constraint ?? '');
    if (constraint === 'account_one_per_unit') return new AppError('ROLE_LIMIT_REACHED', { role });
    if (constraint === 'account_username_unique') return new AppError('USERNAME_TAKEN');
    if (constraint === 'account_teacher_id_unique') return new AppError('TEACHER_ACCOUNT_EXISTS');
    if (constraint === 'account_cert_fingerprint_unique') return new AppError('VALIDATION_FAILED', { field: 'certificatePem' }, '该证书已绑定其他账号');
    return e;
  }

  /** Teacher accounts are made from four fields that must match a teacher of this unit. */
  private async matchTeacher(input: CreateAccountInput, unit: Unit): Promise<{ teacher: Teacher; idNumber: string }> {
    const id = validateChineseIdCard(input.idNumber ?? '', { gender: (input.gender ?? undefined) as never, birthDate: input.birthDate ?? undefined });
    if (!id.ok) throw new AppError(id.code, { field: 'idNumber' });
    const hashes = this.ctx.runtime.fieldCrypto.blindIndexes(id.normalized, 'doc:1');
    const teacher = await this.em.findOne(Teacher, { idNumberHash: { $in: hashes }, scopePath: { $like: `${unit.path}%` }, employmentStatus: { $ne: 'retired' } });
    if (!teacher || teacher.name !== input.realName.trim() || (input.gender && teacher.gender !== input.gender) || (input.birthDate && teacher.birthDate !== input.birthDate)) {
      throw new AppError('TEACHER_NOT_IN_UNIT');
    }
    return { teacher, idNumber: id.normalized };
  }

  /** A certificate to bind: it chains to the education CA and no loaded CRL lists it. */
  async checkCertificate(pem: string): Promise<string> {
    const r = this.ctx.runtime.certificateVerifier().verifyClientCertificate(pem);
    if (!r.ok) throw new AppError(r.code, { field: 'certificatePem' });
    if (await revokedInChain(this.em, r.chain)) throw new AppError('CERT_REVOKED', { field: 'certificatePem' });
    return r.fingerprint256;
  }

  async parentUnitId(unitId: string): Promise<string | null> {
    const u = await this.em.findOneOrFail(Unit, { id: unitId });
    return u.parent?.id ?? null;
  }
}
