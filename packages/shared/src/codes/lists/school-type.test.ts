import { expect, it } from 'vitest';
import { schoolTypeList, stageOfSchoolType } from './school-type.js';
import { stageList, type StageCode } from './stage.js';

const stages = new Set(stageList.items.map((i) => i.code));

it('lists every school type of the Beijing plan, attachment 1', () => {
  expect(schoolTypeList.items).toHaveLength(48);
});

it.each(schoolTypeList.items.map((i) => [i.code, i.parent]))('school type %s maps to stage %s', (code, parent) => {
  expect(stages.has(parent!)).toBe(true);
  expect(stageOfSchoolType(code)).toBe(parent);
});

it.each<[string, StageCode | undefined]>([
  ['111', 'kindergarten'],
  ['119', 'kindergarten'],
  ['211', 'primary_secondary'],
  ['345', 'primary_secondary'],
  ['371', 'primary_secondary'],
  ['361', 'secondary_vocational'],
  ['369', 'secondary_vocational'],
  ['411', 'higher_education'],
  ['429', 'higher_education'],
  ['519', 'special_education'],
  ['000', undefined],
])('stageOfSchoolType(%s) → %s', (code, stage) => {
  expect(stageOfSchoolType(code)).toBe(stage);
});
