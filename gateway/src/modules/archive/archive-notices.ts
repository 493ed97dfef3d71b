import { getInfoSet } from '@tmis/shared';
import type { EntityManager } from '@mikro-orm/postgresql';
import { closeTaskNotices, notify, type NoticeTarget } from '../../platform/approvals/notify.js';
import { INDICATOR_SET } from '../indicators/indicator.service.js';
import type { ArchiveRecord } from './archive-record.entity.js';

/**
 * What the people concerned are told when a record is returned or a change request decided
 * (issue 13.5): the one who submitted it, the teacher whose archive it is, and — for a change
 * request, or a return at the authority's step — the school's information admins, who filed or
 * passed it. A return is a task: it is done once the record is submitted again.
 */
export const RECORD_RETURNED = 'record_returned';

function setName(code: string): string {
  return code === INDICATOR_SET ? '拓展指标' : getInfoSet(code)?.name ?? code;
}

function recipients(r: ArchiveRecord, school: boolean): NoticeTarget[] {
  const out: NoticeTarget[] = [{ teacherId: r.teacher.id }];
  if (r.submittedBy) out.push({ accountId: r.submittedBy });
  if (school) out.push({ unitId: r.teacher.school.id, role: 'info_admin' });
  return out;
}

const isChangeRequest = (r: ArchiveRecord): boolean => r.changeKind === 'change' || r.changeKind === 'delete';

/** `from`: the status the record was returned from (submitted: by the school; school_approved: by the authority). */
export async function noticeReturned(tx: EntityManager, r: ArchiveRecord, from: string, reason: string): Promise<void> {
  const what = `${r.teacher.name}的「${setName(r.infoSet)}」`;
  if (isChangeRequest(r)) {
    await notify(tx, recipients(r, true), {
      kind: 'change_request_refused', subjectType: 'ArchiveRecord', subjectId: r.id,
      message: `${what}${r.changeKind === 'delete' ? '删除' : '变更'}申请未获批准，原因：${reason}`,
    });
    return;
  }
  await notify(tx, recipients(r, from === 'school_approved'), {
    kind: RECORD_RETURNED, subjectType: 'ArchiveRecord', subjectId: r.id,
    message: `${what}信息被${from === 'submitted' ? '学校' : '主管教育行政部门'}退回，请修改后重新提交。原因：${reason}`,
  });
}

/** A change request made effective by the supervising authority. */
export async function noticeChangeApproved(tx: EntityManager, r: ArchiveRecord): Promise<void> {
  if (!isChangeRequest(r)) return;
  await notify(tx, recipients(r, true), {
    kind: 'change_request_approved', subjectType: 'ArchiveRecord', subjectId: r.id,
    message: `${r.teacher.name}的「${setName(r.infoSet)}」${r.changeKind === 'delete' ? '删除' : '变更'}申请已批准，档案已更新`,
  });
}

/** Submitting a returned record again handles its return notice. */
export async function closeReturnNotice(tx: EntityManager, r: ArchiveRecord): Promise<void> {
  await closeTaskNotices(tx, RECORD_RETURNED, 'ArchiveRecord', r.id);
}
