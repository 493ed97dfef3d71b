import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Exchange rotations (交流轮岗); the refusals shared with transfers are in transfers.errors.ts. */
export const ROTATION_ERRORS = {
  ROTATION_PERIOD_INVALID: { zh: '交流期限无效：结束日期须晚于开始日期，且不超过6年', en: 'The rotation period is invalid (end after start, at most 6 years)' },
  ROTATION_OVERLAP: { zh: '该教师在此期间已有交流轮岗安排', en: 'The teacher already has a rotation in this period' },
  ROTATION_NOT_APPLICABLE: { zh: '交流轮岗适用于义务教育阶段学校在职教师', en: 'Exchange rotation applies to active teachers of compulsory-education schools' },
} as const satisfies ErrorMessageTable;
