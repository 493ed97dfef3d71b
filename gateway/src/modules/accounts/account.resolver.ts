import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { packAbilityRules } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';
import { UnitGql } from '../units/unit.types.js';
import { toUnitGql } from '../units/unit.resolver.js';
import { UnitService } from '../units/unit.service.js';
import { Account } from './account.entity.js';
import { AccountService } from './account.service.js';
import { ChangeRequestService, type DecidedRequest } from './change-request.service.js';
import {
  AccountChangeInput, AccountChangeRequestGql, AccountChangeRequestPage, AccountGql, AccountPage, CreateAccountInput, CreatedAccount, MeGql,
} from './account.types.js';

export function toAccountGql(a: Account): AccountGql {
  return {
    id: a.id, username: a.username, realName: a.realName, idNumberMasked: a.idNumberMasked, phone: a.phone, email: a.email, role: a.role,
    unitId: a.unit.id, unitLevel: a.unitLevel, scopePath: a.scopePath, status: a.status, mustChangePassword: a.mustChangePassword, lockedUntil: a.lockedUntil,
    certStatus: a.certStatus, certFingerprint: a.certFingerprint, teacherId: a.teacher?.id ?? null, lastLoginAt: a.lastLoginAt, createdAt: a.createdAt,
  };
}

const toRequestGql = ({ request: r, temporaryPassword }: DecidedRequest): AccountChangeRequestGql => ({
  id: r.id, accountId: r.account.id, kind: r.kind, payload: r.kind === 'certificate_bind' ? { fingerprint: r.payload.fingerprint } : r.payload,
  reason: r.reason, status: r.status, managingUnitId: r.managingUnitId, requestedBy: r.requestedBy, decidedBy: r.decidedBy,
  decidedAt: r.decidedAt, decisionComment: r.decisionComment, createdAt: r.createdAt, temporaryPassword: temporaryPassword ?? null,
});

@Resolver(() => MeGql)
export class MeResolver {
  @Query(() => MeGql, { description: '当前登录用户' })
  async me(@Ctx() ctx: RequestContext): Promise<MeGql> {
    if (!ctx.principal || !ctx.sessionId) throw new AppError('UNAUTHENTICATED');
    const a = await ctx.em.findOneOrFail(Account, { id: ctx.principal.accountId });
    return {
      id: a.id, username: a.username, realName: a.realName, role: a.role, mustChangePassword: a.mustChangePassword,
      authMethod: ctx.authMethod ?? 'password', teacherId: a.teacher?.id ?? null, unitId: a.unit.id,
    };
  }

  @FieldResolver(() => UnitGql)
  async unit(@Root() me: MeGql, @Ctx() ctx: RequestContext): Promise<UnitGql> {
    // Your own unit is always visible to you, whatever your role's unit rules say.
    const u = await new UnitService(ctx).byId(me.unitId);
    return toUnitGql(u!);
  }

  @Query(() => GraphQLJSON, { description: '当前用户的CASL权限规则（packRules格式），门户据此显示菜单与按钮' })
  myAbilities(@Ctx() ctx: RequestContext): unknown {
    if (!ctx.principal) throw new AppError('UNAUTHENTICATED');
    return packAbilityRules(ctx.ability.rules as never);
  }
}

@Resolver(() => AccountGql)
export class AccountResolver {
  @Query(() => AccountPage, { description: '账号列表（限管理范围）' })
  async accounts(
    @Ctx() ctx: RequestContext,
    @Arg('unitId', () => ID, { nullable: true }) unitId?: string,
    @Arg('role', () => String, { nullable: true }) role?: string,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('search', () => String, { nullable: true }) search?: string,
    @Arg('first', () => Int, { defaultValue: 50 }) first = 50,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<AccountPage> {
    const page = await new AccountService(ctx).list({ unitId, role, status, search, first, offset });
    return { nodes: page.nodes.map(toAccountGql), totalCount: page.totalCount };
  }

  @FieldResolver(() => String, { nullable: true, description: '所在单位名称' })
  async unitName(@Root() a: AccountGql, @Ctx() ctx: RequestContext): Promise<string | null> {
    return (await new UnitService(ctx).byId(a.unitId))?.name ?? null;
  }

  @Query(() => AccountGql)
  async account(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<AccountGql> {
    return toAccountGql(await new AccountService(ctx).get(id));
  }

  @Mutation(() => CreatedAccount, { description: '新建账号（系统管理员：本单位账号及直属下级单位的系统管理员）' })
  async createAccount(@Arg('input') input: CreateAccountInput, @Ctx() ctx: RequestContext): Promise<CreatedAccount> {
    const { account, initialPassword } = await new AccountService(ctx).create(input);
    return { account: toAccountGql(account), initialPassword };
  }

  @Query(() => AccountChangeRequestPage, { description: '用户变更申请（本人提交的，以及待本单位审批的），分页并给出总数，最新在前' })
  async accountChangeRequestPage(
    @Ctx() ctx: RequestContext,
    @Arg('status', () => String, { nullable: true }) status?: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset = 0,
  ): Promise<AccountChangeRequestPage> {
    const page = await new ChangeRequestService(ctx).page(status ?? null, first, offset);
    return { nodes: page.nodes.map((request) => toRequestGql({ request })), totalCount: page.totalCount };
  }

  @Query(() => [AccountChangeRequestGql], {
    description: '用户变更申请，最新在前。至多 200 条，超过时报 LIST_TOO_LARGE；分页请用 accountChangeRequestPage',
    deprecationReason: '用 accountChangeRequestPage（分页、含总数）',
  })
  async accountChangeRequests(@Ctx() ctx: RequestContext, @Arg('status', () => String, { nullable: true }) status?: string): Promise<AccountChangeRequestGql[]> {
    const rows = await new ChangeRequestService(ctx).list(status);
    return rows.map((request) => toRequestGql({ request }));
  }

  @Mutation(() => AccountChangeRequestGql, { description: '提交用户变更申请；申请人即为管理单位系统管理员时直接生效' })
  async requestAccountChange(@Arg('input') input: AccountChangeInput, @Ctx() ctx: RequestContext): Promise<AccountChangeRequestGql> {
    return toRequestGql(await new ChangeRequestService(ctx).request(input));
  }

  @Mutation(() => AccountChangeRequestGql, { description: '审批用户变更申请' })
  async decideAccountChange(
    @Arg('id', () => ID) id: string,
    @Arg('approve') approve: boolean,
    @Ctx() ctx: RequestContext,
    @Arg('comment', () => String, { nullable: true }) comment?: string,
  ): Promise<AccountChangeRequestGql> {
    return toRequestGql(await new ChangeRequestService(ctx).decide(id, approve, comment ?? null));
  }

  @Mutation(() => Boolean, { description: '忘记密码：核对用户名与身份证号后提交重置申请，由管理单位审批' })
  async requestPasswordReset(@Arg('username') username: string, @Arg('idNumber') idNumber: string, @Ctx() ctx: RequestContext): Promise<boolean> {
    return new ChangeRequestService(ctx).requestPasswordReset(username, idNumber);
  }
}

@Resolver(() => AccountChangeRequestGql)
export class AccountChangeRequestResolver {
  @FieldResolver(() => AccountGql, { nullable: true, description: '申请涉及的账号（调用者可读时）' })
  async account(@Root() r: AccountChangeRequestGql, @Ctx() ctx: RequestContext): Promise<AccountGql | null> {
    const a = await new AccountService(ctx).readable(r.accountId);
    return a ? toAccountGql(a) : null;
  }
}
