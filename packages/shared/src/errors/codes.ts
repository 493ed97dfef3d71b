/**
 * Stable error codes: programs match on the code, people read the Chinese message.
 * Add a code here before throwing it anywhere; the portal shows `zh` (or `en`) by code.
 */
export const ERROR_MESSAGES = {
  // generic
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please log in' },
  FORBIDDEN: { zh: '没有权限执行此操作', en: 'You are not allowed to do this' },
  NOT_FOUND_OR_NO_ACCESS: { zh: '记录不存在或无权访问', en: 'Not found or no access' },
  FIELD_FORBIDDEN: { zh: '无权查看该信息项', en: 'You may not read this field' },
  VALIDATION_FAILED: { zh: '输入数据校验未通过', en: 'Validation failed' },
  CONFLICT: { zh: '数据已被他人修改，请刷新后重试', en: 'The record was changed by someone else; reload and retry' },
  INTERNAL: { zh: '系统内部错误，请稍后重试', en: 'Internal error' },
  QUERY_TOO_COMPLEX: { zh: '查询过于复杂', en: 'Query too complex' },
  // authentication
  LOGIN_FAILED: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: { zh: '连续登录失败次数过多，账号已锁定15分钟', en: 'Too many failed logins; the account is locked for 15 minutes' },
  ACCOUNT_DISABLED: { zh: '账号已停用', en: 'The account is disabled' },
  SESSION_EXPIRED: { zh: '登录已过期，请重新登录', en: 'Session expired; log in again' },
  PASSWORD_CHANGE_REQUIRED: { zh: '首次登录须修改密码', en: 'You must change your password first' },
  PASSWORD_TOO_SHORT: { zh: '密码长度至少8位', en: 'The password needs at least 8 characters' },
  PASSWORD_TOO_WEAK: { zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类', en: 'Use at least 3 of: upper case, lower case, digits, symbols' },
  PASSWORD_CONTAINS_USERNAME: { zh: '密码不能包含用户名', en: 'The password may not contain the username' },
  PASSWORD_REUSED: { zh: '新密码不能与当前密码相同', en: 'The new password must differ from the current one' },
  PASSWORD_WRONG: { zh: '当前密码不正确', en: 'The current password is wrong' },
  CERTIFICATE_REQUIRED: { zh: '信息管理员须使用教育CA证书登录', en: 'Information administrators must log in with their education CA certificate' },
  CHALLENGE_INVALID: { zh: '证书登录挑战无效或已过期，请重新登录', en: 'The certificate challenge is invalid or expired' },
  CERT_INVALID: { zh: '证书格式无效', en: 'Invalid certificate' },
  CERT_UNTRUSTED: { zh: '证书不是由受信任的教育CA签发', en: 'The certificate is not issued by a trusted education CA' },
  CERT_EXPIRED: { zh: '证书已过期', en: 'The certificate has expired' },
  CERT_NOT_YET_VALID: { zh: '证书尚未生效', en: 'The certificate is not yet valid' },
  CERT_USAGE: { zh: '证书用途不符（须为客户端身份认证证书）', en: 'The certificate is not a client-authentication certificate' },
  CERT_NOT_BOUND: { zh: '证书未绑定到该账号', en: 'The certificate is not bound to this account' },
  CERT_FROZEN: { zh: '证书已冻结', en: 'The certificate is frozen' },
  CERT_REVOKED: { zh: '证书已吊销', en: 'The certificate is revoked' },
  CERT_SIGNATURE_INVALID: { zh: '证书签名验证失败', en: 'The signature does not verify' },
  // units
  UNIT_CODE_FORMAT: { zh: '行政区划代码格式错误', en: 'Bad administrative division code' },
  UNIT_CODE_PARENT: { zh: '行政区划代码与上级单位不符', en: 'The division code does not belong to the parent unit' },
  UNIT_CODE_TAKEN: { zh: '单位代码已存在', en: 'The unit code is already used' },
  UNIT_LEVEL_INVALID: { zh: '该上级单位下不能设立此层级的单位', en: 'This level cannot sit under that parent' },
  SCHOOL_CODE_FORMAT: { zh: '学校标识码须为10位数字', en: 'The school code must be 10 digits' },
  SCHOOL_CODE_PROVINCE: { zh: '学校标识码与所在省份不符', en: 'The school code does not match the province' },
  SCHOOL_TYPE_INVALID: { zh: '办学类型代码无效', en: 'Unknown school-type code' },
  // accounts
  USERNAME_TAKEN: { zh: '用户名已被使用', en: 'The username is taken' },
  USERNAME_FORMAT: { zh: '用户名须为4-32位字母、数字、下划线或点', en: 'Usernames are 4-32 letters, digits, _ or .' },
  ROLE_LIMIT_REACHED: { zh: '该单位已有此角色的在用账号（每个单位限1个）', en: 'The unit already has an active account with this role (one per unit)' },
  ROLE_NOT_ALLOWED: { zh: '不能在该单位创建此角色的账号', en: 'This role cannot be created in that unit' },
  TEACHER_ACCOUNT_EXISTS: { zh: '该教师已有账号', en: 'The teacher already has an account' },
  TEACHER_NOT_IN_UNIT: { zh: '该教师不在本单位', en: 'The teacher does not belong to this unit' },
  CHANGE_REQUEST_NOT_PENDING: { zh: '该申请已处理', en: 'The request has already been decided' },
  CHANGE_REQUEST_SELF_APPROVAL: { zh: '不能审批自己提交的申请', en: 'You cannot approve your own request' },
  CHANGE_REQUEST_INVALID: { zh: '变更申请内容无效', en: 'Invalid change request' },
  // teachers
  ID_NUMBER_FORMAT: { zh: '身份证号格式错误（应为18位）', en: 'The ID number must be 18 characters' },
  ID_NUMBER_REGION: { zh: '身份证号地址码无效', en: 'Invalid region code in the ID number' },
  ID_NUMBER_BIRTH_DATE: { zh: '身份证号中的出生日期无效', en: 'Invalid birth date in the ID number' },
  ID_NUMBER_CHECKSUM: { zh: '身份证号校验位错误', en: 'ID number check character is wrong' },
  ID_NUMBER_GENDER_MISMATCH: { zh: '身份证号与性别不符', en: 'The ID number does not match the gender' },
  ID_NUMBER_BIRTH_DATE_MISMATCH: { zh: '身份证号与出生日期不符', en: 'The ID number does not match the birth date' },
  ID_DOCUMENT_PATTERN: { zh: '证件号码格式错误', en: 'Invalid document number' },
  ID_DOCUMENT_TYPE: { zh: '证件类型无效', en: 'Unknown document type' },
  TEACHER_DUPLICATE_ACTIVE: { zh: '该证件号码的教师已在其他单位任职，不能重复注册（请走调动流程）', en: 'A teacher with this document is already employed; use a transfer' },
  EMPLOYMENT_STATUS_TRANSITION: { zh: '在职状态不能这样变更（已离职、离退休或去世的教师须重新注册入职）', en: 'This status change is not possible' },
  TEACHER_NOT_COLLECTED: { zh: '该教师已不在职，不再采集新信息（档案保留）', en: 'The teacher has left; no new information is collected' },
  TEACHER_NOT_SCHOOL: { zh: '教师只能注册在学校或其二级部门', en: 'Teachers are registered at a school or its department' },
  CODE_INVALID: { zh: '代码值不在代码表中', en: 'The value is not in the code list' },
  DATE_INVALID: { zh: '日期无效', en: 'Invalid date' },
  // archive records
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
  INDICATOR_CODE_TAKEN: { zh: '指标代码已存在', en: 'The indicator code is already used' },
  INDICATOR_CORE: { zh: '核心指标不能被省级删除或修改', en: 'Core indicators cannot be removed by a province' },
  IMPORT_FILE_INVALID: { zh: '导入文件无法读取（须为 .xlsx 模板）', en: 'The import file cannot be read (use the .xlsx template)' },
  EXPORT_PURPOSE_REQUIRED: { zh: '导出数据须说明用途', en: 'An export needs a stated purpose' },
  // batch import and the problem-data queue
  IMPORT_HEADER_INVALID: { zh: '导入文件的表头与模板不符（请使用下载的模板）', en: 'The header row does not match the template' },
  IMPORT_TOO_MANY_ROWS: { zh: '导入文件行数超过上限（单个文件最多20万行）', en: 'Too many rows in one file (at most 200,000)' },
  IMPORT_DUPLICATE_IN_FILE: { zh: '同一文件中证件号码重复', en: 'The same document appears more than once in the file' },
  IMPORT_SCHOOL_OUT_OF_SCOPE: { zh: '学校标识码不存在或不在本次导入范围内', en: 'Unknown school code, or the school is outside this import' },
  JOB_INTERRUPTED: { zh: '任务因系统重启而中断，请重新提交', en: 'The job was interrupted by a restart; submit it again' },
  JOB_NOT_FINISHED: { zh: '任务尚未完成', en: 'The job has not finished yet' },
  JOB_FAILED: { zh: '任务执行失败', en: 'The job failed' },
  PROBLEM_NOT_OPEN: { zh: '该问题数据已处理', en: 'This problem record has already been handled' },
  PROBLEM_NOTE_REQUIRED: { zh: '忽略问题数据须填写说明', en: 'Dismissing a problem record needs a note' },
  // spot checks (随机抽查) and audited exports
  SPOT_CHECK_NO_CANDIDATES: { zh: '管辖范围内没有可抽查的学校或在职教师', en: 'No schools or active teachers to draw from in your scope' },
  SPOT_CHECK_PUBLISHED: { zh: '抽查结果已通报，不能再修改', en: 'The spot check has been published and can no longer change' },
  SPOT_CHECK_INCOMPLETE: { zh: '尚有抽查对象未填写核查结论，不能通报', en: 'Some drawn teachers have no finding yet' },
  SPOT_CHECK_FINDING_REQUIRED: { zh: '核查结论为不准确或缺失时须填写核查意见', en: 'Describe the finding when the data is inaccurate or missing' },
  EXPORT_TOO_LARGE: { zh: '导出数据量过大，请缩小查询范围', en: 'Too many rows to export; narrow the filter' },
  EXPORT_EXPIRED: { zh: '导出文件已过期（24小时内有效），请重新导出', en: 'The export file has expired (24 hours); export again' },
  // approval engine (审批流程)
  WORKFLOW_NOT_PENDING: { zh: '该审批已结束，不能再办理', en: 'The approval case is no longer in progress' },
  WORKFLOW_NOT_YOUR_STEP: { zh: '当前审批环节不由您办理', en: 'The current step is not yours to act on' },
  WORKFLOW_REASON_REQUIRED: { zh: '退回或撤销审批须填写原因', en: 'Returning or cancelling needs a reason' },
  WORKFLOW_UNKNOWN_TYPE: { zh: '未定义的审批流程类型', en: 'Unknown workflow type' },
  WORKFLOW_CONFLICT: { zh: '该审批已被他人办理，请刷新后重试', en: 'Someone else acted on this step first; reload and try again' },
  // transfers (调动) and exchange rotations (交流轮岗)
  TRANSFER_TEACHER_NOT_FOUND: { zh: '未找到与该证件号码和姓名相符的教师；新教师请办理入职登记', en: 'No teacher matches this document and name; register a new teacher instead' },
  TRANSFER_NOT_EMPLOYED: { zh: '该教师目前没有在职任职，请直接办理入职登记', en: 'The teacher has no current employment; register them instead' },
  TRANSFER_SAME_SCHOOL: { zh: '调入单位与教师现任职学校相同，不需要调动', en: 'The teacher already works at this school' },
  TRANSFER_IN_PROGRESS: { zh: '该教师已有正在审批的调动或交流申请', en: 'A transfer or rotation of this teacher is already in progress' },
  TRANSFER_USE_ROTATION: { zh: '交流轮岗不走调动流程，请由派出学校发起交流轮岗申请', en: 'Exchange rotations are initiated by the sending school in the rotation flow' },
  TRANSFER_STALE: { zh: '教师任职情况已在申请后发生变化（离职、退休或已调动），请退回本申请', en: 'The teacher\'s employment changed since the application; return it' },
  TRANSFER_NO_AUTHORITY: { zh: '未找到学校的主管教育行政部门，请先完善单位信息', en: 'The school has no supervising authority in the unit tree' },
  ROTATION_PERIOD_INVALID: { zh: '交流期限无效：结束日期须晚于开始日期，且不超过6年', en: 'The rotation period is invalid (end after start, at most 6 years)' },
  ROTATION_OVERLAP: { zh: '该教师在此期间已有交流轮岗安排', en: 'The teacher already has a rotation in this period' },
  ROTATION_NOT_APPLICABLE: { zh: '交流轮岗适用于义务教育阶段学校在职教师', en: 'Exchange rotation applies to active teachers of compulsory-education schools' },
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

export function errorMessage(code: ErrorCode, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const m = ERROR_MESSAGES[code];
  return locale === 'en' ? m.en : m.zh;
}

export function isErrorCode(code: string): code is ErrorCode {
  return Object.prototype.hasOwnProperty.call(ERROR_MESSAGES, code);
}
