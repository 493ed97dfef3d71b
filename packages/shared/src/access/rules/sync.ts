import { forRoles, type DomainRules } from './rule-set.js';

/**
 * National ⇄ province sync (两级对接, issue 8): the province's (or the national system's) system
 * and information admins see the sync status, the one-person-one-number conflicts and checksums,
 * and may deliver now or re-send.
 */
export const syncRules: DomainRules = forRoles(['system_admin', 'info_admin'], (p, { can }) => {
  if (p.unitLevel === 'province' || p.unitLevel === 'national') can(['read', 'update'], 'SyncState');
});
