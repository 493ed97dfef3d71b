import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { AuthService, type LoginOutcome } from './auth.service.js';
import { LoginResult, LoginStatusGql } from './auth.types.js';

const toResult = (o: LoginOutcome): LoginResult => ({
  status: LoginStatusGql[o.status],
  token: o.token ?? null,
  expiresAt: o.expiresAt ?? null,
  challenge: o.challenge ?? null,
});

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginResult, { description: '用户名密码登录；信息管理员随后须完成CA证书登录' })
  async login(@Arg('username') username: string, @Arg('password') password: string, @Ctx() ctx: RequestContext): Promise<LoginResult> {
    return toResult(await new AuthService(ctx).login(username, password));
  }

  @Mutation(() => LoginResult, { description: '教育CA证书登录第二步：提交证书与对挑战的签名（base64）' })
  async completeCertificateLogin(
    @Arg('challengeId', () => ID) challengeId: string,
    @Arg('certificatePem') certificatePem: string,
    @Arg('signature') signature: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginResult> {
    return toResult(await new AuthService(ctx).completeCertificateLogin(challengeId, certificatePem, signature));
  }

  @Mutation(() => LoginResult, { description: '修改密码（首次登录必须修改）；成功后其他会话全部失效' })
  async changePassword(@Arg('currentPassword') currentPassword: string, @Arg('newPassword') newPassword: string, @Ctx() ctx: RequestContext): Promise<LoginResult> {
    return toResult(await new AuthService(ctx).changePassword(currentPassword, newPassword));
  }

  @Mutation(() => Boolean, { description: '退出登录，当前会话立即失效' })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    return new AuthService(ctx).logout();
  }
}
