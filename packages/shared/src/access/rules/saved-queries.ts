import { forRoles, ownPathAndAbove, type DomainRules } from './rule-set.js';

/**
 * Saved report queries (分析查询, issue 7). A saved query belongs to its owner; shared
 * (`visibility: 'unit'`), it is readable by information admins and query users of the saving unit
 * and of every unit below — the row's unit path is the caller's own path or one of its
 * ancestors. Running it uses the runner's own rules.
 */
export const savedQueryRules: DomainRules = forRoles(['info_admin', 'query_user'], (p, { can }) => {
  can(['read', 'create', 'update', 'delete'], 'SavedQuery', { ownerAccountId: p.accountId });
  can('read', 'SavedQuery', { visibility: 'unit', scopePath: { $in: ownPathAndAbove(p.unitPath) } });
});
