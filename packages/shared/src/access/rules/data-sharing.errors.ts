import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Data sharing (信息共享). */
export const DATA_SHARING_ERRORS = {
  SHARING_PERIOD_INVALID: { zh: '共享期限无效：结束时间须晚于开始时间，且不超过一年', en: 'Invalid sharing period: the end must follow the start, at most one year' },
  SHARING_FIELD_NOT_SHAREABLE: { zh: '该信息项不能共享', en: 'This field cannot be shared' },
  SHARING_NOT_APPROVED: { zh: '共享申请尚未审核通过', en: 'The sharing application has not been approved' },
  SHARING_CREDENTIAL_INVALID: { zh: '共享凭证无效', en: 'Invalid sharing credential' },
  SHARING_NOT_STARTED: { zh: '共享期限尚未开始', en: 'The sharing period has not started yet' },
  SHARING_EXPIRED: { zh: '共享期限已过，凭证已失效', en: 'The sharing period has ended; the credential is no longer valid' },
  SHARING_REVOKED: { zh: '该共享已被终止', en: 'This sharing has been revoked' },
} as const satisfies ErrorMessageTable;
