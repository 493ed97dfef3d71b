import { shallowRef } from 'vue';
import type { PortalModule } from '../auth/types';
import { builtinEntry, modulePath, moduleTitle } from './menu';

/**
 * The page frame's breadcrumbs: 首页 › the menu entry › the remote's current screen.
 * The menu is flat (no groups), so the trail is at most three deep. A remote names its screen
 * through the portal host (`setScreenTitle`), because only it knows its tabs and their labels.
 */

export interface Crumb {
  /** Visible text, in the UI language. */
  text: string;
  /** Where the crumb leads; null for the current page (the last crumb). */
  to: string | null;
}

/** What a remote last said about its screen; only shown while that remote's route is current. */
export interface ScreenTitle {
  module: string;
  title: string;
}

export const currentScreen = shallowRef<ScreenTitle | null>(null);

/** The host's `setScreenTitle`: a remote names its current screen, or clears it (null) when it unmounts. */
export function setScreenTitle(module: string, title: string | null): void {
  if (title) currentScreen.value = { module, title };
  // A remote that unmounts after the next one announced itself must not clear the newer title.
  else if (currentScreen.value?.module === module) currentScreen.value = null;
}

/** The parts of the current route the trail depends on. */
export interface CrumbRoute {
  meta: { menuKey?: string; titleKey?: string; portalModule?: PortalModule };
}

export function breadcrumbs(
  route: CrumbRoute,
  screen: ScreenTitle | null,
  t: (key: string) => string,
  locale: string,
): Crumb[] {
  const home: Crumb = { text: t('menu.home'), to: '/' };
  const module = route.meta.portalModule;
  if (module) {
    const entry: Crumb = { text: moduleTitle(module, locale), to: modulePath(module) };
    if (screen?.module !== module.name || !screen.title) return [home, { ...entry, to: null }];
    return [home, entry, { text: screen.title, to: null }];
  }
  const key = route.meta.menuKey;
  // A path no page matches (not found) still offers the way home.
  if (!key) return [home];
  if (key === 'home') return [{ ...home, to: null }];
  const titleKey = route.meta.titleKey ?? builtinEntry(key)?.titleKey;
  return titleKey ? [home, { text: t(titleKey), to: null }] : [{ ...home, to: null }];
}
