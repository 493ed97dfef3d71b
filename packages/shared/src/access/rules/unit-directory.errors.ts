import type { ErrorMessageTable } from '../../errors/message-table.js';

/** The unit directory import (单位名录导入, issue 12). */
export const UNIT_DIRECTORY_ERRORS = {
  UNIT_DIRECTORY_DUPLICATE_CODE: { zh: '同一文件中学校标识码重复', en: 'The same school code appears more than once in the file' },
  UNIT_DIRECTORY_DIVISION_INVALID: { zh: '所在地区划代码须为本省的县级或市级行政区划代码（6位，GB/T 2260）', en: 'The division code must be a county or city code (6 digits, GB/T 2260) of this province' },
  UNIT_DIRECTORY_DIVISION_NAME_MISSING: { zh: '系统中没有该区划，且文件未给出区划名称（请在“行政区划”工作表或“区划名称”列填写）', en: 'The division is new and the file gives no name for it (fill in the 行政区划 sheet or the 区划名称 column)' },
  UNIT_DIRECTORY_DIVISION_TAKEN: { zh: '该区划代码已被其他层级或本省以外的单位使用', en: 'The division code is used by a unit of another level or outside this province' },
  UNIT_DIRECTORY_AUTHORITY_INVALID: { zh: '主管教育行政部门须为学校所在的县、市或本省（填写区划代码，或“省级”“市级”“县级”）', en: 'The supervising authority must be the school\'s county, city or this province (a division code, or 省级/市级/县级)' },
  UNIT_DIRECTORY_PARENT_CHANGED: { zh: '学校的所在区划或主管部门与系统中不同；调整隶属关系不能通过名录导入完成', en: 'The school\'s division or supervising authority differs from the system; a change of affiliation is not done by the directory import' },
  UNIT_DIRECTORY_CODE_TAKEN: { zh: '学校标识码已被本省以外或非学校的单位使用', en: 'The school code is used by a unit outside this province or by a unit that is not a school' },
  UNIT_DIRECTORY_DIVISIONS_INVALID: { zh: '“行政区划”工作表有错误行，请修正后重新上传', en: 'The 行政区划 sheet has invalid rows; fix them and upload again' },
  UNIT_DIRECTORY_HAS_ERRORS: { zh: '预检发现错误行，请下载错误报告修正后重新上传', en: 'The dry run found invalid rows; fix them (see the error report) and upload again' },
  UNIT_DIRECTORY_NOT_READY: { zh: '该名录导入当前不能执行（须预检完成且尚未执行）', en: 'This directory import cannot be applied now (it must be checked and not yet applied)' },
  UNIT_DIRECTORY_STALE: { zh: '预检后单位数据已发生变化，请重新上传并预检', en: 'The units changed since the dry run; upload the file again for a new dry run' },
} as const satisfies ErrorMessageTable;
