import { SECURITY_CHANGE_KINDS } from '../../accounts/roles.js';
import { childrenOf } from '../scope.js';
import { ROOT_LEVELS, forRoles, type DomainRules, type RoleRules } from './rule-set.js';

/** Roles an account of `role` may create in its own unit (beyond system admins of child units). */
const CREATABLE_IN_OWN_UNIT = ['info_admin', 'query_user', 'training_admin', 'teacher', 'training_institution'];
/** The administrators a unit's system admin creates for the units directly below (三员 of the level below). */
const CREATED_BY_LEVEL_ABOVE = ['system_admin', 'security_admin', 'audit_admin'];
const SECURITY_KINDS: string[] = [...SECURITY_CHANGE_KINDS];

/**
 * Everyone may read their own account — a restricted session (password to change first) too,
 * and nothing else: abilities.ts adds this rule before any domain's.
 */
export const ownAccountRules: RoleRules = (p, { can }) => {
  can('read', 'Account', { id: p.accountId });
};

/** Everyone files and follows their own account change requests (变更申请). */
const ownRequests: RoleRules = (p, { can }) => {
  can('create', 'AccountChangeRequest', { accountId: p.accountId });
  can('read', 'AccountChangeRequest', { accountId: p.accountId });
};

/**
 * Accounts and account change requests. The system administrator manages the accounts of its
 * own unit, of its departments, and the three administrators directly below; account security is
 * the security administrator's once the unit has one (三员分立).
 */
export const accountRules: DomainRules = {
  ...forRoles(['teacher', 'training_institution', 'query_user', 'training_admin', 'audit_admin'], ownRequests),
  system_admin(p, rules) {
    const { can } = rules;
    ownRequests(p, rules);
    // Accounts of its own unit, of its departments, and the three administrators directly below.
    can('manage', 'Account', { unitId: p.unitId, role: { $in: CREATABLE_IN_OWN_UNIT } });
    can('manage', 'Account', { role: { $in: CREATED_BY_LEVEL_ABOVE }, scopePath: childrenOf(p.unitPath) });
    can('manage', 'Account', { unitLevel: 'department', scopePath: childrenOf(p.unitPath) });
    if (ROOT_LEVELS.includes(p.unitLevel)) can('manage', 'Account', { unitId: p.unitId, role: { $in: ['security_admin', 'audit_admin'] } });
    // Account security is the security administrator's once the unit has one (三员分立).
    if (p.securityAdminAppointed) can(['read', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId, kind: { $nin: SECURITY_KINDS } });
    else can(['read', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId });
    can('create', 'AccountChangeRequest', { managingUnitId: p.unitId });
  },
  security_admin(p, rules) {
    const { can } = rules;
    ownRequests(p, rules);
    can('read', 'Account', { unitId: p.unitId });
    can('read', 'Account', { role: { $in: CREATED_BY_LEVEL_ABOVE }, scopePath: childrenOf(p.unitPath) });
    can('read', 'Account', { unitLevel: 'department', scopePath: childrenOf(p.unitPath) });
    can(['read', 'create', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId, kind: { $in: SECURITY_KINDS } });
  },
  info_admin(p, rules) {
    const { can } = rules;
    ownRequests(p, rules);
    can('create', 'AccountChangeRequest', { unitId: p.unitId });
    // Department information admins (universities) create their department's teacher accounts.
    if (p.unitLevel === 'department') can('manage', 'Account', { unitId: p.unitId, role: 'teacher' });
  },
};
