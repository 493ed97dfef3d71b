import { isAdministrativeLevel } from '../../units/levels.js';
import { subtreeOf } from '../scope.js';
import type { DomainRules } from './rule-set.js';

/**
 * Data-sharing applications (信息共享, issue 7) are filed by an authority's query user on behalf
 * of the applying department, and seen by that authority and the units above.
 */
export const dataSharingRules: DomainRules = {
  info_admin(p, { can }) {
    if (isAdministrativeLevel(p.unitLevel)) can('read', 'DataSharingApplication', { authorityPath: subtreeOf(p.unitPath) });
  },
  query_user(p, { can }) {
    if (!isAdministrativeLevel(p.unitLevel)) return;
    can('create', 'DataSharingApplication', { authorityUnitId: p.unitId });
    can('read', 'DataSharingApplication', { authorityPath: subtreeOf(p.unitPath) });
  },
};
