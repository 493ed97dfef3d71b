import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Archive records (档案信息): field values, information sets, the review steps. */
export const ARCHIVE_ERRORS = {
  FIELD_REQUIRED: { zh: '必填项不能为空', en: 'This field is required' },
  FIELD_TYPE: { zh: '数据类型不正确', en: 'Wrong type of value' },
  FIELD_TOO_LONG: { zh: '内容超出长度限制', en: 'The value is too long' },
  FIELD_OUT_OF_RANGE: { zh: '数值超出允许范围', en: 'The value is out of range' },
  FIELD_UNKNOWN: { zh: '不存在的信息项', en: 'Unknown field' },
  PERIOD_INVALID: { zh: '结束日期不能早于开始日期', en: 'The end date is before the start date' },
  RECORD_INVALID: { zh: '信息项校验未通过', en: 'The record has invalid values' },
  INFO_SET_UNKNOWN: { zh: '信息子集不存在', en: 'Unknown information set' },
  INFO_SET_NOT_APPLICABLE: { zh: '该信息子集不适用于本学段', en: 'This information set does not apply to this school stage' },
  INFO_SET_SCHOOL_ONLY: { zh: '该信息须由学校或主管部门填报，教师本人不能填报', en: 'Only the school or the authority may enter this information' },
  RECORD_NOT_EDITABLE: { zh: '该记录当前状态不能修改', en: 'The record cannot be edited in its current state' },
  RECORD_TRANSITION_INVALID: { zh: '该记录当前状态不能执行此操作', en: 'This action is not possible in the record\'s current state' },
  RETURN_REASON_REQUIRED: { zh: '退回须填写原因', en: 'A return needs a reason' },
  INFO_SET_SINGLE: { zh: '该信息子集只有一条当前记录，修改已生效的信息请提交变更申请', en: 'This set has one current record; change it through a change request' },
  RECORD_CHANGE_PENDING: { zh: '该记录已有待审核的变更申请', en: 'A change of this record is already pending' },
} as const satisfies ErrorMessageTable;
