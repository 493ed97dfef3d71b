import { describe, expect, it } from 'vitest';
import { stageList } from '../codes/lists/stage.js';
import { getInfoSet, infoSetAppliesTo } from './info-sets.js';
import { NO_STAGE, UPDATE_REQUIRED_SETS, updateRequiredPairs, updateRequiredSets } from './update-sets.js';

describe('sets required in an update campaign', () => {
  it.each([
    ['kindergarten', ['basic', 'education', 'work_history', 'post_appointment', 'domestic_training']],
    ['primary_secondary', ['basic', 'education', 'work_history', 'post_appointment', 'teaching', 'domestic_training']],
    ['secondary_vocational', ['basic', 'education', 'work_history', 'post_appointment', 'teaching', 'domestic_training']],
    ['higher_education', ['basic', 'education', 'work_history', 'post_appointment', 'teaching', 'domestic_training']],
    [null, ['basic', 'education', 'work_history', 'post_appointment', 'domestic_training']],
    ['no_such_stage', ['basic', 'education', 'work_history', 'post_appointment', 'domestic_training']],
  ])('a teacher of stage %s updates %j', (stage, sets) => {
    expect(updateRequiredSets(stage)).toEqual(sets);
  });

  it('covers every stage of the code list', () => {
    expect(Object.keys(UPDATE_REQUIRED_SETS).sort()).toEqual(stageList.items.map((i) => i.code).sort());
  });

  it.each(Object.entries(UPDATE_REQUIRED_SETS))('every set required for %s exists and is collected at that stage', (stage, sets) => {
    for (const code of sets) {
      const def = getInfoSet(code);
      expect(def, code).toBeDefined();
      expect(infoSetAppliesTo(def!, stage), `${code} at ${stage}`).toBe(true);
    }
  });

  it('gives SQL one (stage, set) row per requirement, with a row set for teachers without a stage', () => {
    const { stages, sets } = updateRequiredPairs();
    expect(stages).toHaveLength(sets.length);
    const kindergarten = sets.filter((_, i) => stages[i] === 'kindergarten');
    expect(kindergarten).toEqual(updateRequiredSets('kindergarten'));
    expect(sets.filter((_, i) => stages[i] === NO_STAGE)).toEqual(updateRequiredSets(null));
  });
});
