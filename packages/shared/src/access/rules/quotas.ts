import { isAdministrativeLevel } from '../../units/levels.js';
import { subtreeOf } from '../scope.js';
import type { DomainRules } from './rule-set.js';

/** Quota allocation (指标分配, issue 7): by the authorities' information admins, over their subtree. */
export const quotaRules: DomainRules = {
  info_admin(p, { can }) {
    if (isAdministrativeLevel(p.unitLevel)) can('create', 'QuotaAllocation', { scopePath: subtreeOf(p.unitPath) });
  },
};
