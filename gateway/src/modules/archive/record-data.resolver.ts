import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { TEACHER_BIRTH_DATE_FIELD } from '@tmis/shared';
import type { RequestContext } from '../../platform/graphql/context.js';
import { ArchiveRecordGql } from './archive.types.js';
import { TeacherService } from '../teachers/teacher.service.js';

/**
 * A record's data as the caller may read it (issue 14.1): the basic set's birth date is the
 * Teacher field `birthDate`, which only roles with the full-number right read — with the masked
 * number it gives the number away. Others get the year (`birthYear`) and no full date. The
 * record itself was scope-checked when read; this is the field rule, the same for every row.
 */
/** The audit name of each restricted set's read: the Teacher field where there is one (`teacher { compensations }`). */
const SENSITIVE_READ_FIELD: Record<string, string | undefined> = {
  assessment: 'assessments', compensation: 'compensations', ethics: 'ethicsRecords', contact: 'contact',
};

@Resolver(() => ArchiveRecordGql)
export class ArchiveRecordDataResolver {
  @FieldResolver(() => GraphQLJSON, { description: '记录内容（各信息项）' })
  data(@Root() r: ArchiveRecordGql, @Ctx() ctx: RequestContext): Record<string, unknown> {
    // Restricted sets are audited on every path that returns their content (issue 14.6):
    // teacherArchive, archiveHistory, archiveRecords and saved queries all resolve this field.
    const field = SENSITIVE_READ_FIELD[r.infoSet];
    if (field) new TeacherService(ctx).recordSensitiveRead({ id: r.teacherId }, field);
    return redactRecordData(ctx, r.infoSet, r.data);
  }
}

export function redactRecordData(ctx: RequestContext, infoSet: string, data: Record<string, unknown>): Record<string, unknown> {
  if (infoSet !== 'basic' || typeof data.birthDate !== 'string') return data;
  if (ctx.ability.can('read', 'Teacher', TEACHER_BIRTH_DATE_FIELD)) return data;
  return { ...data, birthDate: null, birthYear: Number(data.birthDate.slice(0, 4)) || null };
}
