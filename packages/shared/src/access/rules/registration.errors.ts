import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Qualification registration (教师资格定期注册). */
export const REGISTRATION_ERRORS = {
  REGISTRATION_NOT_DUE: { zh: '该教师资格在该年度无需定期注册（注册仍在有效期内）', en: 'The qualification is not due for registration that year' },
  REGISTRATION_IN_PROGRESS: { zh: '该教师资格已有正在办理的定期注册申请', en: 'A registration of this qualification is already in progress' },
  REGISTRATION_NOT_ELIGIBLE: { zh: '不符合定期注册条件，不能注册为合格', en: 'The teacher does not meet the conditions; cannot register' },
  REGISTRATION_REASON_REQUIRED: { zh: '暂缓注册或不予注册须说明原因', en: 'Deferral or refusal needs a reason' },
  REGISTRATION_NOT_AT_DECISION: { zh: '该注册申请当前不在主管部门审核环节，或不由您办理', en: 'The application is not at the authority step, or not yours to decide' },
  REGISTRATION_WRONG_SCHOOL: { zh: '教师不属于申请学校', en: 'The teacher does not belong to the applying school' },
  REGISTRATION_EMPTY: { zh: '注册申请至少包含一名教师', en: 'An application needs at least one teacher' },
  QUALIFICATION_NOT_FOUND: { zh: '未找到该教师有效的此项教师资格（证书号码）', en: 'The teacher has no effective qualification with this certificate number' },
  QUALIFICATION_CERTIFICATE_TAKEN: { zh: '该教师资格证书号码已被登记', en: 'This certificate number is already recorded' },
  QUALIFICATION_LAPSED: { zh: '该教师资格已被不予注册，不能再申请定期注册', en: 'Registration of this qualification was refused; it cannot be registered again' },
} as const satisfies ErrorMessageTable;
