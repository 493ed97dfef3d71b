/** The screens of the title-evaluation module, relative to its mount path (the manifest's routePath). */
export type ScreenKey = 'rounds' | 'nominations' | 'review';

const TABLE: Record<string, ScreenKey> = { '': 'rounds', rounds: 'rounds', nominations: 'nominations', review: 'review' };

/** `subPath` as vue-router gives the shell's `:subPath(.*)*` param: an array, a string or nothing. */
export function segmentsOf(subPath: unknown): string[] {
  const raw = Array.isArray(subPath) ? subPath.join('/') : typeof subPath === 'string' ? subPath : '';
  return raw.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
}

export function matchScreen(subPath: unknown): ScreenKey | null {
  const segments = segmentsOf(subPath);
  if (segments.length > 1) return null;
  return TABLE[segments[0] ?? ''] ?? null;
}

/** The module's mount path from the manifest entry the shell put on the route (`/title-evaluation`). */
export function basePath(routePath: string | undefined): string {
  return `/${(routePath ?? 'title-evaluation').trim().replace(/^\/+|\/+$/g, '')}`;
}

export function screenPath(base: string, screen: ScreenKey): string {
  return screen === 'rounds' ? base : `${base}/${screen}`;
}
