import { forRoles, partyInSubtree, type DomainRules, type RoleRules } from './rule-set.js';

/** One's own cases and notifications. */
const own: RoleRules = (p, { can }) => {
  can('read', 'ApprovalCase', { initiatedBy: p.accountId });
  can('read', 'Notification', { accountId: p.accountId });
};

/**
 * The approval engine (审批流程, issue 4): a case is seen by its initiator and by accounts of any
 * party unit or above (party paths, see `partyInSubtree`); notifications go to an account or to
 * a role of a unit. Who may act on a step is the workflow's data, not a rule. The security and
 * audit administrators take no part.
 */
export const approvalRules: DomainRules = {
  ...forRoles(['teacher', 'training_institution'], own),
  ...forRoles(['system_admin', 'info_admin', 'query_user', 'training_admin'], (p, rules) => {
    own(p, rules);
    rules.can('read', 'ApprovalCase', { partyPaths: partyInSubtree(p.unitPath) });
    rules.can('read', 'Notification', { unitId: p.unitId, role: p.role });
  }),
};
