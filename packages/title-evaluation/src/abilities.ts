import { subtreeOf, type Principal } from '@tmis/shared';

/** The module's CASL subjects (the core's union does not know them; the SDK types them as strings). */
export const TITLE_SUBJECTS = ['TitleRound', 'TitleQuota', 'TitleNomination'] as const;

const SCHOOL_LEVELS = ['school', 'department'];

/** CASL's `can` as the SDK hands it over. Only @tmis/shared is imported here, so the portal remote checks with these very rules. */
type Can = (action: string | string[], subject: string | string[], conditions?: Record<string, unknown>) => unknown;

/**
 * 职称评聘 rules, added to the core rules for each principal and sent to the portal with
 * myAbilities. Rounds are province-wide facts; quotas and nominations are scoped by unit path.
 * The province's information admin opens rounds; authorities re-allocate their own quota and
 * review; schools nominate. Who approves which step is the workflow's business, not CASL's.
 */
export function titleEvaluationAbilities(p: Principal, can: Can): void {
  const own = subtreeOf(p.unitPath);
  if (p.role === 'info_admin') {
    can('read', 'TitleRound');
    can('read', 'TitleQuota', { unitPath: own });
    can('read', 'TitleNomination', { scopePath: own });
    // Eligibility reads assessments (restricted set): information admins only.
    can('check', 'TitleNomination', { scopePath: own });
    if (p.unitLevel === 'province') can(['create', 'update'], 'TitleRound');
    if (SCHOOL_LEVELS.includes(p.unitLevel)) {
      can('create', 'TitleNomination', { scopePath: own });
      can('withdraw', 'TitleNomination', { scopePath: own, status: 'in_review' });
    } else {
      // An authority passes its own quota down (the province does it when opening the round).
      if (p.unitLevel !== 'province') can('allocate', 'TitleQuota', { unitId: p.unitId });
      can('review', 'TitleNomination', { scopePath: own });
    }
  }
  if (p.role === 'query_user') {
    can('read', 'TitleRound');
    can('read', 'TitleQuota', { unitPath: own });
    can('read', 'TitleNomination', { scopePath: own });
  }
}
