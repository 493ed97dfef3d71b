import { forRoles, type DomainRules } from './rule-set.js';

/**
 * The unit directory import (单位名录导入, issue 12): the province's education statistics school
 * list is loaded by the province's own system and information admins, and by nobody below (a
 * county's schools come from the same province-wide list).
 */
export const unitDirectoryRules: DomainRules = forRoles(['system_admin', 'info_admin'], (p, { can }) => {
  if (p.unitLevel === 'province') can(['read', 'create', 'update'], 'UnitDirectoryImport', { provinceUnitId: p.unitId });
});
