import type { AbilityBuilder, MongoAbility, RawRuleOf } from '@casl/ability';
import type { Role } from '../../accounts/roles.js';
import type { Principal } from '../principal.js';
import type { Action, SubjectType } from '../subjects.js';
import { subtreeOf } from '../scope.js';

export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;
export type AppRawRule = RawRuleOf<AppAbility>;

/** The two calls a domain's rules make: CASL's `can` and `cannot` of the one builder. */
export interface RuleBuilder {
  can: AbilityBuilder<AppAbility>['can'];
  cannot: AbilityBuilder<AppAbility>['cannot'];
}

/** The rules one role gets from one domain, for this principal. */
export type RoleRules = (p: Principal, rules: RuleBuilder) => void;

/**
 * One domain's contribution to the rule set: for each role that takes part in the domain, the
 * rules it adds. A role not listed gets none of the domain's rules.
 */
export type DomainRules = Readonly<Partial<Record<Role, RoleRules>>>;

/** The same rules for each of `list` (e.g. every role that reads a subject alike). */
export function forRoles(list: readonly Role[], rules: RoleRules): DomainRules {
  return Object.fromEntries(list.map((role) => [role, rules]));
}

/** Schools and their departments: the desk that enters data and starts transfers. */
export const SCHOOL_LEVELS = ['school', 'department'];

/** The deployment's top unit (national system or province): there is no level above it. */
export const ROOT_LEVELS = ['national', 'province'];

/**
 * "Some party unit is in my subtree": cases, transfers and rotations store their party unit paths
 * space-separated, so one regex that CASL and PostgreSQL both understand matches any of them.
 */
export function partyInSubtree(unitPath: string): { $regex: string } {
  return { $regex: `(^| )${subtreeOf(unitPath).$regex.slice(1)}` };
}

/** The unit path of the principal's unit and of each unit above it (`/1/`, `/1/4/`, `/1/4/9/`). */
export function ownPathAndAbove(unitPath: string): string[] {
  const seqs = unitPath.split('/').filter(Boolean);
  return seqs.map((_, i) => `/${seqs.slice(0, i + 1).join('/')}/`);
}
