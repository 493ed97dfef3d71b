import { NO_STAGE, updateRequiredPairs } from '@tmis/shared';
import { pgArray } from '../../platform/db/sql.js';
import { windowBounds } from './campaign-rules.js';
import type { UpdateCampaign } from './campaign.entity.js';

/**
 * What "updated in a campaign" means, as SQL (issue 13.6): a teacher is updated when every
 * information set required for their stage (`UPDATE_REQUIRED_SETS`) has a record entered or
 * submitted inside the window, or the school's "confirmed unchanged" (确认无变化) in the window.
 * One record is not enough. The database decides it over the whole subtree in one statement
 * (a province holds about two million teachers), never per teacher in JavaScript.
 *
 * `sql` holds the common table expressions, to follow a `with`:
 * - `need(stage, sets)`: the required sets per stage (`NO_STAGE` for a teacher without a known stage);
 * - `rec(teacher_id, entered, submitted, approved, returned, pending, sets)`: one pass over the
 *   subtree's records (they move with the teacher on a transfer) — the review activity of the
 *   window and the sets a record was entered or submitted for in it;
 * - `conf(teacher_id, sets)`: the sets confirmed unchanged in this campaign, by teacher.
 *
 * A statement reads them for teachers `t` of the subtree joined with
 * `need on need.stage = ${STAGE_OF_T}`, `rec r` and `conf f` (left joins); `UPDATED` is then
 * the test for a teacher who is updated, `MISSING` the array of the sets still missing.
 */
export function updateCtes(campaign: UpdateCampaign, unitPath: string): { sql: string; params: unknown[] } {
  const { stages, sets } = updateRequiredPairs();
  const { from, to } = windowBounds(campaign.opensOn, campaign.deadline);
  const params: unknown[] = [];
  // Parameters in the order their placeholders appear.
  const p = (...values: unknown[]): string => {
    params.push(...values);
    return values.map(() => '?').join(', ');
  };
  const inWindow = (col: string): string => `(${col} >= ${p(from.toISOString())} and ${col} < ${p(to.toISOString())})`;
  const sql = `
    need(stage, sets) as (
      select stage, array_agg(info_set) from unnest(${p(pgArray(stages))}::text[], ${p(pgArray(sets))}::text[]) as req(stage, info_set) group by stage),
    rec as (
      select teacher_id,
             bool_or(${inWindow('entered_at')}) as entered,
             bool_or(${inWindow('submitted_at')}) as submitted,
             bool_or(status in ('effective', 'superseded') and ${inWindow('valid_from')} and change_kind <> 'delete') as approved,
             count(*) filter (where status = 'returned') as returned,
             count(*) filter (where status in ('submitted', 'school_approved')) as pending,
             array_agg(distinct info_set::text) filter (where ${inWindow('entered_at')} or ${inWindow('submitted_at')}) as sets
        from archive_record
       where scope_path like ${p(`${unitPath}%`)}
         and (entered_at >= ${p(from.toISOString())} or submitted_at >= ${p(from.toISOString())} or valid_from >= ${p(from.toISOString())}
              or status in ('returned', 'submitted', 'school_approved'))
       group by teacher_id),
    conf as (
      select teacher_id, array_agg(info_set::text) as sets
        from campaign_confirmation
       where campaign_id = ${p(campaign.id)} and ${inWindow('confirmed_at')} and teacher_id in (select id from teacher where scope_path like ${p(`${unitPath}%`)})
       group by teacher_id)`;
  return { sql, params };
}

/** The stage a teacher `t`'s requirement is looked up by. */
export const STAGE_OF_T = `(case when t.stage in (select stage from need) then t.stage else '${NO_STAGE}' end)`;

const COVERED = `(coalesce(r.sets, '{}') || coalesce(f.sets, '{}'))`;

/** True for a teacher `t` (with `need`, `rec r`, `conf f` joined) who is updated in the campaign. */
export const UPDATED = `(need.sets <@ ${COVERED})`;

/** The required sets a teacher `t` still misses. */
export const MISSING = `array(select s from unnest(need.sets) s where s <> all(${COVERED}))`;

/** Current teachers, as progress counts them (在岗 and 长期不在岗). */
export const CURRENT_TEACHER = `t.employment_status in ('active', 'long_absence')`;
