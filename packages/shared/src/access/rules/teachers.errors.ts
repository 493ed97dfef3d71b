import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Teachers (教师): identity documents, registration, employment status; code and date values. */
export const TEACHER_ERRORS = {
  ID_NUMBER_FORMAT: { zh: '身份证号格式错误（应为18位）', en: 'The ID number must be 18 characters' },
  ID_NUMBER_REGION: { zh: '身份证号地址码无效', en: 'Invalid region code in the ID number' },
  ID_NUMBER_BIRTH_DATE: { zh: '身份证号中的出生日期无效', en: 'Invalid birth date in the ID number' },
  ID_NUMBER_CHECKSUM: { zh: '身份证号校验位错误', en: 'ID number check character is wrong' },
  ID_NUMBER_GENDER_MISMATCH: { zh: '身份证号与性别不符', en: 'The ID number does not match the gender' },
  ID_NUMBER_BIRTH_DATE_MISMATCH: { zh: '身份证号与出生日期不符', en: 'The ID number does not match the birth date' },
  ID_DOCUMENT_PATTERN: { zh: '证件号码格式错误', en: 'Invalid document number' },
  ID_DOCUMENT_TYPE: { zh: '证件类型无效', en: 'Unknown document type' },
  TEACHER_DUPLICATE_ACTIVE: { zh: '该证件号码的教师已在其他单位任职，不能重复注册（请走调动流程）', en: 'A teacher with this document is already employed (at another unit: use a transfer)' },
  EMPLOYMENT_STATUS_TRANSITION: { zh: '在职状态不能这样变更（已离职、离退休或去世的教师须重新注册入职）', en: 'This status change is not possible' },
  TEACHER_NOT_COLLECTED: { zh: '该教师已不在职，不再采集新信息（档案保留）', en: 'The teacher has left; no new information is collected' },
  TEACHER_NOT_SCHOOL: { zh: '教师只能注册在学校或其二级部门', en: 'Teachers are registered at a school or its department' },
  CODE_INVALID: { zh: '代码值不在代码表中', en: 'The value is not in the code list' },
  DATE_INVALID: { zh: '日期无效', en: 'Invalid date' },
} as const satisfies ErrorMessageTable;
