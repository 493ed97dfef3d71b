import { createMongoAbility } from '@casl/ability';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { allowedTabs, canInitiateFor } from './access';

// The portal checks with the very rules the gateway enforces (packages/shared), so these cases
// are the gateway's answers for the demo roles.
const SCHOOL = '/1/2/3/4/';
const COUNTY = '/1/2/3/';
const principal = (role: Principal['role'], unitLevel: string, unitPath: string, extra: Partial<Principal> = {}): Principal =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false, ...extra }) as Principal;
const abilityOf = (p: Principal) => createMongoAbility(defineRulesFor(p) as never);
const userOf = (p: Principal) => ({ role: p.role, unit: { path: p.unitPath } });

describe('rotations screens per role', () => {
  it.each([
    ['school info admin', principal('info_admin', 'school', SCHOOL), ['list', 'new', 'inbox', 'counts']],
    ['county info admin', principal('info_admin', 'county', COUNTY), ['list', 'inbox', 'counts']],
    ['county query user', principal('query_user', 'county', COUNTY), ['list', 'counts']],
    ['school system admin', principal('system_admin', 'school', SCHOOL), ['list', 'counts']],
    ['teacher', principal('teacher', 'school', SCHOOL, { teacherId: 't-1' }), ['list']],
    ['training institution', principal('training_institution', 'province', '/1/'), []],
  ] as [string, Principal, string[]][])('%s is offered %j', (_, p, tabs) => {
    expect(allowedTabs(abilityOf(p), userOf(p))).toEqual(tabs);
  });
});

describe('发起交流 only for the school’s own teachers', () => {
  const schoolInfo = abilityOf(principal('info_admin', 'school', SCHOOL));
  it.each([
    ['a teacher of its own school', SCHOOL, true],
    ['a teacher of one of its departments', `${SCHOOL}7/`, true],
    ['a teacher of another school', '/1/2/3/9/', false],
  ])('%s → %s', (_, path, expected) => {
    expect(canInitiateFor(schoolInfo, path)).toBe(expected);
  });

  it('the county does not initiate for its schools; a query user never', () => {
    expect(canInitiateFor(abilityOf(principal('info_admin', 'county', COUNTY)), SCHOOL)).toBe(false);
    expect(canInitiateFor(abilityOf(principal('query_user', 'school', SCHOOL)), SCHOOL)).toBe(false);
  });
});
