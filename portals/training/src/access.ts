import { subject, type AnyAbility } from '@casl/ability';

// The same CASL rules as the gateway (myAbilities, unpacked by the shell): the UI offers an
// action only where the server would allow it. Subjects carry the fields the rules speak of
// (packages/shared/src/access/rules/training.ts; gateway training.service.ts).

/** The signed-in user as the checks need it (from the host's user and `me { teacherId }`). */
export interface UserFacts {
  accountId: string;
  role: string;
  unitId: string;
  unitPath: string;
  unitLevel: string;
  teacherId?: string | null;
}

export type ProjectLevel = 'national' | 'province' | 'city' | 'county' | 'school';

/** Projects are registered at the owner's level; schools and departments run school-based training (校本研修). */
export function projectLevelOf(unitLevel: string): ProjectLevel {
  return unitLevel === 'school' || unitLevel === 'department' ? 'school' : (unitLevel as ProjectLevel);
}

export interface ProjectFacts {
  id: string;
  ownerUnitId: string;
  ownerPath?: string | null;
  level: string;
  institutionIds: string[];
  status: string;
}

/** The plain shape the gateway checks (projectSubject in training.service.ts). */
function projectSubject(p: ProjectFacts) {
  return subject('TrainingProject', {
    id: p.id, ownerUnitId: p.ownerUnitId, ownerPath: p.ownerPath ?? undefined, level: p.level, institutionIds: p.institutionIds.join(' '), status: p.status,
  });
}

/** 登记培训项目: the draft the gateway builds for the caller's own unit, checked against `create`. */
export function canCreateProject(ability: AnyAbility, user: UserFacts): boolean {
  return ability.can('create', subject('TrainingProject', { ownerUnitId: user.unitId, ownerPath: user.unitPath, level: projectLevelOf(user.unitLevel), institutionIds: '' }));
}

export interface ProjectActions {
  /** Enrol teachers (those in the caller's scope; the server checks each one). */
  enrol: boolean;
  /** Submit results online or by Excel: the institutions named on the project, or its owner. */
  submit: boolean;
  /** Confirm credits: the owner; national projects by a province. */
  confirm: boolean;
  /** Cancel a project registered by mistake: its owner (the server refuses once credits exist). */
  cancel: boolean;
}

export function projectActions(ability: AnyAbility, p: ProjectFacts): ProjectActions {
  const open = p.status === 'open';
  return {
    enrol: open && ability.can('create', 'TrainingEnrolment'),
    submit: open && ability.can('submit', projectSubject(p)),
    confirm: ability.can('approve', projectSubject(p)),
    cancel: p.status !== 'cancelled' && ability.can('update', projectSubject(p)),
  };
}

/** One teacher for one project: in the caller's scope, and for school-based training the school's own. */
export function canEnrolTeacher(ability: AnyAbility, p: ProjectFacts, teacherScopePath: string): boolean {
  if (!ability.can('create', subject('TrainingEnrolment', { scopePath: teacherScopePath }))) return false;
  return p.level !== 'school' || (p.ownerPath != null && teacherScopePath.startsWith(p.ownerPath));
}

/** Statistics and other teachers' credits: those who read credits of their whole unit (not teachers). */
export function readsUnitCredits(ability: AnyAbility, user: UserFacts): boolean {
  return ability.can('read', subject('TrainingCredit', { scopePath: user.unitPath, teacherId: null }));
}

export function canReadTeacherCredits(ability: AnyAbility, teacherId: string, scopePath: string): boolean {
  return ability.can('read', subject('TrainingCredit', { teacherId, scopePath }));
}

/** 自主研修 claims: the teacher for themself, or the school for its teachers. */
export function canClaimSelfStudy(ability: AnyAbility, teacherId: string, scopePath: string): boolean {
  return ability.can('create', subject('TrainingSelfStudy', { teacherId, scopePath }));
}

/** A new conversion-rule version: the province's information admin, for its own province. */
export function canAddRule(ability: AnyAbility, user: UserFacts): boolean {
  return ability.can('create', subject('TrainingRule', { provinceUnitId: user.unitId }));
}

/**
 * Approval steps of the training workflows (gateway training.workflows.ts) this user may act on:
 * the supervising authority's training admin confirms school plans, school credits and
 * self-study; the school's information admin reviews self-study first. The engine decides.
 */
export const TRAINING_WORKFLOWS = ['training_school_plan', 'training_school_credits', 'training_self_study'] as const;

export function actsOnTrainingApprovals(user: UserFacts): boolean {
  const school = user.unitLevel === 'school' || user.unitLevel === 'department';
  return (user.role === 'training_admin' && !school && user.unitLevel !== 'national') || (user.role === 'info_admin' && school);
}

export type TabKey = 'projects' | 'credits' | 'completion' | 'rules' | 'approvals';

/** Which screens of the module the user is offered. */
export function allowedTabs(ability: AnyAbility, user: UserFacts): TabKey[] {
  const tabs: TabKey[] = [];
  if (ability.can('read', 'TrainingProject')) tabs.push('projects');
  if (ability.can('read', 'TrainingCredit') && (readsUnitCredits(ability, user) || user.teacherId)) tabs.push('credits');
  if (readsUnitCredits(ability, user)) tabs.push('completion');
  if (ability.can('read', 'TrainingRule')) tabs.push('rules');
  if (actsOnTrainingApprovals(user)) tabs.push('approvals');
  return tabs;
}
