import { effectScope } from 'vue';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  COLLAPSE_STORAGE_KEY,
  MOBILE_BREAKPOINT,
  MOBILE_QUERY,
  isMobileWidth,
  readCollapsed,
  useResponsiveLayout,
  writeCollapsed,
} from './responsive';

/** A window with a controllable width and a matchMedia that follows it (only MOBILE_QUERY). */
function fakeWindow(width: number, { withMatchMedia = true } = {}) {
  const mediaListeners = new Set<(e: MediaQueryListEvent) => void>();
  const resizeListeners = new Set<() => void>();
  const store = new Map<string, string>();
  const win = {
    innerWidth: width,
    localStorage: {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => void store.set(k, v),
    },
    addEventListener: (type: string, fn: () => void) => type === 'resize' && resizeListeners.add(fn),
    removeEventListener: (type: string, fn: () => void) => type === 'resize' && resizeListeners.delete(fn),
    matchMedia: withMatchMedia
      ? (query: string) => {
          expect(query).toBe(MOBILE_QUERY);
          return {
            get matches() {
              return isMobileWidth(win.innerWidth);
            },
            addEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => mediaListeners.add(fn),
            removeEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => mediaListeners.delete(fn),
          };
        }
      : undefined,
  };
  const resize = (next: number) => {
    win.innerWidth = next;
    for (const fn of mediaListeners) fn({ matches: isMobileWidth(next) } as MediaQueryListEvent);
    for (const fn of resizeListeners) fn();
  };
  return { win: win as unknown as Window, store, resize, listeners: () => mediaListeners.size + resizeListeners.size };
}

describe('breakpoint', () => {
  it('is a phone below 768 px, a desktop from 768 px', () => {
    expect(MOBILE_BREAKPOINT).toBe(768);
    expect(isMobileWidth(390)).toBe(true);
    expect(isMobileWidth(767)).toBe(true);
    expect(isMobileWidth(768)).toBe(false);
    expect(isMobileWidth(1440)).toBe(false);
  });
});

describe('collapse state storage', () => {
  beforeEach(() => localStorage.clear());

  it('defaults to expanded and reads back what was written', () => {
    expect(readCollapsed(localStorage)).toBe(false);
    writeCollapsed(localStorage, true);
    expect(localStorage.getItem(COLLAPSE_STORAGE_KEY)).toBe('1');
    expect(readCollapsed(localStorage)).toBe(true);
    writeCollapsed(localStorage, false);
    expect(localStorage.getItem(COLLAPSE_STORAGE_KEY)).toBe('0');
    expect(readCollapsed(localStorage)).toBe(false);
  });

  it('treats unknown values and a failing storage as expanded', () => {
    localStorage.setItem(COLLAPSE_STORAGE_KEY, 'yes');
    expect(readCollapsed(localStorage)).toBe(false);
    const broken = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    expect(readCollapsed(broken)).toBe(false);
    expect(() => writeCollapsed(broken, true)).not.toThrow();
    expect(readCollapsed(null)).toBe(false);
  });
});

describe('useResponsiveLayout', () => {
  it('starts in the layout of the viewport and follows it through matchMedia', () => {
    const { win, resize } = fakeWindow(390);
    const layout = useResponsiveLayout(win);
    expect(layout.isMobile.value).toBe(true);
    resize(1440);
    expect(layout.isMobile.value).toBe(false);
    resize(500);
    expect(layout.isMobile.value).toBe(true);
    layout.stop();
  });

  it('falls back to resize events without matchMedia', () => {
    const { win, resize } = fakeWindow(1440, { withMatchMedia: false });
    const layout = useResponsiveLayout(win);
    expect(layout.isMobile.value).toBe(false);
    resize(390);
    expect(layout.isMobile.value).toBe(true);
    layout.stop();
  });

  it('remembers the collapse state across instances (a reload)', () => {
    const { win, store } = fakeWindow(1440);
    const first = useResponsiveLayout(win);
    expect(first.collapsed.value).toBe(false);
    first.toggleCollapsed();
    expect(first.collapsed.value).toBe(true);
    expect(store.get(COLLAPSE_STORAGE_KEY)).toBe('1');
    first.stop();

    const reloaded = useResponsiveLayout(win);
    expect(reloaded.collapsed.value).toBe(true);
    reloaded.toggleCollapsed();
    expect(store.get(COLLAPSE_STORAGE_KEY)).toBe('0');
    expect(useResponsiveLayout(win).collapsed.value).toBe(false);
  });

  it('opens and closes the drawer, and closes it when the viewport grows to desktop', () => {
    const { win, resize } = fakeWindow(390);
    const layout = useResponsiveLayout(win);
    expect(layout.drawerOpen.value).toBe(false);
    layout.openDrawer();
    expect(layout.drawerOpen.value).toBe(true);
    layout.closeDrawer();
    expect(layout.drawerOpen.value).toBe(false);
    layout.openDrawer();
    resize(1024);
    expect(layout.drawerOpen.value).toBe(false);
    layout.stop();
  });

  it('stops listening when its scope is disposed', () => {
    const { win, listeners } = fakeWindow(390);
    const scope = effectScope();
    scope.run(() => useResponsiveLayout(win));
    expect(listeners()).toBe(1);
    scope.stop();
    expect(listeners()).toBe(0);
  });

  it('works with the real window (happy-dom)', () => {
    const layout = useResponsiveLayout();
    expect(layout.isMobile.value).toBe(isMobileWidth(window.innerWidth));
    layout.stop();
  });
});
