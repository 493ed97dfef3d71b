import type { RequestContext } from '../../platform/graphql/context.js';
import type { IndicatorDefinition } from '../indicators/indicator.entity.js';
import { IndicatorService } from '../indicators/indicator.service.js';
import type { ExportField } from './export-fields.js';

/** A stored indicator value as people read it: code names, 是/否, plain text. */
export function indicatorText(def: IndicatorDefinition, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (def.type === 'boolean') return value === true ? '是' : '否';
  if (def.type === 'code') return def.codeItems?.find((i) => i.code === value)?.name ?? String(value);
  return String(value);
}

/** The province's active indicators as export columns (key `indicators.<code>`), appended after the core ones. */
export async function indicatorExportFields(ctx: RequestContext): Promise<readonly ExportField[]> {
  const defs = await new IndicatorService(ctx).active();
  return defs.map((d) => ({
    key: `indicators.${d.code}`,
    header: d.label,
    requires: 'indicators',
    width: 16,
    cell: (row) => indicatorText(d, row.teacher.indicators?.[d.code]),
  }));
}
