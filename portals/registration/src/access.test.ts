import { createMongoAbility } from '@casl/ability';
import { packRules, unpackRules } from '@casl/ability/extra';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { allowedTabs, canApplyFor, canReadRegistrations, canSeeEligibility, readsUnitRegistrations, registrationStep, type UserFacts } from './access';

// The gateway's own rules (packages/shared), packed and unpacked as myAbilities sends them.
const COUNTY = '/1/2/3/';
const SCHOOL = '/1/2/3/4/';
const OTHER_SCHOOL = '/1/2/3/9/';

type Who = Principal & UserFacts;
const who = (role: Principal['role'], unitLevel: Principal['unitLevel'], unitPath: string, extra: Partial<Principal> = {}): Who =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false, ...extra }) as Who;
const abilityOf = (p: Principal) => createMongoAbility(unpackRules(packRules(defineRulesFor(p) as never)) as never);

const schoolInfo = who('info_admin', 'school', SCHOOL);
const schoolQuery = who('query_user', 'school', SCHOOL);
const countyInfo = who('info_admin', 'county', COUNTY);
const countyTrain = who('training_admin', 'county', COUNTY);
const teacher = who('teacher', 'school', SCHOOL, { teacherId: 't-1' });
const inst = who('training_institution', 'province', '/1/2/');
const sysAdmin = who('system_admin', 'school', SCHOOL);

describe('screens per role', () => {
  it.each([
    ['school info admin', schoolInfo, ['due', 'review']],
    ['county info admin', countyInfo, ['due', 'review']],
    ['school query user', schoolQuery, ['due']],
    ['county training admin', countyTrain, ['due']],
    ['teacher', teacher, ['mine']],
    ['training institution', inst, []],
    ['system admin', sysAdmin, []],
  ])('%s is offered %j', (_, p, tabs) => {
    expect(allowedTabs(abilityOf(p), p)).toEqual(tabs);
  });
});

describe('actions mirror the gateway', () => {
  it.each([
    // [who, teacher, scope, apply]
    ['the teacher, own qualification', teacher, 't-1', SCHOOL, true],
    ['the teacher, a colleague', teacher, 't-2', SCHOOL, false],
    ['school info admin, own teacher', schoolInfo, 't-2', SCHOOL, true],
    ['school info admin, another school', schoolInfo, 't-9', OTHER_SCHOOL, false],
    ['school query user', schoolQuery, 't-2', SCHOOL, false],
    ['county info admin (decides, does not apply)', countyInfo, 't-2', SCHOOL, false],
  ] as const)('%s: apply → %s', (_, p, teacherId, scope, expected) => {
    expect(canApplyFor(abilityOf(p), teacherId, scope)).toBe(expected);
  });

  it('eligibility rests on assessments and ethics: information admins and the teacher only', () => {
    expect(canSeeEligibility(abilityOf(schoolInfo), 't-2', SCHOOL)).toBe(true);
    expect(canSeeEligibility(abilityOf(countyInfo), 't-2', SCHOOL)).toBe(true);
    expect(canSeeEligibility(abilityOf(teacher), 't-1', SCHOOL)).toBe(true);
    expect(canSeeEligibility(abilityOf(teacher), 't-2', SCHOOL)).toBe(false);
    expect(canSeeEligibility(abilityOf(schoolQuery), 't-2', SCHOOL)).toBe(false);
    expect(canSeeEligibility(abilityOf(countyTrain), 't-2', SCHOOL)).toBe(false);
  });

  it('teachers see only their own registrations; units their scope', () => {
    expect(canReadRegistrations(abilityOf(teacher), 't-1', SCHOOL)).toBe(true);
    expect(canReadRegistrations(abilityOf(teacher), 't-2', SCHOOL)).toBe(false);
    expect(readsUnitRegistrations(abilityOf(teacher), teacher)).toBe(false);
    expect(canReadRegistrations(abilityOf(schoolInfo), 't-9', OTHER_SCHOOL)).toBe(false);
    expect(canReadRegistrations(abilityOf(countyInfo), 't-9', OTHER_SCHOOL)).toBe(true);
  });

  it('the school reviews, the supervising authority decides (workflow step actors)', () => {
    expect(registrationStep(schoolInfo)).toBe('school');
    expect(registrationStep(countyInfo)).toBe('authority');
    expect(registrationStep(countyTrain)).toBeNull();
    expect(registrationStep(teacher)).toBeNull();
  });
});
