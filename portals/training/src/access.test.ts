import { createMongoAbility } from '@casl/ability';
import { packRules, unpackRules } from '@casl/ability/extra';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
import { allowedTabs, canAddRule, canClaimSelfStudy, canCreateProject, canEnrolTeacher, canReadTeacherCredits, projectActions, readsUnitCredits, type ProjectFacts, type UserFacts } from './access';

// The portal checks with the very rules the gateway enforces (packages/shared), packed and
// unpacked as myAbilities sends them; these cases are the gateway's answers for the demo roles.
const NATION = '/1/';
const PROVINCE = '/1/2/';
const COUNTY = '/1/2/3/';
const SCHOOL = '/1/2/3/4/';
const OTHER_SCHOOL = '/1/2/3/9/';

type Who = Principal & UserFacts;
const who = (role: Principal['role'], unitLevel: Principal['unitLevel'], unitPath: string, extra: Partial<Principal> = {}): Who =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false, ...extra }) as Who;
const abilityOf = (p: Principal) => createMongoAbility(unpackRules(packRules(defineRulesFor(p) as never)) as never);

const provTrain = who('training_admin', 'province', PROVINCE);
const provInfo = who('info_admin', 'province', PROVINCE);
const countyTrain = who('training_admin', 'county', COUNTY);
const countyQuery = who('query_user', 'county', COUNTY);
const schoolInfo = who('info_admin', 'school', SCHOOL);
const nationTrain = who('training_admin', 'national', NATION);
const inst = who('training_institution', 'province', PROVINCE, { accountId: 'inst-1' });
const teacher = who('teacher', 'school', SCHOOL, { teacherId: 't-1' });
const sysAdmin = who('system_admin', 'county', COUNTY);

const project = (over: Partial<ProjectFacts> = {}): ProjectFacts => ({
  id: 'p', ownerUnitId: 'u-national', ownerPath: NATION, level: 'national', institutionIds: ['inst-1'], status: 'open', ...over,
});
const provinceProject = project({ ownerUnitId: 'u-province', ownerPath: PROVINCE, level: 'province' });
const schoolProject = project({ ownerUnitId: 'u-school', ownerPath: SCHOOL, level: 'school', institutionIds: [] });

describe('screens per role', () => {
  it.each([
    ['province training admin', provTrain, ['projects', 'credits', 'completion', 'rules', 'approvals']],
    ['province info admin', provInfo, ['projects', 'credits', 'completion', 'rules']],
    ['county query user', countyQuery, ['projects', 'credits', 'completion', 'rules']],
    ['school info admin', schoolInfo, ['projects', 'credits', 'completion', 'rules', 'approvals']],
    ['training institution', inst, ['projects', 'rules']],
    ['teacher', teacher, ['credits', 'rules']],
    ['system admin', sysAdmin, []],
  ])('%s is offered %j', (_, p, tabs) => {
    expect(allowedTabs(abilityOf(p), p)).toEqual(tabs);
  });
});

describe('project actions mirror the gateway', () => {
  it.each([
    // [who, project, enrol, submit, confirm]
    ['province training admin, national project', provTrain, project(), true, false, true],
    ['province training admin, own province project', provTrain, provinceProject, true, true, true],
    ['county training admin, province project', countyTrain, provinceProject, true, false, false],
    ['national training admin, own national project (provinces confirm)', nationTrain, project(), true, true, false],
    ['named institution, national project', inst, project(), false, true, false],
    ['institution not named', { ...inst, accountId: 'inst-2' } as Who, project(), false, false, false],
    ['query user', countyQuery, provinceProject, false, false, false],
    ['school info admin, own school-based project', schoolInfo, schoolProject, true, true, true],
    ['school project waiting for approval', schoolInfo, { ...schoolProject, status: 'pending_approval' }, false, false, true],
  ] as const)('%s', (_, p, proj, enrol, submit, confirm) => {
    const ability = abilityOf(p);
    // The institution's rule names its own account id.
    expect(projectActions(ability, proj)).toMatchObject({ enrol, submit, confirm });
  });

  it.each([
    ['the owner', schoolInfo, schoolProject, true],
    ['the owner, once cancelled', schoolInfo, { ...schoolProject, status: 'cancelled' }, false],
    ['a county training admin, province project', countyTrain, provinceProject, false],
    ['a named institution', inst, project(), false],
  ] as const)('cancel is offered to %s: %s', (_n, who, proj, cancel) => {
    expect(projectActions(abilityOf(who), proj).cancel).toBe(cancel);
  });

  it('enrolment is for teachers in scope; school-based training for the school’s own', () => {
    expect(canEnrolTeacher(abilityOf(countyTrain), provinceProject, SCHOOL)).toBe(true);
    expect(canEnrolTeacher(abilityOf(schoolInfo), provinceProject, OTHER_SCHOOL)).toBe(false);
    expect(canEnrolTeacher(abilityOf(countyTrain), schoolProject, OTHER_SCHOOL)).toBe(false);
    expect(canEnrolTeacher(abilityOf(countyTrain), schoolProject, SCHOOL)).toBe(true);
    expect(canEnrolTeacher(abilityOf(teacher), provinceProject, SCHOOL)).toBe(false);
  });

  it('projects are registered at the owner’s level by training and information admins', () => {
    expect(canCreateProject(abilityOf(provTrain), provTrain)).toBe(true);
    expect(canCreateProject(abilityOf(schoolInfo), schoolInfo)).toBe(true);
    expect(canCreateProject(abilityOf(countyQuery), countyQuery)).toBe(false);
    expect(canCreateProject(abilityOf(inst), inst)).toBe(false);
    expect(canCreateProject(abilityOf(teacher), teacher)).toBe(false);
  });
});

describe('credits, self-study and rules', () => {
  it('teachers read only their own credits; authorities read their scope', () => {
    expect(canReadTeacherCredits(abilityOf(teacher), 't-1', SCHOOL)).toBe(true);
    expect(canReadTeacherCredits(abilityOf(teacher), 't-2', SCHOOL)).toBe(false);
    expect(readsUnitCredits(abilityOf(teacher), teacher)).toBe(false);
    expect(canReadTeacherCredits(abilityOf(countyQuery), 't-2', SCHOOL)).toBe(true);
    expect(canReadTeacherCredits(abilityOf(schoolInfo), 't-9', OTHER_SCHOOL)).toBe(false);
  });

  it('self-study is claimed by the teacher or the school, not by an authority', () => {
    expect(canClaimSelfStudy(abilityOf(teacher), 't-1', SCHOOL)).toBe(true);
    expect(canClaimSelfStudy(abilityOf(teacher), 't-2', SCHOOL)).toBe(false);
    expect(canClaimSelfStudy(abilityOf(schoolInfo), 't-2', SCHOOL)).toBe(true);
    expect(canClaimSelfStudy(abilityOf(countyTrain), 't-2', SCHOOL)).toBe(false);
  });

  it('only the province information admin adds conversion-rule versions', () => {
    expect(canAddRule(abilityOf(provInfo), provInfo)).toBe(true);
    expect(canAddRule(abilityOf(provTrain), provTrain)).toBe(false);
    expect(canAddRule(abilityOf(who('info_admin', 'county', COUNTY)), who('info_admin', 'county', COUNTY))).toBe(false);
  });
});
