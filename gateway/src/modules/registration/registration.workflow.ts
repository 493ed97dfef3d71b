import { todayInChina } from '@tmis/shared';
import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';
import { onApproved, onSettled } from '../../platform/approvals/approval-hooks.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { Notification } from '../../platform/approvals/notification.entity.js';
import { ArchiveRecord } from '../archive/archive-record.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Unit } from '../units/unit.entity.js';
import { finalApprover } from '../training/training.workflows.js';
import { RegistrationApplication, RegistrationBatch, type RegistrationResult } from './registration.entity.js';
import { eligibilityOf } from './registration-facts.js';
import { failedReasons, validUntil } from './eligibility.js';

export const REGISTRATION_SET = 'qualification_registration';

/** 教师资格定期注册: the school reviews its applications, the supervising authority decides. */
export const REGISTRATION = defineWorkflow({
  type: 'qualification_registration',
  name: '教师资格定期注册',
  steps: [
    { key: 'school', name: '学校审核', actor: { relation: 'school', role: 'info_admin' } },
    { key: 'authority', name: '主管教育行政部门注册', actor: { relation: 'authority', role: 'info_admin' } },
  ],
});

let registered = false;

const RESULT_NAME: Record<RegistrationResult, string> = { registered: '注册合格', deferred: '暂缓注册', refused: '不予注册' };
const RESULTS_IN_ORDER: RegistrationResult[] = ['registered', 'deferred', 'refused'];

/**
 * On the authority's final approval, each application of the batch gets its result: the one
 * the authority chose, or — approved without a choice — registered when eligible and deferred
 * with the unmet conditions otherwise. Eligibility is computed again at this moment (credits
 * confirmed since the application count). The result goes to the archive as an effective record.
 */
export function registerRegistrationHooks(): void {
  if (registered) return;
  registered = true;
  // A case that ends otherwise (returned, withdrawn, cancelled) releases its applications at once.
  onSettled(REGISTRATION.type, async (tx, c) => {
    if (c.status === 'approved') return;
    await tx.nativeUpdate(RegistrationApplication, { batchId: c.subjectId, status: 'in_review' }, { status: 'returned' });
  });
  onApproved(REGISTRATION.type, async (tx, c) => {
    const batch = await tx.findOneOrFail(RegistrationBatch, { id: c.subjectId });
    const authority = await tx.findOneOrFail(Unit, { id: batch.authorityId });
    const by = await finalApprover(tx, c.id);
    const now = new Date();
    const today = todayInChina(now);
    const apps = await tx.find(RegistrationApplication, { batchId: batch.id, status: 'in_review' }, { orderBy: { createdAt: 'asc' } });
    const counts: Record<string, number> = {};
    for (const a of apps) {
      const { cycle, eligibility } = await eligibilityOf(tx, a.teacherId, a.certificateNo, a.year);
      const result: RegistrationResult = a.decision ?? (eligibility.eligible ? 'registered' : 'deferred');
      const reason = a.decisionReason ?? (result === 'registered' ? null : failedReasons(eligibility));
      Object.assign(a, {
        status: result, eligibility, cycleStartYear: cycle.startYear, cycleEndYear: cycle.endYear, resultReason: reason,
        decidedBy: by.id, decidedAt: now, validUntil: result === 'registered' ? validUntil(today) : null,
      });
      const data: Record<string, unknown> = {
        certificateNo: a.certificateNo, cycleStartYear: cycle.startYear, cycleEndYear: cycle.endYear, result, decisionDate: today, authority: authority.name.slice(0, 100),
      };
      if (reason) data.reason = reason.slice(0, 500);
      if (a.validUntil) data.validUntil = a.validUntil;
      const teacher = await tx.findOneOrFail(Teacher, { id: a.teacherId });
      const record = tx.create(ArchiveRecord, {
        teacher, infoSet: REGISTRATION_SET, data, status: 'effective', scopePath: teacher.scopePath, origin: 'authority', changeKind: 'add',
        enteredBy: a.createdBy, enteredAt: a.createdAt, submittedBy: a.createdBy, submittedAt: a.createdAt, approvedBy: by.id, approvedAt: now, validFrom: now,
      });
      await tx.flush();
      a.archiveRecordId = record.id;
      counts[result] = (counts[result] ?? 0) + 1;
    }
    await tx.flush();
    await appendAudit(tx, [{ actorId: by.id, actorUsername: by.username, unitId: by.unitId, scopePath: by.scopePath, action: 'registration.decided',
      targetType: 'RegistrationBatch', targetId: batch.id, detail: { caseId: c.id, ...counts } }]);
    // Each teacher is told their own result; the school, how the batch was decided — never plain
    // "approved", which a deferral or refusal is not.
    for (const a of apps) {
      const accounts = await tx.getConnection().execute<{ id: string }[]>(
        `select id from account where teacher_id = ? and role = 'teacher'`, [a.teacherId], 'all', tx.getTransactionContext());
      const why = a.resultReason ? `，原因：${a.resultReason}` : '';
      for (const { id } of accounts) {
        tx.create(Notification, { accountId: id, kind: `registration_${a.status}`, caseId: c.id, message: `教师资格定期注册结果（证书${a.certificateNo}）：${RESULT_NAME[a.status as RegistrationResult]}${why}` });
      }
    }
    await tx.flush();
    const summary = RESULTS_IN_ORDER.filter((r) => counts[r]).map((r) => `${RESULT_NAME[r]}${counts[r]}人`).join('、');
    return { initiatorMessage: `教师资格定期注册已办结：${summary || '无待决申请'}` };
  });
}
