import type { Component } from 'vue';

/** The screens of the records module, relative to its mount path (the manifest's routePath). */
export type ScreenKey = 'search' | 'archive' | 'review' | 'changes' | 'import';

export interface ScreenMatch {
  screen: ScreenKey;
  params: Record<string, string>;
}

interface ScreenRoute {
  screen: ScreenKey;
  /** Segments; `:name` captures one. */
  pattern: string[];
}

const TABLE: ScreenRoute[] = [
  { screen: 'search', pattern: [] },
  { screen: 'search', pattern: ['teachers'] },
  { screen: 'archive', pattern: ['teachers', ':teacherId'] },
  { screen: 'review', pattern: ['review'] },
  { screen: 'changes', pattern: ['changes'] },
  { screen: 'import', pattern: ['import'] },
];

/** `subPath` as vue-router gives the shell's `:subPath(.*)*` param: an array, a string or nothing. */
export function segmentsOf(subPath: unknown): string[] {
  const raw = Array.isArray(subPath) ? subPath.join('/') : typeof subPath === 'string' ? subPath : '';
  return raw.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
}

export function matchScreen(subPath: unknown): ScreenMatch | null {
  const segments = segmentsOf(subPath);
  for (const route of TABLE) {
    if (route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.pattern.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = segments[i]!), true) : p === segments[i]));
    if (ok) return { screen: route.screen, params };
  }
  return null;
}

/** The module's mount path from the manifest entry the shell put on the route (`/records`). */
export function basePath(routePath: string | undefined): string {
  return `/${(routePath ?? 'records').trim().replace(/^\/+|\/+$/g, '')}`;
}

export function screenPath(base: string, screen: ScreenKey, params: Record<string, string> = {}): string {
  switch (screen) {
    case 'search':
      return base;
    case 'archive':
      return `${base}/teachers/${encodeURIComponent(params.teacherId ?? '')}`;
    default:
      return `${base}/${screen}`;
  }
}

export type ScreenComponents = Record<ScreenKey, () => Promise<{ default: Component }>>;
