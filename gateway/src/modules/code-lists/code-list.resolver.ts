import { Arg, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { codeLists, getCodeList, type CodeListId } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { requirePrincipal } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';

@ObjectType('CodeItem')
class CodeItemGql {
  @Field() code: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) nameEn?: string | null;
  @Field(() => String, { nullable: true }) parent?: string | null;
  @Field({ defaultValue: false }) deprecated: boolean;
  @Field(() => GraphQLJSON, { nullable: true }) extra?: Record<string, string> | null;
}

@ObjectType('CodeList', { description: '代码表（版本化数据，供表单使用）' })
class CodeListGql {
  @Field() id: string;
  @Field() name: string;
  @Field() nameEn: string;
  @Field(() => String, { nullable: true }) standard?: string | null;
  @Field() version: string;
  @Field(() => [CodeItemGql]) items: CodeItemGql[];
}

const toGql = (id: string): CodeListGql => {
  const l = getCodeList(id as CodeListId);
  return {
    id, name: l.name, nameEn: l.nameEn, standard: l.standard ?? null, version: l.version,
    items: l.items.map((i) => ({ code: i.code, name: i.name, nameEn: i.nameEn ?? null, parent: i.parent ?? null, deprecated: Boolean(i.deprecated), extra: (i as { extra?: Record<string, string> }).extra ?? null })),
  };
};

@Resolver()
export class CodeListResolver {
  @Query(() => [CodeListGql], { description: '代码表；不传 ids 时返回全部' })
  codeLists(@Ctx() ctx: RequestContext, @Arg('ids', () => [String], { nullable: true }) ids?: string[]): CodeListGql[] {
    requirePrincipal(ctx);
    const all = Object.keys(codeLists);
    for (const id of ids ?? []) if (!all.includes(id)) throw new AppError('VALIDATION_FAILED', { field: 'ids', value: id }, `代码表不存在：${id}`);
    return (ids ?? all).map(toGql);
  }
}
