import type { RouteComponent } from 'vue-router';

/** The page of every routed built-in menu entry (layout/menu.ts), loaded with its own chunk. */
export const BUILTIN_VIEWS: Record<string, () => Promise<{ default: RouteComponent }>> = {
  units: () => import('../views/units/UnitsView.vue'),
  accounts: () => import('../views/accounts/AccountsView.vue'),
  'audit-log': () => import('../views/audit/AuditLogView.vue'),
  crl: () => import('../views/crl/CrlView.vue'),
};
