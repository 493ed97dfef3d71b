import { Arg, Ctx, Field, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../platform/graphql/context.js';
import { RevocationService } from './revocation.js';

@ObjectType('CertificateRevocationList', { description: '已加载的证书吊销列表（CRL），每个签发CA一份' })
export class CertificateRevocationListGql {
  @Field({ description: '签发CA证书的SHA-256指纹' }) issuerFingerprint!: string;
  @Field({ description: '签发CA' }) issuerSubject!: string;
  @Field(() => String, { nullable: true, description: 'CRL编号' }) crlNumber!: string | null;
  @Field({ description: '本次更新时间' }) thisUpdate!: Date;
  @Field(() => Date, { nullable: true, description: '下次更新时间；过期后应及时加载新的CRL' }) nextUpdate!: Date | null;
  @Field(() => Int, { description: '吊销证书数' }) entries!: number;
  @Field({ description: '签名算法，如 SM2-with-SM3' }) signatureAlgorithm!: string;
  @Field({ description: '加载人' }) loadedBy!: string;
  @Field({ description: '加载时间' }) loadedAt!: Date;
}

@Resolver()
export class RevocationResolver {
  @Query(() => [CertificateRevocationListGql], { description: '已加载的证书吊销列表（安全管理员）' })
  async certificateRevocationLists(@Ctx() ctx: RequestContext): Promise<CertificateRevocationListGql[]> {
    return new RevocationService(ctx).list();
  }

  @Mutation(() => CertificateRevocationListGql, { description: '加载教育CA发布的证书吊销列表（PEM）；须由受信任的CA签发且比已加载的新（安全管理员）' })
  async loadCertificateRevocationList(@Arg('crlPem') crlPem: string, @Ctx() ctx: RequestContext): Promise<CertificateRevocationListGql> {
    return new RevocationService(ctx).load(crlPem);
  }
}
