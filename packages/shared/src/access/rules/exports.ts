import { strictlyBelow, subtreeOf } from '../scope.js';
import { TEACHER_BASIC_FIELDS } from '../teacher-fields.js';
import type { DomainRules } from './rule-set.js';

/**
 * Audited teacher exports (数据导出有据可查, issue 3): each export is listed for the exporter and
 * for the information admins of the authorities above. Seed 003: every export is traceable, so
 * query users may export basic fields (recorded like any export) — a Teacher rule, added after
 * the ones in teachers.ts; information admins' export right is there, with their other rights.
 */
export const exportRules: DomainRules = {
  info_admin(p, { can }) {
    can('read', 'DataExport', { exporterAccountId: p.accountId });
    can('read', 'DataExport', { scopePath: strictlyBelow(p.unitPath) });
  },
  query_user(p, { can }) {
    can('read', 'DataExport', { exporterAccountId: p.accountId });
    can('export', 'Teacher', [...TEACHER_BASIC_FIELDS], { scopePath: subtreeOf(p.unitPath) });
  },
};
