import type { App } from 'vue';
import { getInstance, loadShare } from '@module-federation/runtime';
import { useElementMessage } from './notify';

/**
 * Element Plus (≈ 290 KB gzip of JavaScript, 48 KB of CSS) is not part of the login page: it is loaded and
 * installed when the user enters the authenticated layout (router/index.ts), before the layout
 * renders. The shell still provides the one copy every remote shares: it takes the library from
 * the federation share scope, where the shell itself is the provider, so remotes and shell get
 * the same module. The shell never imports `element-plus` by name (types aside): a bare import,
 * even a dynamic one, would make the federation plugin load it during the host's start-up,
 * before the login page paints.
 */
export type ElementPlusModule = typeof import('element-plus');

const SHARE_NAME = 'element-plus';

let app: App | null = null;
let loaded: ElementPlusModule | null = null;
let loading: Promise<ElementPlusModule> | null = null;

/** main.ts: the app that Element Plus is installed into once it has been loaded. */
export function useElementPlusIn(target: App): void {
  app = target;
  if (loaded) target.use(loaded.default);
}

async function fromShareScope(): Promise<ElementPlusModule> {
  if (!getInstance()) throw new Error('Module federation runtime is not initialised');
  const factory = await loadShare<ElementPlusModule>(SHARE_NAME);
  const lib = factory ? factory() : undefined;
  if (!lib) throw new Error(`Shared module "${SHARE_NAME}" is not provided`);
  return lib;
}

/**
 * Starts loading early, where the layout is the likely next page (sign-in submitted, or a session
 * already there on start), so that the download overlaps the sign-in round trips or the session
 * check. A failure is left to the layout route, which loads it again and reports it.
 */
export function preloadElementPlus(): void {
  installElementPlus().catch(() => undefined);
}

/**
 * Loads Element Plus and its styles and installs it (global components, v-loading, $message…).
 * Installing after mount is fine: globally registered components are looked up at render time.
 */
export function installElementPlus(): Promise<ElementPlusModule> {
  loading ??= (async () => {
    // Started first, so Element Plus' stylesheet precedes the layout's scoped styles.
    const styles = import('./element-plus-styles');
    const [lib] = await Promise.all([fromShareScope(), styles]);
    app?.use(lib.default);
    loaded = lib;
    useElementMessage(lib.ElMessage);
    return lib;
  })().catch((error: unknown) => {
    loading = null; // a failed download (network) may be retried by the next navigation
    throw error;
  });
  return loading;
}
