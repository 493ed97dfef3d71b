import { AbilityBuilder, createMongoAbility, type MongoAbility, type RawRuleOf } from '@casl/ability';
import { packRules, unpackRules, type PackRule } from '@casl/ability/extra';
import type { Principal } from './principal.js';
import type { Action, SubjectType } from './subjects.js';
import { childrenOf, strictlyBelow, subtreeOf } from './scope.js';
import { TEACHER_ALL_FIELDS, TEACHER_BASIC_FIELDS } from './teacher-fields.js';
import { isAdministrativeLevel } from '../units/levels.js';
import { SECURITY_CHANGE_KINDS } from '../accounts/roles.js';
import { INFO_SETS, RESTRICTED_INFO_SETS } from '../archive/info-sets.js';

export type AppAbility = MongoAbility<[Action, SubjectType | Record<string, unknown>]>;
export type AppRawRule = RawRuleOf<AppAbility>;

const ALL_TEACHER_FIELDS = [...TEACHER_ALL_FIELDS];

/** Sets a teacher may fill in personally (seed 000 art. 16: never assessment, compensation, ethics, titles). */
const TEACHER_ENTERABLE_SETS: string[] = [...INFO_SETS.filter((set) => set.entry === 'teacher_or_school').map((set) => set.code), 'indicators'];
const OPEN_STATUSES = ['draft', 'returned'];
const SCHOOL_LEVELS = ['school', 'department'];

/** Roles an account of `role` may create in its own unit (beyond system admins of child units). */
const CREATABLE_IN_OWN_UNIT = ['info_admin', 'query_user', 'training_admin', 'teacher', 'training_institution'];
/** The administrators a unit's system admin creates for the units directly below (三员 of the level below). */
const CREATED_BY_LEVEL_ABOVE = ['system_admin', 'security_admin', 'audit_admin'];
const SECURITY_KINDS: string[] = [...SECURITY_CHANGE_KINDS];
/** The deployment's top unit: there is no level above to create its security and audit admins. */
const ROOT_LEVELS = ['national', 'province'];

/**
 * The one rule set. Row scope is always the principal's own subtree; no rule ever names a unit
 * outside it, so nobody can see or grant beyond their scope.
 */
export function defineRulesFor(p: Principal): AppRawRule[] {
  const { can, cannot, rules } = new AbilityBuilder<AppAbility>(createMongoAbility);
  const own = subtreeOf(p.unitPath);

  // Everyone may read their own account and the code lists used by forms.
  can('read', 'Account', { id: p.accountId });
  if (p.restricted) return rules;
  can('read', 'CodeList');
  can('create', 'AccountChangeRequest', { accountId: p.accountId });
  can('read', 'AccountChangeRequest', { accountId: p.accountId });
  // Background jobs (imports): the creator follows their own; admins in scope are added below.
  can('read', 'Job', { createdBy: p.accountId });

  switch (p.role) {
    case 'system_admin':
      can('read', 'Unit', { path: own });
      // Units anywhere below (school lists come from the statistics code list, kept by the authority).
      can(['create', 'update'], 'Unit', { path: strictlyBelow(p.unitPath) });
      // Accounts of its own unit, of its departments, and the three administrators directly below.
      can('manage', 'Account', { unitId: p.unitId, role: { $in: CREATABLE_IN_OWN_UNIT } });
      can('manage', 'Account', { role: { $in: CREATED_BY_LEVEL_ABOVE }, scopePath: childrenOf(p.unitPath) });
      can('manage', 'Account', { unitLevel: 'department', scopePath: childrenOf(p.unitPath) });
      if (ROOT_LEVELS.includes(p.unitLevel)) can('manage', 'Account', { unitId: p.unitId, role: { $in: ['security_admin', 'audit_admin'] } });
      // Account security is the security administrator's once the unit has one (三员分立).
      if (p.securityAdminAppointed) can(['read', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId, kind: { $nin: SECURITY_KINDS } });
      else can(['read', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId });
      can('create', 'AccountChangeRequest', { managingUnitId: p.unitId });
      can('read', 'Teacher', ['id', 'teacherNo', 'numberState', 'name', 'gender', 'idType', 'idNumberMasked', 'unitId', 'schoolId', 'scopePath', 'employmentStatus', 'stage'], { scopePath: own });
      // No audit log: that is the audit administrator's alone.
      break;
    case 'security_admin':
      can('read', 'Unit', { path: own });
      can('read', 'Account', { unitId: p.unitId });
      can('read', 'Account', { role: { $in: CREATED_BY_LEVEL_ABOVE }, scopePath: childrenOf(p.unitPath) });
      can('read', 'Account', { unitLevel: 'department', scopePath: childrenOf(p.unitPath) });
      can(['read', 'create', 'approve'], 'AccountChangeRequest', { managingUnitId: p.unitId, kind: { $in: SECURITY_KINDS } });
      // Certificate revocation lists of the education CA are loaded once, for the deployment.
      if (ROOT_LEVELS.includes(p.unitLevel)) can(['read', 'create'], 'CertificateRevocationList');
      return rules;
    case 'audit_admin':
      // Reads and exports the audit log of its subtree and the chain status, and nothing else.
      can('read', 'Unit', { path: own });
      can(['read', 'export'], 'AuditLog', { scopePath: own });
      return rules;
    case 'info_admin':
      can('read', 'Unit', { path: own });
      // The archive: schools enter and review (school step); authorities approve (effective step).
      can(['read', 'create'], 'ArchiveRecord', { scopePath: own });
      can(['update', 'submit'], 'ArchiveRecord', { scopePath: own, status: { $in: OPEN_STATUSES } });
      if (SCHOOL_LEVELS.includes(p.unitLevel)) {
        can('review', 'ArchiveRecord', { scopePath: own, status: 'submitted' });
        can('change', 'ArchiveRecord', { scopePath: own, status: 'effective' });
        // Status changes (变动) are the school's desk (seed 000 art. 22), never an authority's.
        can('create', 'StatusChange', { scopePath: own });
        // "Confirmed unchanged" in an update campaign (确认无变化) is the school's statement about its own teachers.
        can('create', 'CampaignConfirmation', { scopePath: own });
      } else {
        can('approve', 'ArchiveRecord', { scopePath: own, status: 'school_approved' });
        can('change', 'ArchiveRecord', { scopePath: own, status: 'effective' });
        // Only for the schools it supervises itself (art. 17, 19): a county's schools are the county's desk.
        for (const below of p.authorityPathsBelow ?? []) cannot(['approve', 'change'], 'ArchiveRecord', { scopePath: subtreeOf(below) });
        // Province indicators (拓展指标) are defined by the province's information admin.
        if (p.unitLevel === 'province') can(['create', 'update'], 'IndicatorDefinition');
      }
      can('read', 'IndicatorDefinition');
      can(['read', 'create', 'update', 'review', 'export'], 'Teacher', ALL_TEACHER_FIELDS, { scopePath: own });
      // Teachers who left the subtree (as they left) and rotation guests (for the period): read only.
      can('read', 'TeacherVisit', { scopePath: own });
      can('create', 'AccountChangeRequest', { unitId: p.unitId });
      // Department information admins (universities) create their department's teacher accounts.
      if (p.unitLevel === 'department') can('manage', 'Account', { unitId: p.unitId, role: 'teacher' });
      can('read', 'AuditLog', { scopePath: own });
      // Batch imports of their subtree, and the problem-data queue (问题数据) to verify and fix.
      can('read', 'Job', { scopePath: own });
      can(['read', 'update'], 'ProblemRecord', { scopePath: own });
      break;
    case 'query_user':
    case 'training_admin':
      can('read', 'Unit', { path: own });
      can('read', 'Teacher', [...TEACHER_BASIC_FIELDS], { scopePath: own });
      can('read', 'TeacherVisit', { scopePath: own });
      can('read', 'ArchiveRecord', { scopePath: own, infoSet: { $nin: [...RESTRICTED_INFO_SETS] } });
      can('read', 'IndicatorDefinition');
      if (p.role === 'query_user') can('read', 'ProblemRecord', { scopePath: own });
      break;
    case 'teacher':
      can('read', 'Unit', { id: p.unitId });
      if (p.teacherId) {
        can('read', 'Teacher', ALL_TEACHER_FIELDS, { id: p.teacherId });
        can('read', 'ArchiveRecord', { teacherId: p.teacherId });
        // New information may be added by the teacher; it then goes through review (seed 000 art. 19).
        can('create', 'ArchiveRecord', { teacherId: p.teacherId, infoSet: { $in: TEACHER_ENTERABLE_SETS }, changeKind: 'add' });
        can(['update', 'submit'], 'ArchiveRecord', { teacherId: p.teacherId, enteredBy: p.accountId, status: { $in: OPEN_STATUSES } });
        can('read', 'IndicatorDefinition');
      }
      break;
    case 'training_institution':
      can('read', 'Unit', { id: p.unitId });
      break;
    default: {
      const unknownRole: never = p.role;
      throw new Error(`unknown role ${String(unknownRole)}`);
    }
  }
  addOversightRules(p, can);
  addApprovalRules(p, can);
  addMobilityRules(p, can);
  addAnalystRules(p, can);
  addTrainingRules(p, can);
  addStatisticsRules(p, can);
  addSyncRules(p, can);
  addUnitDirectoryRules(p, can);
  return rules;
}

export function defineAbilityFor(p: Principal): AppAbility {
  return createMongoAbility<AppAbility>(defineRulesFor(p));
}

/** Compact JSON form sent to the portal by `myAbilities`. */
export function packAbilityRules(rules: AppRawRule[]): PackRule<AppRawRule>[] {
  return packRules(rules);
}

export function abilityFromPacked(packed: PackRule<AppRawRule>[]): AppAbility {
  return createMongoAbility<AppAbility>(unpackRules(packed));
}

/**
 * Oversight (issue 3): random spot checks (随机抽查) drawn by authorities and published to the
 * schools concerned, and audited teacher exports (数据导出有据可查) listed for the exporter and
 * the authorities above.
 */
function addOversightRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  const own = subtreeOf(p.unitPath);
  const authority = isAdministrativeLevel(p.unitLevel);
  if (p.role === 'info_admin' || p.role === 'query_user') {
    if (authority) {
      can('read', 'SpotCheck', { scopePath: own });
      can('read', 'SpotCheckItem', { checkScopePath: own });
    }
    // A drawn school sees the results of its own teachers, and only once published.
    if (p.unitLevel === 'school') can('read', 'SpotCheckItem', { schoolScopePath: p.unitPath, checkStatus: 'published' });
    // …and its information admin carries out the correction task of each inaccurate finding.
    if (p.unitLevel === 'school' && p.role === 'info_admin') can('update', 'SpotCheckItem', { schoolScopePath: p.unitPath, checkStatus: 'published' });
    can('read', 'DataExport', { exporterAccountId: p.accountId });
  }
  if (p.role === 'info_admin') {
    if (authority) {
      can('create', 'SpotCheck', { scopePath: own });
      // Findings and publication belong to the authority that drew the check, not to those above.
      can('update', 'SpotCheck', { authorityUnitId: p.unitId });
    }
    can('read', 'DataExport', { scopePath: strictlyBelow(p.unitPath) });
  }
  // Seed 003: every export is traceable, so query users may export basic fields (recorded like any export).
  if (p.role === 'query_user') can('export', 'Teacher', [...TEACHER_BASIC_FIELDS], { scopePath: own });
}

/**
 * Approval engine (issue 4): a case is seen by its initiator and by accounts of any party unit
 * or above. Party paths are stored space-separated, so "some party in my subtree" is one regex
 * that CASL and PostgreSQL both understand. Who may act on a step is the workflow's data.
 */
function addApprovalRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  can('read', 'ApprovalCase', { initiatedBy: p.accountId });
  can('read', 'Notification', { accountId: p.accountId });
  if (p.role === 'teacher' || p.role === 'training_institution') return;
  can('read', 'ApprovalCase', { partyPaths: { $regex: `(^| )${subtreeOf(p.unitPath).$regex.slice(1)}` } });
  can('read', 'Notification', { unitId: p.unitId, role: p.role });
}

/**
 * Transfers (调动) and exchange rotations (交流轮岗), issue 4. The receiving school's information
 * admin initiates a transfer into its own subtree; the sending school's initiates a rotation of
 * its own teacher. Both are seen by every party unit and those above (party paths, as for cases)
 * and by the teacher concerned. The approvals themselves go through ApprovalCase.
 */
function addMobilityRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  if (p.role === 'teacher') {
    if (p.teacherId) can('read', ['Transfer', 'Rotation'], { teacherId: p.teacherId });
    return;
  }
  if (p.role === 'training_institution') return;
  can('read', ['Transfer', 'Rotation'], { partyPaths: { $regex: `(^| )${subtreeOf(p.unitPath).$regex.slice(1)}` } });
  if (p.role === 'info_admin' && SCHOOL_LEVELS.includes(p.unitLevel)) {
    can('create', 'Transfer', { toScopePath: subtreeOf(p.unitPath) });
    can('create', 'Rotation', { sendingScopePath: subtreeOf(p.unitPath) });
  }
}

/**
 * Analysts (issue 7). A saved report query belongs to its owner; shared (`visibility: 'unit'`),
 * it is readable by information admins and query users of the saving unit and of every unit
 * below — the row's unit path is the caller's own path or one of its ancestors. Running it uses
 * the runner's own rules. Data-sharing applications (信息共享) are filed by an authority's query
 * user on behalf of the applying department and seen by that authority and the units above.
 */
function addAnalystRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  if (p.role !== 'info_admin' && p.role !== 'query_user') return;
  const seqs = p.unitPath.split('/').filter(Boolean);
  const mineAndAbove = seqs.map((_, i) => `/${seqs.slice(0, i + 1).join('/')}/`);
  can(['read', 'create', 'update', 'delete'], 'SavedQuery', { ownerAccountId: p.accountId });
  can('read', 'SavedQuery', { visibility: 'unit', scopePath: { $in: mineAndAbove } });
  if (!isAdministrativeLevel(p.unitLevel)) return;
  if (p.role === 'query_user') can('create', 'DataSharingApplication', { authorityUnitId: p.unitId });
  can('read', 'DataSharingApplication', { authorityPath: subtreeOf(p.unitPath) });
}

/**
 * Training credits (培训学分) and qualification registration (教师资格定期注册), issue 5.
 * A project is seen in its owner's subtree and by every unit below the owner (upper-level
 * projects are open to lower units for enrolment). Training institutions see and submit the
 * results of the projects that name them. Credits are confirmed by the owner; those of national
 * projects by each province for its own teachers, with its conversion rule.
 */
function addTrainingRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  const own = subtreeOf(p.unitPath);
  if (p.role === 'teacher') {
    if (!p.teacherId) return;
    const mine = { teacherId: p.teacherId };
    can('read', ['TrainingEnrolment', 'TrainingCredit', 'TrainingSelfStudy', 'QualificationRegistration'], mine);
    can('create', ['TrainingSelfStudy', 'QualificationRegistration'], mine);
    can('read', 'TrainingRule');
    return;
  }
  if (p.role === 'training_institution') {
    can(['read', 'submit'], 'TrainingProject', { institutionIds: { $regex: `(^| )${p.accountId}( |$)` } });
    can('read', 'TrainingRule');
    return;
  }
  if (p.role === 'system_admin') return;
  const seqs = p.unitPath.split('/').filter(Boolean);
  const mineAndAbove = seqs.map((_, i) => `/${seqs.slice(0, i + 1).join('/')}/`);
  can('read', 'TrainingProject', { ownerPath: own });
  can('read', 'TrainingProject', { ownerPath: { $in: mineAndAbove } });
  can('read', ['TrainingEnrolment', 'TrainingCredit', 'TrainingSelfStudy', 'QualificationRegistration'], { scopePath: own });
  can('read', 'TrainingRule');
  if (p.role !== 'training_admin' && p.role !== 'info_admin') return;
  can(['create', 'update', 'submit'], 'TrainingProject', { ownerUnitId: p.unitId });
  can('approve', 'TrainingProject', { ownerUnitId: p.unitId, level: { $ne: 'national' } });
  if (p.unitLevel === 'province') can('approve', 'TrainingProject', { level: 'national' });
  can('create', 'TrainingEnrolment', { scopePath: own });
  if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'TrainingSelfStudy', { scopePath: own });
  if (p.role === 'info_admin' && SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'QualificationRegistration', { scopePath: own });
  // The conversion rule and required hours are the province's own data (versioned).
  if (p.role === 'info_admin' && p.unitLevel === 'province') can('create', 'TrainingRule', { provinceUnitId: p.unitId });
}

/**
 * Statistics and quotas (issue 7): aggregates of the teachers in one's own subtree. Small cells
 * are shown exactly only to information admins (field `smallCells`); query users get them
 * suppressed. Quotas are allocated by the authorities' information admins.
 */
function addStatisticsRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  const own = subtreeOf(p.unitPath);
  if (p.role === 'info_admin') {
    can('read', 'TeacherStatistics', ['cells', 'smallCells'], { scopePath: own });
    if (isAdministrativeLevel(p.unitLevel)) can('create', 'QuotaAllocation', { scopePath: own });
  }
  if (p.role === 'query_user') can('read', 'TeacherStatistics', ['cells'], { scopePath: own });
}

/**
 * National ⇄ province sync (issue 8): the province's (or the national system's) system and
 * information admins see the sync status, the one-person-one-number conflicts and checksums,
 * and may deliver now or re-send.
 */
function addSyncRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  if ((p.role === 'system_admin' || p.role === 'info_admin') && (p.unitLevel === 'province' || p.unitLevel === 'national')) can(['read', 'update'], 'SyncState');
}

/**
 * The unit directory import (issue 12): the province's education statistics school list is loaded
 * by the province's own system and information admins, and by nobody below (a county's schools come
 * from the same province-wide list).
 */
function addUnitDirectoryRules(p: Principal, can: AbilityBuilder<AppAbility>['can']): void {
  if ((p.role === 'system_admin' || p.role === 'info_admin') && p.unitLevel === 'province') {
    can(['read', 'create', 'update'], 'UnitDirectoryImport', { provinceUnitId: p.unitId });
  }
}
