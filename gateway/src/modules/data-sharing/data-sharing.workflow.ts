import { defineWorkflow } from '../../platform/approvals/workflow-definition.js';
import { onApproved } from '../../platform/approvals/approval-hooks.js';

/**
 * 信息共享申请的审核 (seed 000 art. 31): one step — the information admin of the authority that
 * holds the data (the filer's unit). Filer (query user) and reviewer are never the same account.
 */
export const DATA_SHARING_WORKFLOW = defineWorkflow({
  type: 'data_sharing',
  name: '信息共享申请',
  steps: [{ key: 'authority', name: '教育行政部门审核', actor: { relation: 'authority', role: 'info_admin' } }],
});

// In the approving transaction: the application becomes usable with the approval, or not at all.
onApproved(DATA_SHARING_WORKFLOW.type, async (tx, c) => {
  await tx.getConnection().execute(
    `update data_sharing_application set status = 'approved', approved_at = now(), updated_at = now(), version = version + 1 where id = ? and status = 'pending'`,
    [c.subjectId], 'run', tx.getTransactionContext());
});
