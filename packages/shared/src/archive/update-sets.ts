import type { StageCode } from '../codes/lists/stage.js';
import type { InfoSetCode } from './info-sets.js';

/**
 * The information sets every teacher's archive must bring up to date in each update campaign
 * (信息更新: by 31 March and 30 September, seed 000 art. 18), by school stage. A teacher counts as
 * updated when each of these sets has an entry in the window or the school's explicit
 * "confirmed unchanged" (确认无变化).
 *
 * The core is the list of seed 004 §3 ("教师基本信息、学习经历、工作经历、岗位聘任、教育教学、
 * 培训研修等基础信息"), with 培训研修 as 国内培训; 教育教学 is not collected in kindergartens
 * (seed 002, `INFO_SETS` stages). The other sets (awards, talent programmes, overseas study,
 * skills, rotations, assessments …) are entered when there is something to enter; a campaign does
 * not wait for them.
 */
const CORE: readonly InfoSetCode[] = ['basic', 'education', 'work_history', 'post_appointment', 'domestic_training'];
const WITH_TEACHING: readonly InfoSetCode[] = ['basic', 'education', 'work_history', 'post_appointment', 'teaching', 'domestic_training'];

export const UPDATE_REQUIRED_SETS: Readonly<Record<StageCode, readonly InfoSetCode[]>> = {
  kindergarten: CORE,
  primary_secondary: WITH_TEACHING,
  secondary_vocational: WITH_TEACHING,
  special_education: WITH_TEACHING,
  higher_education: WITH_TEACHING,
  teacher_training: WITH_TEACHING,
  out_of_school: WITH_TEACHING,
};

/** The sets required in an update campaign for a teacher of this stage; an unknown or missing stage gets the core. */
export function updateRequiredSets(stage: string | null | undefined): readonly InfoSetCode[] {
  return (stage != null && UPDATE_REQUIRED_SETS[stage as StageCode]) || CORE;
}

/** The key `updateRequiredPairs` gives teachers without a (known) stage. */
export const NO_STAGE = 'none';

/** (stage, set) pairs of the table, `NO_STAGE` standing for a teacher without a known stage: the rows SQL joins on. */
export function updateRequiredPairs(): { stages: string[]; sets: string[] } {
  const stages: string[] = [];
  const sets: string[] = [];
  for (const [stage, codes] of [...Object.entries(UPDATE_REQUIRED_SETS), [NO_STAGE, CORE] as const]) {
    for (const code of codes) {
      stages.push(stage);
      sets.push(code);
    }
  }
  return { stages, sets };
}
