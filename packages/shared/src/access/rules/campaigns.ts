import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, type DomainRules } from './rule-set.js';

/**
 * Update campaigns (信息更新工作): "confirmed unchanged" (确认无变化) is the school's statement
 * about its own teachers.
 */
export const campaignRules: DomainRules = {
  info_admin(p, { can }) {
    if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'CampaignConfirmation', { scopePath: subtreeOf(p.unitPath) });
  },
};
