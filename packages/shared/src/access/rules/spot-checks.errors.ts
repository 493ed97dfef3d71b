import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Random spot checks (随机抽查). */
export const SPOT_CHECK_ERRORS = {
  SPOT_CHECK_NO_CANDIDATES: { zh: '管辖范围内没有可抽查的学校或在职教师', en: 'No schools or active teachers to draw from in your scope' },
  SPOT_CHECK_PUBLISHED: { zh: '抽查结果已通报，不能再修改', en: 'The spot check has been published and can no longer change' },
  SPOT_CHECK_INCOMPLETE: { zh: '尚有抽查对象未填写核查结论，不能通报', en: 'Some drawn teachers have no finding yet' },
  SPOT_CHECK_FINDING_REQUIRED: { zh: '核查结论为不准确或缺失时须填写核查意见', en: 'Describe the finding when the data is inaccurate or missing' },
  SPOT_CHECK_NO_CORRECTION: { zh: '该抽查对象没有待办的整改任务', en: 'This drawn teacher has no open correction task' },
} as const satisfies ErrorMessageTable;
