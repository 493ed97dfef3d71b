import type { Rotation } from './api';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** Rotation statuses the list filters by (the gateway's Rotation.status), in workflow order. */
export const ROTATION_STATUSES = ['in_progress', 'scheduled', 'approved', 'returned', 'withdrawn', 'cancelled'] as const;

const STATUS_TAG: Record<string, TagType> = {
  in_progress: 'warning', scheduled: 'primary', approved: 'success', returned: 'danger', withdrawn: 'info', cancelled: 'info',
};

export function statusTagType(status: string): TagType {
  return STATUS_TAG[status] ?? 'info';
}

/** The unit names a rotation carries, by id, for the timeline's "who". */
export function unitNamesOf(r: Pick<Rotation, 'sendingSchoolId' | 'sendingSchoolName' | 'receivingSchoolId' | 'receivingSchoolName'>): Record<string, string> {
  return { [r.sendingSchoolId]: r.sendingSchoolName, [r.receivingSchoolId]: r.receivingSchoolName };
}
