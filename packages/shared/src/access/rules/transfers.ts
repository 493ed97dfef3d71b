import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, forRoles, partyInSubtree, type DomainRules } from './rule-set.js';

/**
 * Transfers (调动, issue 4), and cross-province transfers (跨省调动), which are Transfers to the
 * rules. The receiving school's information admin initiates a transfer into its own subtree. A
 * transfer is seen by every party unit and those above (party paths, as for cases) and by the
 * teacher concerned; the approvals themselves go through ApprovalCase.
 */
export const transferRules: DomainRules = {
  ...forRoles(['system_admin', 'query_user', 'training_admin'], (p, { can }) => {
    can('read', 'Transfer', { partyPaths: partyInSubtree(p.unitPath) });
  }),
  info_admin(p, { can }) {
    can('read', 'Transfer', { partyPaths: partyInSubtree(p.unitPath) });
    if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'Transfer', { toScopePath: subtreeOf(p.unitPath) });
  },
  teacher(p, { can }) {
    if (p.teacherId) can('read', 'Transfer', { teacherId: p.teacherId });
  },
};
