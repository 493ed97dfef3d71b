import { forRoles, type DomainRules, type RoleRules } from './rule-set.js';

const read: RoleRules = (_p, { can }) => {
  can('read', 'IndicatorDefinition');
};

/**
 * Indicator definitions (核心指标 and the province's 拓展指标): read by whoever reads archives;
 * the province's extension indicators are defined by the province's information admin.
 */
export const indicatorRules: DomainRules = {
  info_admin(p, rules) {
    if (p.unitLevel === 'province') rules.can(['create', 'update'], 'IndicatorDefinition');
    read(p, rules);
  },
  ...forRoles(['query_user', 'training_admin'], read),
  teacher(p, rules) {
    if (p.teacherId) read(p, rules);
  },
};
