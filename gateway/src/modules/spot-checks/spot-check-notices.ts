import type { EntityManager } from '@mikro-orm/postgresql';
import { notify } from '../../platform/approvals/notify.js';
import type { SpotCheck, SpotCheckItem } from './spot-check.entity.js';

/** A correction task notice (整改任务): done when the school completes the correction. */
export const CORRECTION_TASK = 'correction_task';

const RESULT_NAME: Record<string, string> = { inaccurate: '信息不准确', missing_data: '信息缺失' };

interface ItemRow { id: string; school_id: string; teacher_id: string; name: string; result: string; finding: string | null }

/**
 * At publication (issue 13.5): each drawn school is told its result; each inaccurate or missing
 * finding is a correction task for the school's information admins, and its teacher is told
 * what was found.
 */
export async function noticePublished(tx: EntityManager, check: SpotCheck): Promise<void> {
  const items = await tx.getConnection().execute<ItemRow[]>(
    `select i.id, i.school_id, i.teacher_id, t.name, i.result, i.finding from spot_check_item i join teacher t on t.id = i.teacher_id
      where i.spot_check_id = ? order by i.ordinal`, [check.id], 'all', tx.getTransactionContext());
  const perSchool = new Map<string, { drawn: number; tasks: number }>();
  for (const schoolId of check.drawnSchoolIds) perSchool.set(schoolId, { drawn: 0, tasks: 0 });
  for (const i of items) {
    const s = perSchool.get(i.school_id) ?? { drawn: 0, tasks: 0 };
    s.drawn += 1;
    if (RESULT_NAME[i.result]) s.tasks += 1;
    perSchool.set(i.school_id, s);
  }
  for (const [schoolId, s] of perSchool) {
    await notify(tx, [{ unitId: schoolId, role: 'info_admin' }], {
      kind: 'spot_check_published', subjectType: 'SpotCheck', subjectId: check.id,
      message: `「${check.title}」抽查结果已通报：本校抽查${s.drawn}人，${s.tasks ? `${s.tasks}人需整改` : '均准确'}`,
    });
  }
  for (const i of items.filter((x) => RESULT_NAME[x.result])) {
    const what = `${RESULT_NAME[i.result]}${i.finding ? `（${i.finding}）` : ''}`;
    await notify(tx, [{ unitId: i.school_id, role: 'info_admin' }], {
      kind: CORRECTION_TASK, subjectType: 'SpotCheckItem', subjectId: i.id,
      message: `整改任务：「${check.title}」抽查发现${i.name}的档案${what}，请核实更正后办结`,
    });
    await notify(tx, [{ teacherId: i.teacher_id }], {
      kind: 'spot_check_finding', subjectType: 'SpotCheckItem', subjectId: i.id,
      message: `您的档案在「${check.title}」抽查中发现${what}，学校将与您核实更正`,
    });
  }
}

/** The authority that drew the check learns that one task is done. */
export async function noticeCorrected(tx: EntityManager, item: SpotCheckItem): Promise<void> {
  const [row] = await tx.getConnection().execute<{ title: string; authority_unit_id: string; name: string }[]>(
    `select c.title, c.authority_unit_id, t.name from spot_check c join teacher t on t.id = ? where c.id = ?`,
    [item.teacher.id, item.spotCheck.id], 'all', tx.getTransactionContext());
  if (!row) return;
  await notify(tx, [{ unitId: row.authority_unit_id, role: 'info_admin' }], {
    kind: 'correction_done', subjectType: 'SpotCheckItem', subjectId: item.id,
    message: `「${row.title}」抽查中${row.name}的整改已办结：${item.correctionNote ?? ''}`,
  });
}
