import { createMongoAbility } from '@casl/ability';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { allowedTabs, canApprove, canInitiateInto } from './access';

// The portal checks with the very rules the gateway enforces (packages/shared), so these cases
// are the gateway's answers for the demo roles.
const SCHOOL = '/1/2/3/4/';
const COUNTY = '/1/2/3/';
const principal = (role: Principal['role'], unitLevel: string, unitPath: string, extra: Partial<Principal> = {}): Principal =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false, ...extra }) as Principal;
const abilityOf = (p: Principal) => createMongoAbility(defineRulesFor(p) as never);
const userOf = (p: Principal) => ({ role: p.role, unit: { path: p.unitPath } });

const cases: [string, Principal, string[]][] = [
  ['school info admin', principal('info_admin', 'school', SCHOOL), ['list', 'new', 'interprovincial', 'inbox', 'notifications']],
  ['department info admin', principal('info_admin', 'department', `${SCHOOL}5/`), ['list', 'new', 'interprovincial', 'inbox', 'notifications']],
  ['county info admin', principal('info_admin', 'county', COUNTY), ['list', 'interprovincial', 'inbox', 'notifications']],
  ['province info admin', principal('info_admin', 'province', '/1/'), ['list', 'interprovincial', 'inbox', 'notifications']],
  ['school query user', principal('query_user', 'school', SCHOOL), ['list', 'interprovincial', 'notifications']],
  ['school system admin', principal('system_admin', 'school', SCHOOL), ['list', 'interprovincial', 'notifications']],
  ['teacher', principal('teacher', 'school', SCHOOL, { teacherId: 't-1' }), ['list', 'interprovincial', 'notifications']],
];

describe('transfers screens per role', () => {
  it.each(cases)('%s is offered %j', (_, p, tabs) => {
    expect(allowedTabs(abilityOf(p), userOf(p))).toEqual(tabs);
  });

  it('nothing without a user for the inbox', () => {
    expect(canApprove(abilityOf(principal('info_admin', 'county', COUNTY)), undefined, undefined)).toBe(false);
  });
});

describe('发起调动 only into the initiator’s own school or its departments', () => {
  const schoolInfo = abilityOf(principal('info_admin', 'school', SCHOOL));
  it.each([
    ['its own school', SCHOOL, true],
    ['a department of it', `${SCHOOL}7/`, true],
    ['another school of the county', '/1/2/3/9/', false],
    ['the county', COUNTY, false],
  ])('into %s → %s', (_, path, expected) => {
    expect(canInitiateInto(schoolInfo, path)).toBe(expected);
  });

  it('an authority initiates nowhere, even inside its subtree', () => {
    expect(canInitiateInto(abilityOf(principal('info_admin', 'county', COUNTY)), SCHOOL)).toBe(false);
  });
});
