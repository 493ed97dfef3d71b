import { roles } from '../../accounts/roles.js';
import { subtreeOf } from '../scope.js';
import { forRoles, type DomainRules, type RoleRules } from './rule-set.js';

/** Background jobs (imports): the creator follows their own. */
const ownJobs: RoleRules = (p, { can }) => {
  can('read', 'Job', { createdBy: p.accountId });
};

/**
 * Batch imports and the problem-data queue (问题数据). Information admins follow the jobs of their
 * subtree and verify and fix its problem records; query users read them.
 */
export const importRules: DomainRules = {
  ...forRoles(roles, ownJobs),
  info_admin(p, rules) {
    ownJobs(p, rules);
    rules.can('read', 'Job', { scopePath: subtreeOf(p.unitPath) });
    rules.can(['read', 'update'], 'ProblemRecord', { scopePath: subtreeOf(p.unitPath) });
  },
  query_user(p, rules) {
    ownJobs(p, rules);
    rules.can('read', 'ProblemRecord', { scopePath: subtreeOf(p.unitPath) });
  },
};
