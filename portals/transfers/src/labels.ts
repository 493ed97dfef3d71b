import { provinceName } from './provinces';
import type { Transfer } from './api';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** Transfer statuses the list filters by (the gateway's Transfer.status), in workflow order. */
export const TRANSFER_STATUSES = ['in_progress', 'scheduled', 'completed', 'returned', 'withdrawn', 'cancelled'] as const;

const STATUS_TAG: Record<string, TagType> = {
  in_progress: 'warning', scheduled: 'primary', completed: 'success', approved: 'success', returned: 'danger', withdrawn: 'info', cancelled: 'info',
};

export function statusTagType(status: string): TagType {
  return STATUS_TAG[status] ?? 'info';
}

/** The unit names a transfer carries, by id, for the timeline's "who". */
export function unitNamesOf(t: Pick<Transfer, 'fromSchoolId' | 'fromSchoolName' | 'toUnitId' | 'toSchoolId' | 'toUnitName'>): Record<string, string> {
  return { [t.fromSchoolId]: t.fromSchoolName, [t.toSchoolId]: t.toUnitName, [t.toUnitId]: t.toUnitName };
}

/**
 * "From → to" of an inbox case from its payload: schools for a transfer; for 跨省调入 the
 * releasing province, for 跨省调出 the receiving unit (its name carries its province).
 */
export function caseRoute(type: string, payload: Record<string, unknown> | null, locale: string): string {
  const p = (key: string) => String(payload?.[key] ?? '');
  if (type === 'interprovincial_transfer_in') return `${provinceName(p('fromProvince'), locale)} → ${p('toUnit')}`;
  // The releasing school is the approver's own subtree (not in the payload); toUnit names the receiving province.
  if (type === 'interprovincial_transfer_out') return `→ ${p('toUnit') || provinceName(p('toProvince'), locale)}`;
  return `${p('fromSchool')} → ${p('toUnit')}`;
}
