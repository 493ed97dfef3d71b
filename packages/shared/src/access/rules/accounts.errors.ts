import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Accounts (账号) and account change requests (变更申请). */
export const ACCOUNT_ERRORS = {
  USERNAME_TAKEN: { zh: '用户名已被使用', en: 'The username is taken' },
  USERNAME_FORMAT: { zh: '用户名须为4-32位字母、数字、点、下划线或连字符（-），以字母或数字开头', en: 'Usernames are 4-32 letters, digits, ., _ or -, starting with a letter or digit' },
  ROLE_LIMIT_REACHED: { zh: '该单位已有此角色的在用账号（每个单位限1个）', en: 'The unit already has an active account with this role (one per unit)' },
  ROLE_NOT_ALLOWED: { zh: '不能在该单位创建此角色的账号', en: 'This role cannot be created in that unit' },
  TEACHER_ACCOUNT_EXISTS: { zh: '该教师已有账号', en: 'The teacher already has an account' },
  TEACHER_NOT_IN_UNIT: { zh: '该教师不在本单位', en: 'The teacher does not belong to this unit' },
  CHANGE_REQUEST_NOT_PENDING: { zh: '该申请已处理', en: 'The request has already been decided' },
  CHANGE_REQUEST_SELF_APPROVAL: { zh: '不能审批自己提交的申请', en: 'You cannot approve your own request' },
  CHANGE_REQUEST_INVALID: { zh: '变更申请内容无效', en: 'Invalid change request' },
} as const satisfies ErrorMessageTable;
