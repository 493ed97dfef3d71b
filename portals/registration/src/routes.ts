/** The screens of the registration module, relative to its mount path (the manifest's routePath). */
export type ScreenKey = 'home' | 'due' | 'teacher' | 'review' | 'batch';

export interface ScreenMatch {
  screen: ScreenKey;
  params: Record<string, string>;
}

const TABLE: { screen: ScreenKey; pattern: string[] }[] = [
  { screen: 'home', pattern: [] },
  { screen: 'due', pattern: ['due'] },
  { screen: 'teacher', pattern: ['teachers', ':teacherId'] },
  { screen: 'review', pattern: ['review'] },
  { screen: 'batch', pattern: ['batches', ':batchId'] },
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

/** The module's mount path from the manifest entry the shell put on the route (`/registration`). */
export function basePath(routePath: string | undefined): string {
  return `/${(routePath ?? 'registration').trim().replace(/^\/+|\/+$/g, '')}`;
}

export function screenPath(base: string, screen: ScreenKey, params: Record<string, string> = {}): string {
  switch (screen) {
    case 'home':
      return base;
    case 'teacher':
      return `${base}/teachers/${encodeURIComponent(params.teacherId ?? '')}`;
    case 'batch':
      return `${base}/batches/${encodeURIComponent(params.batchId ?? '')}`;
    default:
      return `${base}/${screen}`;
  }
}
