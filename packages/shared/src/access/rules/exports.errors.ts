import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Audited teacher exports (数据导出). */
export const EXPORT_ERRORS = {
  EXPORT_PURPOSE_REQUIRED: { zh: '导出数据须说明用途', en: 'An export needs a stated purpose' },
  EXPORT_TOO_LARGE: { zh: '导出数据量过大，请缩小查询范围', en: 'Too many rows to export; narrow the filter' },
  EXPORT_EXPIRED: { zh: '导出文件已过期（24小时内有效），请重新导出', en: 'The export file has expired (24 hours); export again' },
} as const satisfies ErrorMessageTable;
