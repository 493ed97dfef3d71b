import { describe, expect, it } from 'vitest';
import { canBeChildOf, childLevelsOf, isAdministrativeLevel, unitLevelLabel, unitLevelRank, type UnitLevel } from './levels.js';

describe('childLevelsOf', () => {
  it.each<[UnitLevel, UnitLevel[]]>([
    ['national', ['province', 'school']],
    ['province', ['city', 'school']],
    ['city', ['county', 'school']],
    ['county', ['school']],
    ['school', ['department']],
    ['department', ['department']],
  ])('%s → %j', (level, expected) => {
    expect(childLevelsOf(level)).toEqual(expected);
  });
});

describe('canBeChildOf', () => {
  it.each<[UnitLevel, UnitLevel, boolean]>([
    ['school', 'national', true],
    ['county', 'province', false],
    ['city', 'province', true],
    ['province', 'city', false],
    ['department', 'school', true],
    ['department', 'department', true],
    ['school', 'school', false],
  ])('%s under %s → %s', (child, parent, expected) => {
    expect(canBeChildOf(child, parent)).toBe(expected);
  });
});

describe('isAdministrativeLevel', () => {
  it.each<[UnitLevel, boolean]>([
    ['national', true],
    ['province', true],
    ['city', true],
    ['county', true],
    ['school', false],
    ['department', false],
  ])('%s → %s', (level, expected) => {
    expect(isAdministrativeLevel(level)).toBe(expected);
  });
});

it.each<[UnitLevel, number, string, string]>([
  ['national', 0, '国家', 'National'],
  ['county', 3, '县级', 'County'],
  ['department', 5, '二级部门', 'Department'],
])('%s has rank %i and labels %s/%s', (level, rank, zh, en) => {
  expect(unitLevelRank(level)).toBe(rank);
  expect(unitLevelLabel(level)).toBe(zh);
  expect(unitLevelLabel(level, 'en')).toBe(en);
});
