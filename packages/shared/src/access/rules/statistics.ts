import { subtreeOf } from '../scope.js';
import type { DomainRules } from './rule-set.js';

/**
 * Statistics (统计分析, issue 7): aggregates of the teachers in one's own subtree. Small cells are
 * shown exactly only to information admins (field `smallCells`); query users get them suppressed.
 */
export const statisticsRules: DomainRules = {
  info_admin(p, { can }) {
    can('read', 'TeacherStatistics', ['cells', 'smallCells'], { scopePath: subtreeOf(p.unitPath) });
  },
  query_user(p, { can }) {
    can('read', 'TeacherStatistics', ['cells'], { scopePath: subtreeOf(p.unitPath) });
  },
};
