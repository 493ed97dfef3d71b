import type { Component } from 'vue';
import { getInstance, init, loadRemote, registerRemotes } from '@module-federation/runtime';
import type { PortalModule } from '../auth/types';

export const HOST_NAME = 'tmis_shell';

/**
 * What a portal module's exposed module provides: a Vue component as its default export
 * (or as the module itself). It renders inside the shell's app, so `useRouter()`,
 * `useI18n()`, `useAbility()` and pinia stores are the shell's — shared as singletons.
 */
export type ExposedPortalModule = { default?: Component } & Record<string, unknown>;

export class RemoteLoadError extends Error {
  constructor(
    readonly moduleName: string,
    options?: { cause?: unknown },
  ) {
    super(`Portal module "${moduleName}" could not be loaded`, options);
    this.name = 'RemoteLoadError';
  }
}

const registered = new Map<string, string>();

function ensureRuntime(): void {
  // The federation plugin's host init creates the instance before main.ts runs; this only
  // matters where the plugin is absent (unit tests, a plain build).
  if (!getInstance()) init({ name: HOST_NAME, remotes: [] });
}

/** Vite remotes publish an ES module entry; a `.json` entry is an mf-manifest the runtime reads itself. */
function entryType(entry: string): string | undefined {
  return /\.json(\?|$)/.test(entry) ? undefined : 'module';
}

/** Registers manifest entries that are new or whose entry URL changed. */
export function registerPortalModules(modules: readonly PortalModule[]): void {
  const fresh = modules.filter((module) => registered.get(module.name) !== module.remoteEntry);
  if (fresh.length === 0) return;
  ensureRuntime();
  registerRemotes(
    fresh.map((module) => {
      const type = entryType(module.remoteEntry);
      return { name: module.name, entry: module.remoteEntry, ...(type ? { type } : {}) };
    }),
    { force: true },
  );
  for (const module of fresh) registered.set(module.name, module.remoteEntry);
}

/** `exposedModule: './App'` of remote `training` → `training/App`. */
export function remoteRequest(module: Pick<PortalModule, 'name' | 'exposedModule'>): string {
  const exposed = module.exposedModule.replace(/^\.\//, '');
  return `${module.name}/${exposed}`;
}

export async function loadPortalModule(module: PortalModule): Promise<Component> {
  registerPortalModules([module]);
  let exported: ExposedPortalModule | null;
  try {
    exported = await loadRemote<ExposedPortalModule>(remoteRequest(module));
  } catch (cause) {
    throw new RemoteLoadError(module.name, { cause });
  }
  const component = exported?.default ?? (exported as Component | null);
  if (!component) throw new RemoteLoadError(module.name);
  return component;
}
