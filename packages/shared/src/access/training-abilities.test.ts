import { describe, expect, it } from 'vitest';
import { subject } from '@casl/ability';
import { defineAbilityFor } from './abilities.js';
import type { Principal } from './principal.js';
import type { Action, SubjectType } from './subjects.js';

/** Issue 5: who may do what with training projects, results, credits, rules and registrations. */
const at = (role: Principal['role'], unitPath: string, unitLevel: Principal['unitLevel'], extra: Partial<Principal> = {}): Principal => ({
  accountId: `acc-${role}-${unitPath}`, role, unitId: `unit${unitPath}`, unitPath, unitLevel, ...extra,
});
// national /1/ → province /1/2/ → county /1/2/3/ → school /1/2/3/4/; another province /1/9/
const national = { id: 'p-n', ownerUnitId: 'unit/1/', ownerPath: '/1/', level: 'national', institutionIds: 'inst-1 inst-2' };
const county = { id: 'p-c', ownerUnitId: 'unit/1/2/3/', ownerPath: '/1/2/3/', level: 'county', institutionIds: '' };
const otherProvince = { id: 'p-o', ownerUnitId: 'unit/1/9/', ownerPath: '/1/9/', level: 'province', institutionIds: '' };
const school = { id: 'p-s', ownerUnitId: 'unit/1/2/3/4/', ownerPath: '/1/2/3/4/', level: 'school', institutionIds: '' };

type Row = [string, Principal, Action, SubjectType, Record<string, unknown>, boolean];

describe('training rules', () => {
  it.each<Row>([
    ['a school sees the national project (to enrol)', at('info_admin', '/1/2/3/4/', 'school'), 'read', 'TrainingProject', national, true],
    ['a school sees its county project', at('query_user', '/1/2/3/4/', 'school'), 'read', 'TrainingProject', county, true],
    ['no one sees another province project', at('training_admin', '/1/2/3/', 'county'), 'read', 'TrainingProject', otherProvince, false],
    ['the county sees its school-based projects', at('training_admin', '/1/2/3/', 'county'), 'read', 'TrainingProject', school, true],
    ['the county confirms its own project', at('training_admin', '/1/2/3/', 'county'), 'approve', 'TrainingProject', county, true],
    ['the ministry does not confirm a national project', at('training_admin', '/1/', 'national'), 'approve', 'TrainingProject', national, false],
    ['a province confirms national projects', at('training_admin', '/1/2/', 'province'), 'approve', 'TrainingProject', national, true],
    ['a county does not confirm national projects', at('info_admin', '/1/2/3/', 'county'), 'approve', 'TrainingProject', national, false],
    ['a query user confirms nothing', at('query_user', '/1/2/3/', 'county'), 'approve', 'TrainingProject', county, false],
    ['a named institution submits results', at('training_institution', '/1/2/', 'province', { accountId: 'inst-2' }), 'submit', 'TrainingProject', national, true],
    ['an institution not named does not see the project', at('training_institution', '/1/2/', 'province', { accountId: 'inst-3' }), 'read', 'TrainingProject', national, false],
    ['an institution is not fooled by a prefix', at('training_institution', '/1/2/', 'province', { accountId: 'inst' }), 'read', 'TrainingProject', national, false],
    ['a school enrols its teacher', at('info_admin', '/1/2/3/4/', 'school'), 'create', 'TrainingEnrolment', { scopePath: '/1/2/3/4/' }, true],
    ['a school does not enrol another school\'s teacher', at('info_admin', '/1/2/3/4/', 'school'), 'create', 'TrainingEnrolment', { scopePath: '/1/2/3/5/' }, false],
    ['a system admin has no training rights', at('system_admin', '/1/2/3/', 'county'), 'read', 'TrainingCredit', { scopePath: '/1/2/3/4/', teacherId: 't' }, false],
    ['a teacher reads their own credits', at('teacher', '/1/2/3/4/', 'school', { teacherId: 't1' }), 'read', 'TrainingCredit', { scopePath: '/1/2/3/4/', teacherId: 't1' }, true],
    ['a teacher does not read a colleague\'s', at('teacher', '/1/2/3/4/', 'school', { teacherId: 't1' }), 'read', 'TrainingCredit', { scopePath: '/1/2/3/4/', teacherId: 't2' }, false],
    ['a teacher claims self-study for themself', at('teacher', '/1/2/3/4/', 'school', { teacherId: 't1' }), 'create', 'TrainingSelfStudy', { teacherId: 't1', scopePath: '/1/2/3/4/' }, true],
    ['the province info admin adds a rule version', at('info_admin', '/1/2/', 'province'), 'create', 'TrainingRule', { provinceUnitId: 'unit/1/2/' }, true],
    ['the province training admin does not', at('training_admin', '/1/2/', 'province'), 'create', 'TrainingRule', { provinceUnitId: 'unit/1/2/' }, false],
    ['a county info admin does not', at('info_admin', '/1/2/3/', 'county'), 'create', 'TrainingRule', { provinceUnitId: 'unit/1/2/3/' }, false],
    ['a school info admin applies for registration', at('info_admin', '/1/2/3/4/', 'school'), 'create', 'QualificationRegistration', { teacherId: 't', scopePath: '/1/2/3/4/' }, true],
    ['a county info admin does not apply', at('info_admin', '/1/2/3/', 'county'), 'create', 'QualificationRegistration', { teacherId: 't', scopePath: '/1/2/3/4/' }, false],
    ['a teacher applies for themself', at('teacher', '/1/2/3/4/', 'school', { teacherId: 't1' }), 'create', 'QualificationRegistration', { teacherId: 't1', scopePath: '/1/2/3/4/' }, true],
  ])('%s', (_name, p, action, type, row, allowed) => {
    expect(defineAbilityFor(p).can(action, subject(type, { ...row }) as never)).toBe(allowed);
  });
});
