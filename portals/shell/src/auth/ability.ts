import { createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { unpackRules, type PackRule } from '@casl/ability/extra';

// Actions and subjects are plain strings: the gateway owns the vocabulary.
export type AppAbility = MongoAbility<[string, string]>;

export function createAppAbility(rules: RawRuleOf<AppAbility>[] = []): AppAbility {
  return createMongoAbility<AppAbility>(rules);
}

/** Replaces the ability's rules with the server's packed rules (`packRules` output). */
export function applyPackedRules(ability: AppAbility, packed: unknown): void {
  const rules = Array.isArray(packed) ? unpackRules(packed as PackRule<RawRuleOf<AppAbility>>[]) : [];
  ability.update(rules);
}

/** The one ability of the page, handed to @casl/vue and updated in place after sign-in. */
export const ability: AppAbility = createAppAbility();
