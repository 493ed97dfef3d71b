import type { ErrorMessageTable } from '../../errors/message-table.js';

/** The approval engine (审批流程). */
export const APPROVAL_ERRORS = {
  WORKFLOW_NOT_PENDING: { zh: '该审批已结束，不能再办理', en: 'The approval case is no longer in progress' },
  WORKFLOW_NOT_YOUR_STEP: { zh: '当前审批环节不由您办理', en: 'The current step is not yours to act on' },
  WORKFLOW_REASON_REQUIRED: { zh: '退回或撤销审批须填写原因', en: 'Returning or cancelling needs a reason' },
  WORKFLOW_UNKNOWN_TYPE: { zh: '未定义的审批流程类型', en: 'Unknown workflow type' },
  WORKFLOW_CONFLICT: { zh: '该审批已被他人办理，请刷新后重试', en: 'Someone else acted on this step first; reload and try again' },
} as const satisfies ErrorMessageTable;
