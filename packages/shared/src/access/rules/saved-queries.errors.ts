import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Saved report queries (分析查询). */
export const SAVED_QUERY_ERRORS = {
  SAVED_QUERY_INVALID: { zh: '查询语句无效或与当前接口不符', en: 'The query does not parse or does not validate against the schema' },
  SAVED_QUERY_NOT_A_QUERY: { zh: '只能保存查询（query），不能保存修改操作', en: 'Only queries may be saved, not mutations or subscriptions' },
  SAVED_QUERY_FIELD_NOT_ALLOWED: { zh: '保存的查询不能包含该字段', en: 'A saved query may not select this field' },
  SAVED_QUERY_VARIABLES_INVALID: { zh: '查询变量无效', en: 'The query variables are invalid' },
  SAVED_QUERY_NAME_TAKEN: { zh: '已有同名的保存查询', en: 'You already have a saved query with this name' },
  SAVED_QUERY_NO_ROWS: { zh: '查询结果中没有可导出的数据', en: 'The query result has nothing to export' },
} as const satisfies ErrorMessageTable;
