/** The screens of the training module, relative to its mount path (the manifest's routePath). */
export type ScreenKey = 'home' | 'projects' | 'project' | 'credits' | 'teacherCredits' | 'completion' | 'rules' | 'approvals';

export interface ScreenMatch {
  screen: ScreenKey;
  params: Record<string, string>;
}

const TABLE: { screen: ScreenKey; pattern: string[] }[] = [
  { screen: 'home', pattern: [] },
  { screen: 'projects', pattern: ['projects'] },
  { screen: 'project', pattern: ['projects', ':projectId'] },
  { screen: 'credits', pattern: ['credits'] },
  { screen: 'teacherCredits', pattern: ['credits', ':teacherId'] },
  { screen: 'completion', pattern: ['completion'] },
  { screen: 'rules', pattern: ['rules'] },
  { screen: 'approvals', pattern: ['approvals'] },
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

/** The module's mount path from the manifest entry the shell put on the route (`/training`). */
export function basePath(routePath: string | undefined): string {
  return `/${(routePath ?? 'training').trim().replace(/^\/+|\/+$/g, '')}`;
}

export function screenPath(base: string, screen: ScreenKey, params: Record<string, string> = {}): string {
  switch (screen) {
    case 'home':
      return base;
    case 'project':
      return `${base}/projects/${encodeURIComponent(params.projectId ?? '')}`;
    case 'teacherCredits':
      return `${base}/credits/${encodeURIComponent(params.teacherId ?? '')}`;
    default:
      return `${base}/${screen}`;
  }
}
