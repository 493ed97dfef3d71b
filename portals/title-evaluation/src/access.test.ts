import { AbilityBuilder, createMongoAbility, type AnyAbility } from '@casl/ability';
import { defineRulesFor, type Principal } from '@tmis/shared';
import { describe, expect, it } from 'vitest';
// The module's own rule contributor (it imports only @tmis/shared): the portal checks with the very rules the gateway adds.
import { titleEvaluationAbilities } from '../../../packages/title-evaluation/src/abilities';
import { allowedTabs, canAllocate, canCheck, canNominate, canOpenRound, canWithdraw } from './access';

const principal = (role: Principal['role'], unitLevel: string, unitPath: string): Principal =>
  ({ accountId: `acc-${role}-${unitLevel}`, role, unitId: `u-${unitLevel}`, unitLevel, unitPath, restricted: false }) as Principal;

/** As the gateway composes it: core rules, then the module's (runtime.composeAbility). */
function abilityOf(p: Principal): AnyAbility {
  const { can, rules } = new AbilityBuilder(createMongoAbility);
  titleEvaluationAbilities(p, can as never);
  return createMongoAbility([...defineRulesFor(p), ...rules] as never);
}

const province = principal('info_admin', 'province', '/1/');
const county = principal('info_admin', 'county', '/1/2/3/');
const school = principal('info_admin', 'school', '/1/2/3/4/');
const countyQuery = principal('query_user', 'county', '/1/2/3/');
const teacher = principal('teacher', 'school', '/1/2/3/4/');

describe('title-evaluation screens and actions per role', () => {
  it.each([
    ['province info admin', province, ['rounds', 'nominations', 'review']],
    ['county info admin', county, ['rounds', 'nominations', 'review']],
    ['school info admin', school, ['rounds', 'nominations']],
    ['county query user', countyQuery, ['rounds', 'nominations']],
    ['teacher', teacher, []],
  ])('%s is offered %j', (_, p, tabs) => {
    expect(allowedTabs(abilityOf(p))).toEqual(tabs);
  });

  it('only the province opens rounds; an authority passes down only its own quota', () => {
    expect(canOpenRound(abilityOf(province))).toBe(true);
    expect(canOpenRound(abilityOf(county))).toBe(false);
    expect(canAllocate(abilityOf(county), { unitId: county.unitId })).toBe(true);
    expect(canAllocate(abilityOf(county), { unitId: 'u-other' })).toBe(false);
    expect(canAllocate(abilityOf(province), { unitId: province.unitId })).toBe(false);
  });

  it('schools nominate and withdraw in their own subtree; authorities and query users do not', () => {
    expect(canNominate(abilityOf(school), '/1/2/3/4/')).toBe(true);
    expect(canNominate(abilityOf(school), '/1/2/3/9/')).toBe(false);
    expect(canNominate(abilityOf(county), '/1/2/3/4/')).toBe(false);
    expect(canNominate(abilityOf(countyQuery), '/1/2/3/4/')).toBe(false);
    expect(canWithdraw(abilityOf(school), { scopePath: '/1/2/3/4/', status: 'in_review' })).toBe(true);
    expect(canWithdraw(abilityOf(school), { scopePath: '/1/2/3/4/', status: 'approved' })).toBe(false);
    expect(canCheck(abilityOf(county), '/1/2/3/4/')).toBe(true);
    expect(canCheck(abilityOf(countyQuery), '/1/2/3/4/')).toBe(false);
  });
});
