import { getCurrentScope, onScopeDispose, ref, type Ref } from 'vue';
import { isMobileWidth, MOBILE_QUERY } from '@tmis/shared';

// The breakpoint is @tmis/shared's (layout.ts): the remotes' card lists switch at the same width.
export { isMobileWidth, MOBILE_BREAKPOINT, MOBILE_QUERY } from '@tmis/shared';

/** localStorage key of the desktop sidebar's collapse state ('1' collapsed, '0' expanded). */
export const COLLAPSE_STORAGE_KEY = 'tmis.sidebar.collapsed';

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The remembered collapse state; expanded when nothing (or something unreadable) is stored. */
export function readCollapsed(storage: KeyValueStorage | null | undefined): boolean {
  try {
    return storage?.getItem(COLLAPSE_STORAGE_KEY) === '1';
  } catch {
    return false; // storage denied (privacy mode): fall back to the default
  }
}

export function writeCollapsed(storage: KeyValueStorage | null | undefined, collapsed: boolean): void {
  try {
    storage?.setItem(COLLAPSE_STORAGE_KEY, collapsed ? '1' : '0');
  } catch {
    // storage full or denied: the state then lasts for this page only
  }
}

export interface ResponsiveLayout {
  /** The viewport is narrower than MOBILE_BREAKPOINT: drawer menu, compact header. */
  isMobile: Readonly<Ref<boolean>>;
  /** The desktop sidebar is collapsed (remembered in localStorage). */
  collapsed: Readonly<Ref<boolean>>;
  /** The phone drawer is open. */
  drawerOpen: Ref<boolean>;
  toggleCollapsed(): void;
  openDrawer(): void;
  closeDrawer(): void;
  /** Stops following the viewport (also done when the owning scope is disposed). */
  stop(): void;
}

function storageOf(win: Window | undefined): KeyValueStorage | null {
  try {
    return win?.localStorage ?? null;
  } catch {
    return null;
  }
}

/**
 * The signed-in frame's breakpoint and sidebar state. Follows the viewport through matchMedia
 * (resize events where it is missing); the drawer closes when the viewport grows to desktop size.
 */
export function useResponsiveLayout(win: Window | undefined = typeof window === 'undefined' ? undefined : window): ResponsiveLayout {
  const storage = storageOf(win);
  const isMobile = ref(win ? isMobileWidth(win.innerWidth) : false);
  const collapsed = ref(readCollapsed(storage));
  const drawerOpen = ref(false);

  function update(mobile: boolean): void {
    isMobile.value = mobile;
    if (!mobile) drawerOpen.value = false;
  }

  let stop = () => {};
  if (win) {
    const query = typeof win.matchMedia === 'function' ? win.matchMedia(MOBILE_QUERY) : null;
    if (query && typeof query.addEventListener === 'function') {
      const onChange = (event: MediaQueryListEvent) => update(event.matches);
      update(query.matches);
      query.addEventListener('change', onChange);
      stop = () => query.removeEventListener('change', onChange);
    } else {
      const onResize = () => update(isMobileWidth(win.innerWidth));
      win.addEventListener('resize', onResize);
      stop = () => win.removeEventListener('resize', onResize);
    }
  }
  if (getCurrentScope()) onScopeDispose(() => stop());

  return {
    isMobile,
    collapsed,
    drawerOpen,
    toggleCollapsed() {
      collapsed.value = !collapsed.value;
      writeCollapsed(storage, collapsed.value);
    },
    openDrawer() {
      drawerOpen.value = true;
    },
    closeDrawer() {
      drawerOpen.value = false;
    },
    stop: () => stop(),
  };
}
