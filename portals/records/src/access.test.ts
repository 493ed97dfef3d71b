import { createMongoAbility } from '@casl/ability';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { allowedTabs, canAddToSet, canOnRecord, canReadSet } from './access';

// The portal checks with the very rules the gateway enforces (packages/shared), so these cases
// are the gateway's answers for the demo roles.
const SCHOOL_PATH = '/1/2/3/4/';
const principal = (role: Principal['role'], unitLevel: string, unitPath: string, extra: Partial<Principal> = {}): Principal =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false, ...extra }) as Principal;
const abilityOf = (p: Principal) => createMongoAbility(defineRulesFor(p) as never);

const schoolInfo = principal('info_admin', 'school', SCHOOL_PATH);
const countyInfo = principal('info_admin', 'county', '/1/2/3/');
// The city /1/2/ runs the county /1/2/3/ and, directly, the school /1/2/8/.
const cityInfo = principal('info_admin', 'city', '/1/2/', { authorityPathsBelow: ['/1/2/3/'] });
const CITY_SCHOOL = '/1/2/8/';
const schoolQuery = principal('query_user', 'school', SCHOOL_PATH);
const teacher = principal('teacher', 'school', SCHOOL_PATH, { teacherId: 't-1' });
const otherSchool = '/1/2/3/9/';

const record = (status: string, extra: Record<string, unknown> = {}) => ({ id: 'r', teacherId: 't-1', infoSet: 'skill', status, enteredBy: 'acc-x', changeKind: 'add', ...extra });

describe('records screens per role', () => {
  it.each([
    ['school info admin', schoolInfo, ['search', 'review', 'changes', 'import']],
    ['county info admin', countyInfo, ['search', 'review', 'changes', 'import']],
    ['city info admin', cityInfo, ['search', 'review', 'changes', 'import']],
    ['school query user', schoolQuery, ['search']],
    ['teacher', teacher, ['search']],
  ])('%s is offered %j', (_, p, tabs) => {
    expect(allowedTabs(abilityOf(p))).toEqual(tabs);
  });
});

describe('record actions mirror the gateway', () => {
  it.each([
    // [who, action, record status, scope, expected]
    ['school info admin', schoolInfo, 'update', 'draft', SCHOOL_PATH, true],
    ['school info admin', schoolInfo, 'update', 'effective', SCHOOL_PATH, false],
    ['school info admin', schoolInfo, 'review', 'submitted', SCHOOL_PATH, true],
    ['school info admin', schoolInfo, 'approve', 'school_approved', SCHOOL_PATH, false],
    ['school info admin', schoolInfo, 'change', 'effective', SCHOOL_PATH, true],
    ['school info admin, other school', schoolInfo, 'review', 'submitted', otherSchool, false],
    ['county info admin', countyInfo, 'approve', 'school_approved', SCHOOL_PATH, true],
    ['county info admin', countyInfo, 'review', 'submitted', SCHOOL_PATH, false],
    ['county info admin', countyInfo, 'change', 'effective', SCHOOL_PATH, true],
    // Only the supervising authority approves: the city for its own school, not for the county's.
    ['city info admin, county school', cityInfo, 'approve', 'school_approved', SCHOOL_PATH, false],
    ['city info admin, county school', cityInfo, 'change', 'effective', SCHOOL_PATH, false],
    ['city info admin, own school', cityInfo, 'approve', 'school_approved', CITY_SCHOOL, true],
    ['city info admin, own school', cityInfo, 'change', 'effective', CITY_SCHOOL, true],
    ['query user', schoolQuery, 'update', 'draft', SCHOOL_PATH, false],
  ] as const)('%s: %s on a %s record → %s', (_, p, action, status, path, expected) => {
    expect(canOnRecord(abilityOf(p), action, record(status), path)).toBe(expected);
  });

  it('a teacher edits only the drafts they entered', () => {
    const ability = abilityOf(teacher);
    expect(canOnRecord(ability, 'update', record('draft', { enteredBy: teacher.accountId }), SCHOOL_PATH)).toBe(true);
    expect(canOnRecord(ability, 'update', record('draft', { enteredBy: 'someone-else' }), SCHOOL_PATH)).toBe(false);
  });

  it('query users do not see restricted sets; teachers may not add school-only sets', () => {
    expect(canReadSet(abilityOf(schoolQuery), 't-1', SCHOOL_PATH, 'education')).toBe(true);
    for (const set of ['assessment', 'compensation', 'ethics']) expect(canReadSet(abilityOf(schoolQuery), 't-1', SCHOOL_PATH, set)).toBe(false);
    expect(canAddToSet(abilityOf(teacher), 't-1', SCHOOL_PATH, 'skill', teacher.accountId)).toBe(true);
    expect(canAddToSet(abilityOf(teacher), 't-1', SCHOOL_PATH, 'assessment', teacher.accountId)).toBe(false);
    expect(canAddToSet(abilityOf(schoolInfo), 't-1', SCHOOL_PATH, 'assessment', schoolInfo.accountId)).toBe(true);
    expect(canAddToSet(abilityOf(schoolInfo), 't-9', otherSchool, 'skill', schoolInfo.accountId)).toBe(false);
  });
});
