import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Transfers (调动), and cross-province transfers (跨省调动, the interprovincial module), which are Transfers to the rules. */
export const TRANSFER_ERRORS = {
  TRANSFER_TEACHER_NOT_FOUND: { zh: '未找到与该证件号码和姓名相符的教师；新教师请办理入职登记', en: 'No teacher matches this document and name; register a new teacher instead' },
  TRANSFER_NOT_EMPLOYED: { zh: '该教师目前没有在职任职，请直接办理入职登记', en: 'The teacher has no current employment; register them instead' },
  TRANSFER_SAME_SCHOOL: { zh: '调入单位与教师现任职学校相同，不需要调动', en: 'The teacher already works at this school' },
  TRANSFER_IN_PROGRESS: { zh: '该教师已有正在审批的调动或交流申请', en: 'A transfer or rotation of this teacher is already in progress' },
  TRANSFER_USE_ROTATION: { zh: '交流轮岗不走调动流程，请由派出学校发起交流轮岗申请', en: 'Exchange rotations are initiated by the sending school in the rotation flow' },
  TRANSFER_STALE: { zh: '教师任职情况已在申请后发生变化（离职、退休或已调动），请退回本申请', en: 'The teacher\'s employment changed since the application; return it' },
  TRANSFER_NOT_SCHEDULED: { zh: '只有已批准、尚未生效的调动或交流轮岗可以撤销；已生效的请另行办理调动', en: 'Only an approved move that has not taken effect yet can be cancelled' },
  TRANSFER_NO_AUTHORITY: { zh: '未找到学校的主管教育行政部门，请先完善单位信息', en: 'The school has no supervising authority in the unit tree' },
  // cross-province transfers (跨省调动)
  INTERPROVINCIAL_SYNC_DISABLED: { zh: '跨省调动需要本省已与全国系统对接', en: 'Cross-province transfers need sync with the national system' },
  INTERPROVINCIAL_SAME_PROVINCE: { zh: '调出省份为本省，请使用省内调动', en: 'The teacher is in this province; use a transfer' },
  INTERPROVINCIAL_LOCAL_TEACHER: { zh: '该教师已在本省登记，请使用省内调动', en: 'The teacher is registered in this province; use a transfer' },
  INTERPROVINCIAL_IN_PROGRESS: { zh: '该教师已有正在办理的跨省调动', en: 'A cross-province transfer of this teacher is already in progress' },
  INTERPROVINCIAL_TEACHER_NOT_FOUND: { zh: '全国库中调出省份没有与该证件号码和姓名相符的在职教师', en: 'No active teacher of the releasing province matches this document and name' },
  INTERPROVINCIAL_NOT_PENDING: { zh: '该跨省调动当前不在待调出学校办理状态', en: 'The cross-province transfer is not waiting for the releasing school' },
  INTERPROVINCIAL_STALE: { zh: '教师任职情况已在申请后发生变化，请退回本申请', en: 'The teacher\'s employment changed since the request; return it' },
} as const satisfies ErrorMessageTable;
