import type { ErrorMessageTable } from './message-table.js';

/** Codes any request may answer, whatever its domain: sign-in, access, validation, conflicts. */
export const GENERIC_ERRORS = {
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please log in' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND_OR_NO_ACCESS: { zh: '记录不存在或无权访问', en: 'Not found or no access' },
  FIELD_FORBIDDEN: { zh: '无权查看该信息项', en: 'You may not read this field' },
  VALIDATION_FAILED: { zh: '输入数据校验未通过', en: 'Validation failed' },
  CONFLICT: { zh: '数据已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  INTERNAL: { zh: '系统内部错误，请稍后重试', en: 'Internal error' },
  QUERY_TOO_COMPLEX: { zh: '查询过于复杂', en: 'Query too complex' },
  LIST_TOO_LARGE: { zh: '结果超过该列表的上限，请改用分页查询或缩小查询范围', en: 'More rows than this list returns; use its paged query or narrow the filter' },
} as const satisfies ErrorMessageTable;
