import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import type { AppAbility } from '@tmis/shared';
import { repoRoot } from '../config.js';
import type { RequestContext } from '../graphql/context.js';
import { requirePrincipal } from '../graphql/context.js';

@ObjectType('PortalModule', { description: '门户远程模块（运行时清单）' })
export class PortalModule {
  @Field() name: string;
  @Field() title: string;
  @Field() titleEn: string;
  @Field() remoteEntry: string;
  @Field() exposedModule: string;
  @Field() routePath: string;
  @Field(() => String, { nullable: true }) icon?: string | null;
  @Field() requiredAction: string;
  @Field() requiredSubject: string;
  /** A remote that needs a province gateway module is offered only while that module is loaded. */
  @Field(() => String, { nullable: true }) gatewayModule?: string | null;
  /**
   * The approval-case types (workflow `type`) whose cases this remote's screens handle: the
   * home's 待我处理 links a waiting case to the remote that declares its type. The remote, not
   * the shell, knows its screens, so a province module declares its own here.
   */
  @Field(() => [String], { description: '本模块办理的审批事项类型（工作流 type），首页“待我处理”据此链接' }) caseTypes: string[];
}

/**
 * The enabled portal remotes of this deployment, read from `config/portal-modules.<province>.json`
 * (or TMIS_PORTAL_MODULES) on every call, so enabling a module needs no rebuild or restart.
 * A deployment without its own file gets `config/portal-modules.default.json`: the core remotes.
 */
export function loadPortalModules(provinceCode: string, file = process.env.TMIS_PORTAL_MODULES): PortalModule[] {
  const own = resolve(repoRoot, `config/portal-modules.${provinceCode}.json`);
  const path = file ? resolve(file) : existsSync(own) ? own : resolve(repoRoot, 'config/portal-modules.default.json');
  if (!existsSync(path)) return [];
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { modules?: (Omit<PortalModule, 'caseTypes'> & { caseTypes?: unknown; enabled?: boolean })[] };
  return (parsed.modules ?? [])
    .filter((m) => m.enabled !== false)
    .map((m) => ({ ...m, caseTypes: caseTypesOf(m.name, m.caseTypes) }));
}

/** An entry without `caseTypes` handles none; anything but a list of names is a configuration error. */
function caseTypesOf(name: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    throw new Error(`portal module ${name}: caseTypes must be a list of workflow types`);
  }
  return [...new Set(value as string[])];
}

const GATEWAY_REMOTE_ENTRY = /^\/remotes\/([a-z][a-z0-9_-]{0,40})\/remoteEntry\.js$/;

/**
 * The remotes this gateway serves at `/remotes/<folder>/`: those the manifest offers — enabled,
 * and with their gateway module loaded — by a `remoteEntry` on this gateway. A disabled or
 * unlisted remote's files are not served, not only left out of `portalModules`.
 */
export function servedRemoteFolders(modules: PortalModule[], loadedGatewayModules: readonly string[]): Set<string> {
  const loaded = new Set(loadedGatewayModules);
  const folders = new Set<string>();
  for (const m of modules) {
    const folder = GATEWAY_REMOTE_ENTRY.exec(m.remoteEntry ?? '')?.[1];
    if (folder && (!m.gatewayModule || loaded.has(m.gatewayModule))) folders.add(folder);
  }
  return folders;
}

export function visibleModules(modules: PortalModule[], ability: AppAbility): PortalModule[] {
  return modules.filter((m) => ability.can(m.requiredAction as never, m.requiredSubject as never));
}

@Resolver()
export class PortalModuleResolver {
  @Query(() => [PortalModule], { description: '当前用户可见的门户模块' })
  portalModules(@Ctx() ctx: RequestContext): PortalModule[] {
    requirePrincipal(ctx);
    const loaded = new Set(ctx.runtime.moduleNames);
    return visibleModules(loadPortalModules(ctx.runtime.config.provinceCode), ctx.ability).filter((m) => !m.gatewayModule || loaded.has(m.gatewayModule));
  }
}
