/**
 * Field groups of the Teacher subject. Field-level rules name these, so gateway resolvers and
 * portal forms agree on what each role may read.
 */
export const TEACHER_BASIC_FIELDS = [
  'id', 'teacherNo', 'numberState', 'name', 'gender', 'birthDate', 'ethnicity', 'politicalStatus', 'idType',
  'idNumberMasked', 'educationLevel', 'professionalTitle', 'unitId', 'schoolId', 'scopePath', 'stage',
  'employmentStatus', 'staffCategory', 'establishmentStatus', 'postCategory', 'hireDate',
  'employments', 'indicators', 'createdAt', 'updatedAt', 'version',
] as const;

/** The full document number; everyone else gets `idNumberMasked`. Reads are audited. */
export const TEACHER_ID_NUMBER_FIELD = 'idNumber' as const;

/** Info sets that only school or authority administrators may see (seed 000 art. 16). */
export const TEACHER_RESTRICTED_SETS = ['assessments', 'compensations', 'ethicsRecords'] as const;

export const TEACHER_SENSITIVE_FIELDS = [TEACHER_ID_NUMBER_FIELD, ...TEACHER_RESTRICTED_SETS] as const;

export type TeacherField =
  | (typeof TEACHER_BASIC_FIELDS)[number]
  | (typeof TEACHER_SENSITIVE_FIELDS)[number];
