import { defineModuleErrors } from '@tmis/gateway/sdk';

/** The module's stable error codes (Chinese first); the portal remote shows the same texts. */
export const titleError = defineModuleErrors({
  TITLE_ROUND_INVALID: { zh: '评审轮次设置无效（年度、职称、申报时间或条件）', en: 'Invalid round settings (year, titles, window or conditions)' },
  TITLE_ROUND_DUPLICATE: { zh: '该年度已有评审轮次', en: 'A round for this year already exists' },
  TITLE_ROUND_NOT_OPEN: { zh: '不在申报时间内或评审轮次已结束', en: 'Nominations are not open for this round' },
  TITLE_NOT_ELIGIBLE: { zh: '该教师不符合申报条件', en: 'The teacher does not meet the conditions' },
  TITLE_NO_QUOTA: { zh: '本单位在该轮次没有推荐名额', en: 'Your unit has no quota in this round' },
  TITLE_QUOTA_EXCEEDED: { zh: '推荐人数已达本单位名额', en: 'Your unit’s quota is used up' },
  TITLE_ALREADY_NOMINATED: { zh: '该教师在本轮次已被推荐', en: 'The teacher is already nominated in this round' },
  TITLE_QUOTA_TOO_LARGE: { zh: '再分配总数不能超过本单位名额', en: 'You cannot allocate more than your own quota' },
  TITLE_QUOTA_IN_USE: { zh: '名额已被使用，不能再分配', en: 'The quota is in use and cannot be re-allocated' },
  TITLE_NOMINATION_NOT_PENDING: { zh: '该推荐已办结，不能撤回', en: 'The nomination is no longer in review' },
  TITLE_NOMINATION_STALE: { zh: '教师已不在岗或已调离，不能聘任', en: 'The teacher has left or moved; the title cannot be appointed' },
});

export type TitleErrorCode = keyof typeof titleError.messages;
