import { roles } from '../../accounts/roles.js';
import { forRoles, type DomainRules } from './rule-set.js';

/** The code lists used by forms: read by every account. */
export const codeListRules: DomainRules = forRoles(roles, (_p, { can }) => {
  can('read', 'CodeList');
});
