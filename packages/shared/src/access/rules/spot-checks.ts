import { isAdministrativeLevel } from '../../units/levels.js';
import { subtreeOf } from '../scope.js';
import type { DomainRules, RoleRules } from './rule-set.js';

/** What information admins and query users both see: an authority its checks, a school its results. */
const read: RoleRules = (p, { can }) => {
  const own = subtreeOf(p.unitPath);
  if (isAdministrativeLevel(p.unitLevel)) {
    can('read', 'SpotCheck', { scopePath: own });
    can('read', 'SpotCheckItem', { checkScopePath: own });
  }
  // A drawn school sees the results of its own teachers, and only once published.
  if (p.unitLevel === 'school') can('read', 'SpotCheckItem', { schoolScopePath: p.unitPath, checkStatus: 'published' });
};

/**
 * Random spot checks (随机抽查, issue 3), drawn by authorities and published to the schools
 * concerned; the school's information admin carries out the correction task of each inaccurate
 * finding.
 */
export const spotCheckRules: DomainRules = {
  info_admin(p, rules) {
    const { can } = rules;
    read(p, rules);
    if (p.unitLevel === 'school') can('update', 'SpotCheckItem', { schoolScopePath: p.unitPath, checkStatus: 'published' });
    if (isAdministrativeLevel(p.unitLevel)) {
      can('create', 'SpotCheck', { scopePath: subtreeOf(p.unitPath) });
      // Findings and publication belong to the authority that drew the check, not to those above.
      can('update', 'SpotCheck', { authorityUnitId: p.unitId });
    }
  },
  query_user: read,
};
