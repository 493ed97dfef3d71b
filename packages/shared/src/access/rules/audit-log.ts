import { subtreeOf } from '../scope.js';
import type { DomainRules } from './rule-set.js';

/**
 * The audit log of one's subtree: the audit administrator reads and exports it (and the chain
 * status) and nothing else; information admins read it. The system administrator does not.
 */
export const auditLogRules: DomainRules = {
  audit_admin(p, { can }) {
    can(['read', 'export'], 'AuditLog', { scopePath: subtreeOf(p.unitPath) });
  },
  info_admin(p, { can }) {
    can('read', 'AuditLog', { scopePath: subtreeOf(p.unitPath) });
  },
};
