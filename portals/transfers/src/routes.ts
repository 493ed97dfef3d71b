/** The screens of the transfers module, relative to its mount path (the manifest's routePath). */
export type ScreenKey = 'list' | 'detail' | 'new' | 'interprovincial' | 'inbox' | 'notifications';

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
  { screen: 'list', pattern: [] },
  { screen: 'detail', pattern: [':transferId'] },
  { screen: 'new', pattern: ['new'] },
  { screen: 'interprovincial', pattern: ['interprovincial'] },
  { screen: 'inbox', pattern: ['inbox'] },
  { screen: 'notifications', pattern: ['notifications'] },
];

/** `subPath` as vue-router gives the shell's `:subPath(.*)*` param: an array, a string or nothing. */
export function segmentsOf(subPath: unknown): string[] {
  const raw = Array.isArray(subPath) ? subPath.join('/') : typeof subPath === 'string' ? subPath : '';
  return raw.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
}

/** Fixed names win over `:transferId` (the table is tried in order, literal routes first). */
export function matchScreen(subPath: unknown): ScreenMatch | null {
  const segments = segmentsOf(subPath);
  const ordered = [...TABLE].sort((a, b) => Number(a.pattern.some((p) => p.startsWith(':'))) - Number(b.pattern.some((p) => p.startsWith(':'))));
  for (const route of ordered) {
    if (route.pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const ok = route.pattern.every((p, i) => (p.startsWith(':') ? ((params[p.slice(1)] = segments[i]!), true) : p === segments[i]));
    if (ok) return { screen: route.screen, params };
  }
  return null;
}

/** The module's mount path from the manifest entry the shell put on the route (`/transfers`). */
export function basePath(routePath: string | undefined): string {
  return `/${(routePath ?? 'transfers').trim().replace(/^\/+|\/+$/g, '')}`;
}

export function screenPath(base: string, screen: ScreenKey, params: Record<string, string> = {}): string {
  switch (screen) {
    case 'list':
      return base;
    case 'detail':
      return `${base}/${encodeURIComponent(params.transferId ?? '')}`;
    default:
      return `${base}/${screen}`;
  }
}
