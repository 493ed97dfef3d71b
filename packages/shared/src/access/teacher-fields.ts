/**
 * Field groups of the Teacher subject. Field-level rules name these, so gateway resolvers and
 * portal forms agree on what each role may read.
 */
export const TEACHER_BASIC_FIELDS = [
  'id', 'teacherNo', 'numberState', 'name', 'gender', 'birthYear', 'ethnicity', 'politicalStatus', 'idType',
  'idNumberMasked', 'educationLevel', 'professionalTitle', 'unitId', 'schoolId', 'scopePath', 'stage',
  'employmentStatus', 'staffCategory', 'establishmentStatus', 'postCategory', 'hireDate',
  'employments', 'indicators', 'createdAt', 'updatedAt', 'version',
] as const;

/** The full document number; everyone else gets `idNumberMasked`. Reads are audited. */
export const TEACHER_ID_NUMBER_FIELD = 'idNumber' as const;

/**
 * The full birth date: for those who may read the full number too (issue 14.1). With the
 * masked number it would give the number away, so everyone else reads `birthYear`.
 */
export const TEACHER_BIRTH_DATE_FIELD = 'birthDate' as const;

/** Info sets that only school or authority administrators may see (seed 000 art. 16). */
export const TEACHER_RESTRICTED_SETS = ['assessments', 'compensations', 'ethicsRecords'] as const;

export const TEACHER_SENSITIVE_FIELDS = [TEACHER_ID_NUMBER_FIELD, TEACHER_BIRTH_DATE_FIELD, ...TEACHER_RESTRICTED_SETS] as const;

/** Every Teacher field: what a rule without a field list grants. */
export const TEACHER_ALL_FIELDS = [...TEACHER_BASIC_FIELDS, ...TEACHER_SENSITIVE_FIELDS] as const;

export type TeacherField =
  | (typeof TEACHER_BASIC_FIELDS)[number]
  | (typeof TEACHER_SENSITIVE_FIELDS)[number];
