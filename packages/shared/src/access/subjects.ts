/** Actions. `manage` is CASL's wildcard; we grant it only where every action truly applies. */
export type Action =
  | 'manage'
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'approve'
  | 'review'
  | 'export';

/** Subject types: entity names shared by gateway rows and portal checks. */
export type SubjectType =
  | 'all'
  | 'Unit'
  | 'Teacher'
  | 'Account'
  | 'AccountChangeRequest'
  | 'AuditLog'
  | 'CodeList';

export const SUBJECT_TYPES: readonly SubjectType[] = ['Unit', 'Teacher', 'Account', 'AccountChangeRequest', 'AuditLog', 'CodeList'];
