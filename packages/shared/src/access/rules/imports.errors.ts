import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Batch imports, background jobs and the problem-data queue (问题数据). */
export const IMPORT_ERRORS = {
  // the import file
  IMPORT_FILE_INVALID: { zh: '导入文件无法读取（须为 .xlsx 模板）', en: 'The import file cannot be read (use the .xlsx template)' },
  // batch import and the problem-data queue
  IMPORT_HEADER_INVALID: { zh: '导入文件的表头与模板不符（请使用下载的模板）', en: 'The header row does not match the template' },
  IMPORT_TOO_MANY_ROWS: { zh: '导入文件行数超过上限（单个文件最多20万行）', en: 'Too many rows in one file (at most 200,000)' },
  IMPORT_DUPLICATE_IN_FILE: { zh: '同一文件中证件号码重复', en: 'The same document appears more than once in the file' },
  IMPORT_SCHOOL_OUT_OF_SCOPE: { zh: '学校标识码不存在或不在本次导入范围内', en: 'Unknown school code, or the school is outside this import' },
  JOB_INTERRUPTED: { zh: '任务因系统重启而中断，请重新提交', en: 'The job was interrupted by a restart; submit it again' },
  JOB_NOT_FINISHED: { zh: '任务尚未完成', en: 'The job has not finished yet' },
  JOB_FAILED: { zh: '任务执行失败', en: 'The job failed' },
  JOB_RETRIES_EXHAUSTED: { zh: '任务多次因进程停止而中断，已终止，请重新提交', en: 'The job was cut off by stopping processes too many times; submit it again' },
  PROBLEM_NOT_OPEN: { zh: '该问题数据已处理', en: 'This problem record has already been handled' },
  PROBLEM_NOTE_REQUIRED: { zh: '忽略问题数据须填写说明', en: 'Dismissing a problem record needs a note' },
} as const satisfies ErrorMessageTable;
