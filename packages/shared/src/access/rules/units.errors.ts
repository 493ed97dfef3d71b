import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Units (单位): administrative division codes, school codes and types. */
export const UNIT_ERRORS = {
  UNIT_CODE_FORMAT: { zh: '行政区划代码格式错误', en: 'Bad administrative division code' },
  UNIT_CODE_PARENT: { zh: '行政区划代码与上级单位不符', en: 'The division code does not belong to the parent unit' },
  UNIT_CODE_TAKEN: { zh: '单位代码已存在', en: 'The unit code is already used' },
  UNIT_LEVEL_INVALID: { zh: '该上级单位下不能设立此层级的单位', en: 'This level cannot sit under that parent' },
  SCHOOL_CODE_FORMAT: { zh: '学校标识码须为10位数字', en: 'The school code must be 10 digits' },
  SCHOOL_CODE_PROVINCE: { zh: '学校标识码与所在省份不符', en: 'The school code does not match the province' },
  SCHOOL_TYPE_INVALID: { zh: '办学类型代码无效', en: 'Unknown school-type code' },
} as const satisfies ErrorMessageTable;
