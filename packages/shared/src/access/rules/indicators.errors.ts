import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Indicator definitions (核心指标, 拓展指标). */
export const INDICATOR_ERRORS = {
  INDICATOR_CODE_TAKEN: { zh: '指标代码已存在', en: 'The indicator code is already used' },
  INDICATOR_CORE: { zh: '核心指标不能被省级删除或修改', en: 'Core indicators cannot be removed by a province' },
} as const satisfies ErrorMessageTable;
