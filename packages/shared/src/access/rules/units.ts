import { strictlyBelow, subtreeOf } from '../scope.js';
import { forRoles, type DomainRules, type RoleRules } from './rule-set.js';

const readOwnSubtree: RoleRules = (p, { can }) => {
  can('read', 'Unit', { path: subtreeOf(p.unitPath) });
};
const readOwnUnit: RoleRules = (p, { can }) => {
  can('read', 'Unit', { id: p.unitId });
};

/**
 * The unit tree. Administrators and staff read their own subtree, teachers and training
 * institutions their own unit. The system administrator creates and updates units anywhere below
 * (school lists come from the statistics code list, kept by the authority).
 */
export const unitRules: DomainRules = {
  ...forRoles(['security_admin', 'audit_admin', 'info_admin', 'query_user', 'training_admin'], readOwnSubtree),
  ...forRoles(['teacher', 'training_institution'], readOwnUnit),
  system_admin(p, rules) {
    readOwnSubtree(p, rules);
    rules.can(['create', 'update'], 'Unit', { path: strictlyBelow(p.unitPath) });
  },
};
