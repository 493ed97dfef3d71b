import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import { TEACHER_ALL_FIELDS, type AppAbility, type TeacherField } from '@tmis/shared';
import type { Teacher } from './teacher.entity.js';
import { visitView } from './teacher-visits.js';

const ALL_FIELDS: TeacherField[] = [...TEACHER_ALL_FIELDS];

/** The fields of this teacher row the ability lets the caller read (field-level CASL). */
export function readableTeacherFields(ability: AppAbility, t: Teacher): Set<string> {
  // A teacher read through a visit (已调出, 轮岗来校) is read as a teacher of the unit the access comes from.
  const scopePath = visitView(t)?.scopePath ?? t.scopePath;
  const fields = permittedFieldsOf(ability, 'read', subject('Teacher', { id: t.id, scopePath }) as never, {
    fieldsFrom: (rule) => rule.fields ?? ALL_FIELDS,
  });
  return new Set(fields);
}
