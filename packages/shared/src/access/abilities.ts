import { AbilityBuilder, createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { packRules, unpackRules, type PackRule } from '@casl/ability/extra';
import type { Principal } from './principal.js';
import type { Action, SubjectType } from './subjects.js';
import { childrenOf, strictlyBelow, subtreeOf } from './scope.js';
import { TEACHER_BASIC_FIELDS, TEACHER_ID_NUMBER_FIELD, TEACHER_RESTRICTED_SETS } from './teacher-fields.js';

export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;
export type AppRawRule = RawRuleOf<AppAbility>;

const ALL_TEACHER_FIELDS = [...TEACHER_BASIC_FIELDS, TEACHER_ID_NUMBER_FIELD, ...TEACHER_RESTRICTED_SETS];

/** Roles an account of `role` may create in its own unit (beyond system admins of child units). */
const CREATABLE_IN_OWN_UNIT = ['info_admin', 'query_user', 'training_admin', 'teacher', 'training_institution'];

/**
 * The one rule set. Row scope is always the principal's own subtree; no rule ever names a unit
 * outside it, so nobody can see or grant beyond their scope.
 */
export function defineRulesFor(p: Principal): AppRawRule[] {
  const { can, rules } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const own = subtreeOf(p.unitPath);

  // Everyone may read their own account and the code lists used by forms.
  can('read', 'Account', { id: p.accountId });
  if (p.restricted) return rules;
  can('read', 'CodeList');
  can('create', 'AccountChangeRequest', { accountId: p.accountId });
  can('read', 'AccountChangeRequest', { accountId: p.accountId });

  switch (p.role) {
    case 'system_admin':
      can('read', 'Unit', { path: own });
      // Units anywhere below (school lists come from the statistics code list, kept by the authority).
      can(['create', 'update'], 'Unit', { path: strictlyBelow(p.unitPath) });
      // Accounts of its own unit, of its departments, and the system admins directly below.
      can('manage', 'Account', { unitId: p.unitId, role: { $in: CREATABLE_IN_OWN_UNIT } });
      can('manage', 'Account', { role: 'system_admin', scopePath: childrenOf(p.unitPath) });
      can('manage', 'Account', { unitLevel: 'department', scopePath: childrenOf(p.unitPath) });
      can(['read', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId });
      can('create', 'AccountChangeRequest', { managingUnitId: p.unitId });
      can('read', 'Teacher', ['id', 'teacherNo', 'name', 'gender', 'idType', 'idNumberMasked', 'unitId', 'schoolId', 'scopePath', 'employmentStatus', 'stage'], { scopePath: own });
      can('read', 'AuditLog', { scopePath: own });
      break;
    case 'info_admin':
      can('read', 'Unit', { path: own });
      can(['read', 'create', 'update', 'review', 'export'], 'Teacher', ALL_TEACHER_FIELDS, { scopePath: own });
      can('create', 'AccountChangeRequest', { unitId: p.unitId });
      // Department information admins (universities) create their department's teacher accounts.
      if (p.unitLevel === 'department') can('manage', 'Account', { unitId: p.unitId, role: 'teacher' });
      can('read', 'AuditLog', { scopePath: own });
      break;
    case 'query_user':
      can('read', 'Unit', { path: own });
      can('read', 'Teacher', [...TEACHER_BASIC_FIELDS], { scopePath: own });
      break;
    case 'training_admin':
      can('read', 'Unit', { path: own });
      can('read', 'Teacher', [...TEACHER_BASIC_FIELDS], { scopePath: own });
      break;
    case 'teacher':
      can('read', 'Unit', { id: p.unitId });
      if (p.teacherId) can('read', 'Teacher', ALL_TEACHER_FIELDS, { id: p.teacherId });
      break;
    case 'training_institution':
      can('read', 'Unit', { id: p.unitId });
      break;
    default: {
      const unknownRole: never = p.role;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
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
