import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

export enum LoginStatusGql {
  OK = 'OK',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  CERTIFICATE_REQUIRED = 'CERTIFICATE_REQUIRED',
}
registerEnumType(LoginStatusGql, { name: 'LoginStatus', description: '登录结果：成功 / 须修改密码 / 须使用CA证书' });

@ObjectType({ description: '教育CA证书登录挑战：客户端用证书私钥对 `TMIS-LOGIN|id|nonce` 签名' })
export class CertificateChallenge {
  @Field(() => ID) id: string;
  @Field() nonce: string;
  @Field() expiresAt: Date;
}

@ObjectType()
export class LoginResult {
  @Field(() => LoginStatusGql) status: LoginStatusGql;
  @Field(() => String, { nullable: true, description: 'Bearer token (also set as an HttpOnly cookie)' }) token?: string | null;
  @Field(() => Date, { nullable: true }) expiresAt?: Date | null;
  @Field(() => CertificateChallenge, { nullable: true }) challenge?: CertificateChallenge | null;
}
