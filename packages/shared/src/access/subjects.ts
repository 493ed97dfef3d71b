/** Actions. `manage` is CASL's wildcard; we grant it only where every action truly applies. */
export type Action =
  | 'manage'
  | 'read'
  | 'create'
  | 'update'
  | 'delete'
  | 'approve'
  | 'review'
  | 'submit'
  | 'change'
  | 'export';

/** Subject types: entity names shared by gateway rows and portal checks. */
export type SubjectType =
  | 'all'
  | 'Unit'
  | 'Teacher'
  | 'StatusChange'
  | 'TeacherVisit'
  | 'Account'
  | 'AccountChangeRequest'
  | 'AuditLog'
  | 'SpotCheck'
  | 'SpotCheckItem'
  | 'DataExport'
  | 'CodeList'
  | 'ArchiveRecord'
  | 'IndicatorDefinition'
  | 'Job'
  | 'ProblemRecord'
  | 'ApprovalCase'
  | 'Notification'
  | 'Transfer'
  | 'Rotation'
  | 'SavedQuery'
  | 'DataSharingApplication'
  | 'TrainingProject'
  | 'TrainingEnrolment'
  | 'TrainingCredit'
  | 'TrainingRule'
  | 'TrainingSelfStudy'
  | 'QualificationRegistration'
  | 'TeacherStatistics'
  | 'QuotaAllocation'
  | 'SyncState'
  | 'UnitDirectoryImport';

export const SUBJECT_TYPES: readonly SubjectType[] = ['Unit', 'Teacher', 'StatusChange', 'TeacherVisit', 'Account', 'AccountChangeRequest', 'AuditLog', 'CodeList', 'ArchiveRecord', 'IndicatorDefinition', 'Job', 'ProblemRecord', 'SpotCheck', 'SpotCheckItem', 'DataExport', 'ApprovalCase', 'Notification', 'Transfer', 'Rotation', 'SavedQuery', 'DataSharingApplication', 'TrainingProject', 'TrainingEnrolment', 'TrainingCredit', 'TrainingRule', 'TrainingSelfStudy', 'QualificationRegistration', 'TeacherStatistics', 'QuotaAllocation', 'SyncState', 'UnitDirectoryImport'];
