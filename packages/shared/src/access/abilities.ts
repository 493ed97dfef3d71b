import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { packRules, unpackRules, type PackRule } from '@casl/ability/extra';
import type { Principal } from './principal.js';
import { isRole } from '../accounts/roles.js';
import type { AppAbility, AppRawRule, DomainRules } from './rules/rule-set.js';
import { accountRules, ownAccountRules } from './rules/accounts.js';
import { approvalRules } from './rules/approvals.js';
import { archiveRules } from './rules/archive.js';
import { auditLogRules } from './rules/audit-log.js';
import { authRules } from './rules/auth.js';
import { campaignRules } from './rules/campaigns.js';
import { codeListRules } from './rules/code-lists.js';
import { dataSharingRules } from './rules/data-sharing.js';
import { exportRules } from './rules/exports.js';
import { importRules } from './rules/imports.js';
import { indicatorRules } from './rules/indicators.js';
import { quotaRules } from './rules/quotas.js';
import { registrationRules } from './rules/registration.js';
import { rotationRules } from './rules/rotations.js';
import { savedQueryRules } from './rules/saved-queries.js';
import { spotCheckRules } from './rules/spot-checks.js';
import { statisticsRules } from './rules/statistics.js';
import { statusChangeRules } from './rules/status-changes.js';
import { syncRules } from './rules/sync.js';
import { teacherRules } from './rules/teachers.js';
import { trainingRules } from './rules/training.js';
import { transferRules } from './rules/transfers.js';
import { unitDirectoryRules } from './rules/unit-directory.js';
import { unitRules } from './rules/units.js';

export type { AppAbility, AppRawRule } from './rules/rule-set.js';

/**
 * Each domain's rules, in the order they are added. CASL weighs only the rules of one subject
 * type against each other (a later rule wins, so a later `cannot` overrides an earlier `can`);
 * the order below therefore matters only where two domains write rules for the same subject,
 * and today one pair does: teachers before exports (Teacher: a query user's read, then export).
 * A domain's own `cannot` (archive.ts) comes after its own `can`s, in its file.
 */
const DOMAIN_RULES: readonly DomainRules[] = [
  codeListRules,
  unitRules,
  accountRules,
  authRules,
  auditLogRules,
  teacherRules,
  archiveRules,
  statusChangeRules,
  campaignRules,
  indicatorRules,
  importRules,
  spotCheckRules,
  exportRules,
  approvalRules,
  transferRules,
  rotationRules,
  savedQueryRules,
  dataSharingRules,
  trainingRules,
  registrationRules,
  statisticsRules,
  quotaRules,
  syncRules,
  unitDirectoryRules,
];

/**
 * The one rule set. Row scope is always the principal's own subtree; no rule ever names a unit
 * outside it, so nobody can see or grant beyond their scope. The rules themselves are in
 * `rules/<domain>.ts`, one file per domain.
 */
export function defineRulesFor(p: Principal): AppRawRule[] {
  const { can, cannot, rules } = new AbilityBuilder<AppAbility>(createMongoAbility);
  // Everyone may read their own account; a session that must change its password first, nothing else.
  ownAccountRules(p, { can, cannot });
  if (p.restricted) return rules;
  if (!isRole(p.role)) throw new Error(`unknown role ${String(p.role)}`);
  for (const domain of DOMAIN_RULES) domain[p.role]?.(p, { can, cannot });
  return rules;
}

export function defineAbilityFor(p: Principal): AppAbility {
  return createMongoAbility<AppAbility>(defineRulesFor(p));
}

/** Compact JSON form sent to the portal by `myAbilities`. */
export function packAbilityRules(rules: AppRawRule[]): PackRule<AppRawRule>[] {
  return packRules(rules);
}

export function abilityFromPacked(packed: PackRule<AppRawRule>[]): AppAbility {
  return createMongoAbility<AppAbility>(unpackRules(packed));
}
