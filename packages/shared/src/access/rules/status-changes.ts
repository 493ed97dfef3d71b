import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, type DomainRules } from './rule-set.js';

/** Status changes (变动) are the school's desk (seed 000 art. 22), never an authority's. */
export const statusChangeRules: DomainRules = {
  info_admin(p, { can }) {
    if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'StatusChange', { scopePath: subtreeOf(p.unitPath) });
  },
};
