import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Training credits (培训学分): projects, results, the conversion rule, self-study, result files. */
export const TRAINING_ERRORS = {
  TRAINING_PERIOD_INVALID: { zh: '培训时间无效：结束日期不能早于开始日期', en: 'Invalid training period: the end may not precede the start' },
  TRAINING_HOURS_INVALID: { zh: '学时无效：项目学时须大于0且不超过2000，参训学时不能超过项目学时', en: 'Invalid hours (project: 0 < h <= 2000; a result may not exceed the project hours)' },
  TRAINING_CREDITS_INVALID: { zh: '学分无效：须不小于0且不超过200', en: 'Invalid credits (0..200)' },
  TRAINING_INSTITUTION_INVALID: { zh: '培训承办机构须为在用的培训承办机构账号', en: 'Training institutions must be active training-institution accounts' },
  TRAINING_CANNOT_CANCEL: { zh: '项目已有学分确认或正在审核的结果，不能撤销', en: 'Credits of this project are confirmed or under review; it cannot be cancelled' },
  TRAINING_ENROLMENT_HAS_RESULT: { zh: '该教师已有培训结果，不能移出项目', en: 'The teacher already has a result and cannot be removed' },
  TRAINING_REASON_REQUIRED: { zh: '撤销培训项目须填写原因', en: 'Cancelling a project needs a reason' },
  TRAINING_PROJECT_NOT_OPEN: { zh: '该培训项目尚未通过主管部门审核，不能报名或提交结果', en: 'The project is not approved yet; no enrolment or results' },
  TRAINING_NOT_ENROLLED: { zh: '该教师未报名此培训项目', en: 'The teacher is not enrolled in this project' },
  TRAINING_RESULT_CONFIRMED: { zh: '学分已确认或正在审核，不能再修改培训结果', en: 'Credits are confirmed or under approval; the result can no longer change' },
  TRAINING_NOTHING_TO_CONFIRM: { zh: '没有待确认学分的培训结果', en: 'No submitted results to confirm' },
  TRAINING_RULE_INVALID: { zh: '学时学分转化规则无效：每学分学时须大于0，周期学时要求须为正整数，自主研修单次上限须大于0且不超过年度上限', en: 'Invalid rule: hours per credit > 0, a positive number of cycle hours, and 0 < self-study hours per claim <= per year' },
  TRAINING_SELF_STUDY_CLAIM_LIMIT: { zh: '自主研修学时超过本省规定的单次申请上限', en: 'The self-study hours exceed the province\'s limit for one claim' },
  TRAINING_SELF_STUDY_YEAR_LIMIT: { zh: '本年度自主研修学时（含审核中的申请）将超过本省规定的年度上限', en: 'This claim would take the year\'s self-study hours (pending ones included) over the province\'s yearly limit' },
  TRAINING_RULE_VERSION_EXISTS: { zh: '该生效日期的规则版本已存在', en: 'A rule version with this effective date exists' },
  TRAINING_NO_AUTHORITY: { zh: '未找到学校的主管教育行政部门，不能送审', en: 'The school has no supervising authority to approve this' },
  TRAINING_FILE_ROWS_INVALID: { zh: '文件中有错误行，未导入任何数据，请修改后重新上传', en: 'The file has invalid rows; nothing was imported' },
  TRAINING_ROW_TEACHER_UNKNOWN: { zh: '教师个人标识码不存在或不在管辖范围内', en: 'Unknown teacher number, or the teacher is outside your scope' },
  TRAINING_ROW_NAME_MISMATCH: { zh: '姓名与教师个人标识码不符', en: 'The name does not match the teacher number' },
  TRAINING_ROW_DUPLICATE: { zh: '同一文件中该教师重复出现', en: 'The teacher appears more than once in the file' },
  TRAINING_ROW_COMPLETED_INVALID: { zh: '“是否完成”须填写“是”或“否”', en: 'Completed must be 是 or 否' },
} as const satisfies ErrorMessageTable;
