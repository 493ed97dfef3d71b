import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { MigrationObject } from '@mikro-orm/core';
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Principal } from '@tmis/shared';
import type { Runtime } from '../runtime.js';
import type { JobQueue } from '../jobs/job-queue.js';
import type { RouteHandler } from '../http/server.js';
import type { RequestContext } from '../graphql/context.js';
import { repoRoot } from '../config.js';

/** CASL's `can`, typed for a module's own subject names (the core's union does not know them). */
export type ModuleCan = (action: string | string[], subject: string | string[], fieldsOrConditions?: string | string[] | Record<string, unknown>, conditions?: Record<string, unknown>) => unknown;

/** Adds a module's CASL rules for one principal (same builder as the core rules). */
export type AbilityContributor = (p: Principal, can: ModuleCan) => void;

/** What a module gets at start-up to register jobs and HTTP routes. */
export interface ModuleSetupApi {
  orm: MikroORM;
  runtime: Runtime;
  jobs: JobQueue;
  makeContext: (req: import('node:http').IncomingMessage) => Promise<RequestContext>;
  addRoute(route: RouteHandler): void;
}

/**
 * A province's gateway module (e.g. title evaluation, 职称评聘): its own tables, GraphQL
 * resolvers, CASL rules and migrations. Workflows are declared with `defineWorkflow` at import
 * time and their effects with `onApproved`/`onSettled`, exactly like core modules.
 */
export interface GatewayModule {
  /** Lower-case identifier, also the prefix of its migrations and tables, e.g. `title-evaluation`. */
  name: string;
  /** Chinese name shown to officials. */
  title: string;
  entities?: Function[];
  resolvers?: Function[];
  /** Applied after the core migrations, in order; names must start with the module's prefix. */
  migrations?: MigrationObject[];
  abilities?: AbilityContributor;
  setup?: (api: ModuleSetupApi) => void | Promise<void>;
}

const NAME = /^[a-z][a-z0-9-]{1,39}$/;

/** Migration-name prefix of a module: `title-evaluation` → `TitleEvaluation`. */
export function migrationPrefix(name: string): string {
  return name.split('-').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('');
}

/** Declares a gateway module; checks what can be checked before the gateway starts. */
export function defineGatewayModule(module: GatewayModule): GatewayModule {
  if (!NAME.test(module.name)) throw new Error(`module name "${module.name}" must match ${NAME}`);
  const prefix = migrationPrefix(module.name);
  for (const m of module.migrations ?? []) {
    if (!m.name.startsWith(prefix)) throw new Error(`module ${module.name}: migration ${m.name} must start with ${prefix}`);
  }
  return module;
}

export interface ModuleConfigEntry { name: string; entry: string; enabled?: boolean }

/** The module list of a province: `config/gateway-modules.<province>.json` (or TMIS_GATEWAY_MODULES). */
export function moduleConfigPath(provinceCode: string, file = process.env.TMIS_GATEWAY_MODULES): string {
  return file ? resolve(file) : resolve(repoRoot, `config/gateway-modules.${provinceCode}.json`);
}

/**
 * Imports the enabled modules named in the province's configuration. A module that cannot be
 * loaded stops the start with its name: running without a configured module would hide data.
 */
export async function loadGatewayModules(provinceCode: string, file?: string): Promise<GatewayModule[]> {
  const path = moduleConfigPath(provinceCode, file);
  if (!existsSync(path)) return [];
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as { modules?: ModuleConfigEntry[] };
  const out: GatewayModule[] = [];
  for (const e of (parsed.modules ?? []).filter((m) => m.enabled !== false)) {
    const entry = resolve(repoRoot, e.entry);
    if (!existsSync(entry)) throw new Error(`gateway module ${e.name}: ${entry} not found (build it with pnpm -r build)`);
    const mod = (await import(pathToFileURL(entry).href)) as { default?: GatewayModule; module?: GatewayModule };
    const m = mod.default ?? mod.module;
    if (!m || m.name !== e.name) throw new Error(`gateway module ${e.name}: ${e.entry} does not export defineGatewayModule({ name: '${e.name}' }) as default`);
    out.push(m);
  }
  return out;
}

/** Entities, resolvers and migrations of the core plus the modules, in a stable order. */
export function composeModules<T>(core: T[], modules: GatewayModule[], pick: (m: GatewayModule) => T[] | undefined): T[] {
  return [...core, ...modules.flatMap((m) => pick(m) ?? [])];
}

/** Tx-level helper type re-exported for modules. */
export type ModuleEntityManager = EntityManager;
