import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';

@ObjectType('Account', { description: '用户账号（实名制）' })
export class AccountGql {
  @Field(() => ID) id: string;
  @Field() username: string;
  @Field() realName: string;
  @Field(() => String, { nullable: true, description: '身份证号（脱敏）' }) idNumberMasked?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field() role: string;
  @Field(() => ID) unitId: string;
  @Field() unitLevel: string;
  @Field({ description: '所在单位的物化路径（门户按共享的CASL规则判断可做的操作）' }) scopePath: string;
  @Field() status: string;
  @Field() mustChangePassword: boolean;
  @Field(() => Date, { nullable: true }) lockedUntil?: Date | null;
  @Field({ description: 'none | active | frozen | revoked' }) certStatus: string;
  @Field(() => String, { nullable: true, description: '绑定的CA证书SHA-256指纹' }) certFingerprint?: string | null;
  @Field(() => ID, { nullable: true }) teacherId?: string | null;
  @Field(() => Date, { nullable: true }) lastLoginAt?: Date | null;
  @Field() createdAt: Date;
}

@ObjectType()
export class AccountPage {
  @Field(() => [AccountGql]) nodes: AccountGql[];
  @Field(() => Int) totalCount: number;
}

@ObjectType({ description: '新建账号结果：初始密码只显示这一次，首次登录须修改' })
export class CreatedAccount {
  @Field(() => AccountGql) account: AccountGql;
  @Field() initialPassword: string;
}

@InputType({ description: '新建账号（实名制：姓名、身份证号、手机号必填；教师账号由档案中的四项信息核对）' })
export class CreateAccountInput {
  @Field(() => ID) unitId: string;
  @Field() role: string;
  @Field(() => String, { nullable: true, description: '默认：教师账号用教师个人标识码' }) username?: string | null;
  @Field() realName: string;
  @Field(() => String, { nullable: true, description: '居民身份证号' }) idNumber?: string | null;
  @Field(() => String, { nullable: true }) phone?: string | null;
  @Field(() => String, { nullable: true }) email?: string | null;
  @Field(() => String, { nullable: true, description: '教师账号：性别' }) gender?: string | null;
  @Field(() => String, { nullable: true, description: '教师账号：出生日期' }) birthDate?: string | null;
  @Field(() => String, { nullable: true, description: '信息管理员：教育CA证书（PEM）' }) certificatePem?: string | null;
}

@ObjectType('AccountChangeRequest', { description: '用户变更申请' })
export class AccountChangeRequestGql {
  @Field(() => ID) id: string;
  @Field(() => ID) accountId: string;
  @Field() kind: string;
  @Field(() => GraphQLJSON) payload: Record<string, unknown>;
  @Field(() => String, { nullable: true }) reason?: string | null;
  @Field() status: string;
  @Field(() => ID) managingUnitId: string;
  @Field(() => ID, { nullable: true }) requestedBy?: string | null;
  @Field(() => ID, { nullable: true }) decidedBy?: string | null;
  @Field(() => Date, { nullable: true }) decidedAt?: Date | null;
  @Field(() => String, { nullable: true }) decisionComment?: string | null;
  @Field() createdAt: Date;
  @Field(() => String, { nullable: true, description: '密码重置获批时生成的临时密码，仅返回给审批人一次' }) temporaryPassword?: string | null;
}

@ObjectType({ description: '用户变更申请的一页及总数' })
export class AccountChangeRequestPage {
  @Field(() => [AccountChangeRequestGql]) nodes: AccountChangeRequestGql[];
  @Field(() => Int) totalCount: number;
}

@InputType()
export class AccountChangeInput {
  @Field(() => ID) accountId: string;
  @Field({ description: 'info_change | disable | restore | unlock | password_reset | certificate_freeze | certificate_revoke | certificate_bind' }) kind: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'info_change: {realName?, phone?, email?}; certificate_bind: {certificatePem}' }) payload?: Record<string, unknown> | null;
  @Field(() => String, { nullable: true }) reason?: string | null;
}

@ObjectType('Me')
export class MeGql {
  @Field(() => ID) id: string;
  @Field() username: string;
  @Field() realName: string;
  @Field() role: string;
  @Field() mustChangePassword: boolean;
  @Field({ description: 'password | password+certificate' }) authMethod: string;
  @Field(() => ID, { nullable: true }) teacherId?: string | null;
  @Field(() => ID) unitId: string;
}
