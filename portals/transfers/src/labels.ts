import type { Transfer } from './api';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

const STATUS_TAG: Record<string, TagType> = {
  in_progress: 'warning', completed: 'success', approved: 'success', returned: 'danger', withdrawn: 'info', cancelled: 'info',
};

export function statusTagType(status: string): TagType {
  return STATUS_TAG[status] ?? 'info';
}

/** The unit names a transfer carries, by id, for the timeline's "who". */
export function unitNamesOf(t: Pick<Transfer, 'fromSchoolId' | 'fromSchoolName' | 'toUnitId' | 'toSchoolId' | 'toUnitName'>): Record<string, string> {
  return { [t.fromSchoolId]: t.fromSchoolName, [t.toSchoolId]: t.toUnitName, [t.toUnitId]: t.toUnitName };
}
