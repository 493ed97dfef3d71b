import type { EntityManager } from '@mikro-orm/postgresql';
import { Teacher } from '../teachers/teacher.entity.js';
import type { ArchiveRecord } from './archive-record.entity.js';

const BASIC_COLUMNS = ['name', 'gender', 'birthDate', 'ethnicity', 'politicalStatus', 'educationLevel'] as const;

/**
 * Some sets have a current value on the teacher row (for lists, filters and statistics): the
 * basic information, and the title of the newest open appointment. Called after the record
 * was flushed as effective, inside the same transaction.
 */
export async function mirrorToTeacher(tx: EntityManager, r: ArchiveRecord): Promise<void> {
  if (r.infoSet === 'basic' && r.changeKind !== 'delete') {
    const patch: Record<string, unknown> = {};
    for (const k of BASIC_COLUMNS) if (r.data[k] !== undefined) patch[k] = r.data[k];
    if (Object.keys(patch).length) await tx.nativeUpdate(Teacher, { id: r.teacher.id }, patch);
  }
  if (r.infoSet === 'indicators') {
    await tx.nativeUpdate(Teacher, { id: r.teacher.id }, { indicators: r.changeKind === 'delete' ? {} : r.data });
  }
  if (r.infoSet === 'title_appointment') {
    const rows = await tx.getConnection().execute<{ title: string }[]>(
      `select data->>'title' as title from archive_record
        where teacher_id = ? and info_set = 'title_appointment' and status = 'effective' and valid_to is null
          and change_kind <> 'delete' and coalesce(data->>'endDate', '') = ''
        order by data->>'startDate' desc limit 1`, [r.teacher.id], 'all', tx.getTransactionContext());
    await tx.nativeUpdate(Teacher, { id: r.teacher.id }, { professionalTitle: rows[0]?.title ?? null });
  }
}
