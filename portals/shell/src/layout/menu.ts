import type { AppAbility } from '../auth/ability';
import type { PortalModule } from '../auth/types';

/** A page the shell itself provides; `allowed` mirrors the server's rules for that page. */
export interface BuiltinEntry {
  key: string;
  path: string;
  titleKey: string;
  icon: string;
  allowed: (ability: AppAbility) => boolean;
  /** A page the gateway serves outside the shell (e.g. GraphiQL): opened in a new tab, not routed. */
  external?: boolean;
}

export const BUILTIN_ENTRIES: readonly BuiltinEntry[] = [
  { key: 'home', path: '/', titleKey: 'menu.home', icon: 'House', allowed: () => true },
  {
    key: 'units',
    path: '/units',
    titleKey: 'menu.units',
    icon: 'OfficeBuilding',
    allowed: (ability) => ability.can('read', 'Unit'),
  },
  {
    key: 'accounts',
    path: '/accounts',
    titleKey: 'menu.accounts',
    icon: 'Avatar',
    allowed: (ability) => ability.can('manage', 'Account') || ability.can('create', 'Account'),
  },
  {
    key: 'audit-log',
    path: '/audit-log',
    titleKey: 'menu.auditLog',
    icon: 'Document',
    allowed: (ability) => ability.can('read', 'AuditLog'),
  },
  {
    // The education CA's revocation lists: the deployment root's security administrator (三员分立).
    key: 'crl',
    path: '/crl',
    titleKey: 'menu.crl',
    icon: 'Lock',
    allowed: (ability) => ability.can('read', 'CertificateRevocationList'),
  },
  {
    // Those who may take teacher data out (audited export: information admins, query users)
    // get the analysts' console; its queries run with their own session and scope.
    key: 'graphiql',
    path: '/graphiql/',
    titleKey: 'menu.graphiql',
    icon: 'DataAnalysis',
    allowed: (ability) => ability.can('export', 'Teacher'),
    external: true,
  },
];

/** Paths the gateway serves itself; the router hands them to the browser instead of matching them. */
export function isExternalPath(path: string): boolean {
  return BUILTIN_ENTRIES.some((entry) => entry.external && (path === entry.path || `${path}/` === entry.path || path.startsWith(entry.path)));
}

export function builtinEntry(key: string): BuiltinEntry | undefined {
  return BUILTIN_ENTRIES.find((entry) => entry.key === key);
}

export type MenuItem =
  | { kind: 'builtin'; key: string; path: string; icon: string; titleKey: string; external?: boolean }
  | { kind: 'module'; key: string; path: string; icon: string; title: string; titleEn: string };

/** Manifest entries the user may open: the same check the route guard makes. */
export function allowedModules(ability: AppAbility, modules: readonly PortalModule[]): PortalModule[] {
  return modules.filter((module) => ability.can(module.requiredAction, module.requiredSubject));
}

/** Absolute, without a trailing slash: `training/` and `/training` both give `/training`. */
export function modulePath(module: Pick<PortalModule, 'routePath'>): string {
  const trimmed = module.routePath.trim().replace(/^\/+|\/+$/g, '');
  return `/${trimmed}`;
}

export function buildMenu(ability: AppAbility, modules: readonly PortalModule[] = []): MenuItem[] {
  const builtin: MenuItem[] = BUILTIN_ENTRIES.filter((entry) => entry.allowed(ability)).map((entry) => ({
    kind: 'builtin',
    key: entry.key,
    path: entry.path,
    icon: entry.icon,
    titleKey: entry.titleKey,
    ...(entry.external ? { external: true } : {}),
  }));
  const remote: MenuItem[] = allowedModules(ability, modules).map((module) => ({
    kind: 'module',
    key: `module:${module.name}`,
    path: modulePath(module),
    icon: module.icon ?? 'Grid',
    title: module.title,
    titleEn: module.titleEn,
  }));
  return [...builtin, ...remote];
}

export function moduleTitle(module: Pick<PortalModule, 'title' | 'titleEn'>, locale: string): string {
  return locale === 'en' && module.titleEn ? module.titleEn : module.title;
}
