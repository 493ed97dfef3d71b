import type { ErrorMessageTable } from '../../errors/message-table.js';

/** The audit log (审计日志). */
export const AUDIT_LOG_ERRORS = {
  AUDIT_EXPORT_TOO_LARGE: { zh: '导出的审计记录超过上限，请缩小筛选范围（如日期）', en: 'Too many audit records to export; narrow the filter (e.g. dates)' },
} as const satisfies ErrorMessageTable;
