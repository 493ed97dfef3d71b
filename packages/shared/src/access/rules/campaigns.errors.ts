import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Update campaigns (信息更新工作). */
export const CAMPAIGN_ERRORS = {
  CAMPAIGN_OUTSIDE_WINDOW: { zh: '当前不在本期信息更新工作的时间范围内，不能确认信息无变化', en: 'The update campaign is not open now; nothing can be confirmed unchanged' },
  CAMPAIGN_DEADLINE_OUT_OF_RANGE: { zh: '截止日期须晚于本期开始日期，且不晚于全省规定的截止日期', en: 'The deadline must come after the campaign opens and not after the province\'s deadline' },
  CAMPAIGN_SET_NOT_REQUIRED: { zh: '该信息子集不是本学段教师信息更新的必填子集，无需确认', en: 'This set is not required in the update for the teacher\'s stage' },
} as const satisfies ErrorMessageTable;
