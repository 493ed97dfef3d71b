import type { EntityManager } from '@mikro-orm/postgresql';
import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';
import { onApproved } from '../../platform/approvals/approval-hooks.js';
import type { ApprovalCase } from '../../platform/approvals/approval.entity.js';
import { appendAudit } from '../../platform/audit/audit.service.js';
import { TrainingEnrolment, TrainingProject, TrainingSelfStudy } from './training.entity.js';
import { confirmEnrolments, creditSelfStudy, projectOrganizer } from './training-confirm.js';
import { provinceOfPath, ruleInForce } from './training-rule.service.js';

/**
 * Seed 000 art. 25: school-based training plans (校本研修计划), their credits, and teachers'
 * self-study credits (自主研修) need the supervising authority's approval. The authority's
 * training administrator (培训管理员) acts; a teacher's claim is first reviewed by the school.
 */
export const SCHOOL_PLAN = defineWorkflow({
  type: 'training_school_plan',
  name: '校本研修计划审核',
  steps: [{ key: 'authority', name: '主管教育行政部门审核', actor: { relation: 'authority', role: 'training_admin' } }],
});

export const SCHOOL_CREDITS = defineWorkflow({
  type: 'training_school_credits',
  name: '校本研修学分确认',
  steps: [{ key: 'authority', name: '主管教育行政部门确认学分', actor: { relation: 'authority', role: 'training_admin' } }],
});

export const SELF_STUDY = defineWorkflow({
  type: 'training_self_study',
  name: '教师自主研修学分确认',
  steps: [
    { key: 'school', name: '学校审核', actor: { relation: 'school', role: 'info_admin' } },
    { key: 'authority', name: '主管教育行政部门确认学分', actor: { relation: 'authority', role: 'training_admin' } },
  ],
});

/** Who gave the final approval: the engine has flushed that step row before the hooks run. */
export async function finalApprover(tx: EntityManager, caseId: string): Promise<{ id: string; username: string; unitId: string; scopePath: string }> {
  const [row] = await tx.getConnection().execute<{ id: string; username: string; unit_id: string; scope_path: string }[]>(
    `select a.id, a.username, a.unit_id, a.scope_path from approval_step s join account a on a.id = s.actor_id
      where s.case_id = ? and s.action = 'approve' order by s.at desc, s.id desc limit 1`, [caseId], 'all', tx.getTransactionContext());
  return { id: row!.id, username: row!.username, unitId: row!.unit_id, scopePath: row!.scope_path };
}

async function audit(tx: EntityManager, c: ApprovalCase, action: string, detail: Record<string, unknown>): Promise<void> {
  const by = await finalApprover(tx, c.id);
  await appendAudit(tx, [{ actorId: by.id, actorUsername: by.username, unitId: by.unitId, scopePath: by.scopePath, action, targetType: c.subjectType, targetId: c.subjectId, detail: { caseId: c.id, ...detail } }]);
}

let registered = false;

/** Registers the completion hooks once (the resolver module imports this at start-up). */
export function registerTrainingHooks(): void {
  if (registered) return;
  registered = true;

  onApproved(SCHOOL_PLAN.type, async (tx, c) => {
    // A plan its school cancelled meanwhile stays cancelled.
    await tx.nativeUpdate(TrainingProject, { id: c.subjectId, caseId: c.id, status: 'pending_approval' }, { status: 'open' });
    await audit(tx, c, 'training.school_plan_approved', {});
  });

  onApproved(SCHOOL_CREDITS.type, async (tx, c) => {
    const project = await tx.findOneOrFail(TrainingProject, { id: c.subjectId });
    const enrolments = await tx.find(TrainingEnrolment, { caseId: c.id, status: 'pending_confirmation' });
    const rule = await ruleInForce(tx, await provinceOfPath(tx, project.ownerPath), project.endDate);
    const by = await finalApprover(tx, c.id);
    const credited = await confirmEnrolments(tx, project, enrolments, rule, by.id, await projectOrganizer(tx, project));
    await audit(tx, c, 'training.credits_confirmed', { projectId: project.id, confirmed: enrolments.length, credited, ruleId: rule.id });
  });

  onApproved(SELF_STUDY.type, async (tx, c) => {
    const s = await tx.findOneOrFail(TrainingSelfStudy, { id: c.subjectId });
    const rule = await ruleInForce(tx, await provinceOfPath(tx, s.scopePath), s.endDate);
    const by = await finalApprover(tx, c.id);
    await creditSelfStudy(tx, s, rule, by.id);
    await audit(tx, c, 'training.self_study_approved', { hours: s.hours, credits: s.credits });
  });
}
