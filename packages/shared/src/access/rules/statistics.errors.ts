import type { ErrorMessageTable } from '../../errors/message-table.js';

/** Statistics (统计分析), and the workforce report (教师队伍建设报告) on an authority's teachers. */
export const STATISTICS_ERRORS = {
  STATS_DIMENSION_INVALID: { zh: '统计维度无效或重复', en: 'Unknown or repeated statistics dimension' },
  STATS_TOO_MANY_DIMENSIONS: { zh: '统计维度过多（最多4个）', en: 'Too many dimensions (at most 4)' },
  STATS_FILTER_INVALID: { zh: '统计筛选条件无效', en: 'Invalid statistics filter' },
  STATS_AS_OF_INVALID: { zh: '统计时点无效（须为不晚于今天的日期）', en: 'Invalid as-of date (a date not after today)' },
  STATS_TOO_MANY_CELLS: { zh: '统计结果过大，请减少维度或缩小范围', en: 'Too many result cells; use fewer dimensions or a smaller scope' },
  // the workforce report (教师队伍建设报告)
  REPORT_UNIT_NOT_AUTHORITY: { zh: '教师队伍建设报告须按教育行政部门（省、市、县）生成', en: 'The workforce report is generated for an education authority (province, city, county)' },
  REPORT_YEAR_INVALID: { zh: '报告年度无效', en: 'Invalid report year' },
} as const satisfies ErrorMessageTable;
