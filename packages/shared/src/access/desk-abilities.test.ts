import { describe, expect, it } from 'vitest';
import { subject } from '@casl/ability';
import { defineAbilityFor } from './abilities.js';
import type { Principal } from './principal.js';
import type { Action, SubjectType } from './subjects.js';

/**
 * Issue 13 point 2, the right desk for each step. The province /1/2/ runs the city /1/2/3/ and the
 * school /1/2/7/; the city runs the county /1/2/3/4/ and the school /1/2/3/8/; the county runs
 * the school /1/2/3/4/5/ with its department /1/2/3/4/5/6/.
 */
const at = (role: Principal['role'], unitPath: string, unitLevel: Principal['unitLevel'], authorityPathsBelow: string[] = []): Principal => ({
  accountId: `acc-${role}-${unitPath}`, role, unitId: `unit${unitPath}`, unitPath, unitLevel, authorityPathsBelow,
});
const province = at('info_admin', '/1/2/', 'province', ['/1/2/3/']);
const city = at('info_admin', '/1/2/3/', 'city', ['/1/2/3/4/']);
const county = at('info_admin', '/1/2/3/4/', 'county');
const school = at('info_admin', '/1/2/3/4/5/', 'school');
const department = at('info_admin', '/1/2/3/4/5/6/', 'department');
const countyQuery = at('query_user', '/1/2/3/4/', 'county');

const COUNTY_SCHOOL = '/1/2/3/4/5/';
const COUNTY_DEPT = '/1/2/3/4/5/6/';
const CITY_SCHOOL = '/1/2/3/8/';
const PROVINCE_SCHOOL = '/1/2/7/';

const record = (scopePath: string, status: string) => ['ArchiveRecord', { scopePath, status, teacherId: 't', infoSet: 'skill', changeKind: 'add' }] as const;
const statusChange = (scopePath: string) => ['StatusChange', { scopePath, teacherId: 't' }] as const;

describe('who may act at each step', () => {
  it.each<[string, Principal, Action, readonly [SubjectType, Record<string, unknown>], boolean]>([
    ['the school changes a status', school, 'create', statusChange(COUNTY_SCHOOL), true],
    ['the school, for its department', school, 'create', statusChange(COUNTY_DEPT), true],
    ['the department itself', department, 'create', statusChange(COUNTY_DEPT), true],
    ['not the county', county, 'create', statusChange(COUNTY_SCHOOL), false],
    ['not the city, even for its own school', city, 'create', statusChange(CITY_SCHOOL), false],
    ['not a query user', countyQuery, 'create', statusChange(COUNTY_SCHOOL), false],
    ['the school reviews', school, 'review', record(COUNTY_SCHOOL, 'submitted'), true],
    ['the county approves for its school', county, 'approve', record(COUNTY_SCHOOL, 'school_approved'), true],
    ['the county approves for a department of its school', county, 'approve', record(COUNTY_DEPT, 'school_approved'), true],
    ['not the city, for the county\'s school', city, 'approve', record(COUNTY_SCHOOL, 'school_approved'), false],
    ['the city approves for the school it runs', city, 'approve', record(CITY_SCHOOL, 'school_approved'), true],
    ['not the province, for the county\'s school', province, 'approve', record(COUNTY_SCHOOL, 'school_approved'), false],
    ['not the province, for the city\'s school', province, 'approve', record(CITY_SCHOOL, 'school_approved'), false],
    ['the province approves for the school it runs', province, 'approve', record(PROVINCE_SCHOOL, 'school_approved'), true],
    ['the county changes an effective record of its school', county, 'change', record(COUNTY_SCHOOL, 'effective'), true],
    ['not the city, for the county\'s school', city, 'change', record(COUNTY_SCHOOL, 'effective'), false],
    ['the city still reads the county\'s records', city, 'read', record(COUNTY_SCHOOL, 'school_approved'), true],
  ])('%s', (_name, p, action, [type, row], expected) => {
    expect(defineAbilityFor(p).can(action, subject(type, { ...row }) as never)).toBe(expected);
  });
});
