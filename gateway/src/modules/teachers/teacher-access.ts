import { subject } from '@casl/ability';
import { permittedFieldsOf } from '@casl/ability/extra';
import {
  TEACHER_BASIC_FIELDS, TEACHER_ID_NUMBER_FIELD, TEACHER_RESTRICTED_SETS, type AppAbility, type TeacherField,
} from '@tmis/shared';
import type { Teacher } from './teacher.entity.js';

const ALL_FIELDS: TeacherField[] = [...TEACHER_BASIC_FIELDS, TEACHER_ID_NUMBER_FIELD, ...TEACHER_RESTRICTED_SETS];

/** The fields of this teacher row the ability lets the caller read (field-level CASL). */
export function readableTeacherFields(ability: AppAbility, t: Pick<Teacher, 'id' | 'scopePath'>): Set<string> {
  const fields = permittedFieldsOf(ability, 'read', subject('Teacher', { id: t.id, scopePath: t.scopePath }) as never, {
    fieldsFrom: (rule) => rule.fields ?? ALL_FIELDS,
  });
  return new Set(fields);
}
