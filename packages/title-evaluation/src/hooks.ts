import { actorEvent, appendAudit, endOpenRecords, onApproved, onSettled, Teacher, writeSystemRecord } from '@tmis/gateway/sdk';
import { TitleNomination } from './entities.js';
import { titleError } from './errors.js';
import { today } from './nomination.service.js';
import { TITLE_WORKFLOW } from './workflow.js';

/**
 * The effects of the review, in the approving transaction. The province's approval appoints
 * the title: an effective record in the archive's title set (专业技术职务聘任), which also sets
 * the teacher's current title. Any end of a case mirrors onto the nomination; a nomination that
 * did not pass gives its place back to the quota.
 */
onApproved(TITLE_WORKFLOW.type, async (tx, approvalCase, ctx) => {
  const n = await tx.findOneOrFail(TitleNomination, { id: approvalCase.subjectId });
  const teacher = await tx.findOneOrFail(Teacher, { id: n.teacherId });
  // The authority returns the case instead; nothing is written.
  if (teacher.employmentStatus !== 'active' || teacher.school.id !== n.schoolId) throw titleError('TITLE_NOMINATION_STALE');
  // The previous appointment ends the day before the new one begins: one title at a time in the history.
  const start = today();
  const dayBefore = new Date(Date.parse(`${start}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  await endOpenRecords(tx, ctx, { teacherId: n.teacherId, infoSet: 'title_appointment', endDate: dayBefore, reason: `聘任为${n.targetTitle}（职称评聘）` });
  const record = await writeSystemRecord(tx, ctx, {
    teacherId: n.teacherId, infoSet: 'title_appointment', enteredBy: n.nominatedBy,
    data: { startDate: start, title: n.targetTitle, appointingUnit: n.schoolName },
  });
  n.archiveRecordId = record.id;
  await tx.flush();
  await appendAudit(tx, [actorEvent(ctx, {
    action: 'title_evaluation.appoint', targetType: 'Teacher', targetId: n.teacherId,
    detail: { nominationId: n.id, title: n.targetTitle, archiveRecordId: record.id, caseId: approvalCase.id },
  })]);
});

onSettled(TITLE_WORKFLOW.type, async (tx, approvalCase, { comment }) => {
  const n = await tx.findOneOrFail(TitleNomination, { id: approvalCase.subjectId });
  n.status = approvalCase.status === 'in_progress' ? 'in_review' : approvalCase.status;
  n.closeReason = comment;
  await tx.flush();
  if (n.status !== 'approved') {
    await tx.getConnection().execute(`update title_evaluation_quota set used = used - 1, updated_at = now() where id = ?`, [n.quotaId], 'run', tx.getTransactionContext());
  }
});
