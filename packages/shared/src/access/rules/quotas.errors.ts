import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Quota allocation (指标分配). */
export const QUOTA_ERRORS = {
  QUOTA_TOTAL_INVALID: { zh: '分配总数须为0至1000000之间的整数', en: 'The total must be an integer from 0 to 1,000,000' },
  QUOTA_WEIGHT_INVALID: { zh: '分配依据人数无效', en: 'Invalid headcount basis' },
  QUOTA_NO_HEADCOUNT: { zh: '下级单位没有符合条件的教职工，无法按人数分配', en: 'The units below have no headcount to allocate by' },
  QUOTA_NO_CHILD_UNITS: { zh: '该单位没有下级单位', en: 'The unit has no units below it' },
} as const satisfies ErrorMessageTable;
