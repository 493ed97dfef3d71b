import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, ownPathAndAbove, type DomainRules, type RoleRules } from './rule-set.js';

/** What every training role below the system administrator sees in its subtree. */
const read: RoleRules = (p, { can }) => {
  const own = subtreeOf(p.unitPath);
  can('read', 'TrainingProject', { ownerPath: own });
  // Upper-level projects are open to lower units for enrolment.
  can('read', 'TrainingProject', { ownerPath: { $in: ownPathAndAbove(p.unitPath) } });
  can('read', ['TrainingEnrolment', 'TrainingCredit', 'TrainingSelfStudy'], { scopePath: own });
  can('read', 'TrainingRule');
};

/** Projects of one's own unit, enrolment and self-study claims in the subtree. */
const run: RoleRules = (p, rules) => {
  const { can } = rules;
  const own = subtreeOf(p.unitPath);
  read(p, rules);
  can(['create', 'update', 'submit'], 'TrainingProject', { ownerUnitId: p.unitId });
  // Credits are confirmed by the owner; those of national projects by each province for its own teachers.
  can('approve', 'TrainingProject', { ownerUnitId: p.unitId, level: { $ne: 'national' } });
  if (p.unitLevel === 'province') can('approve', 'TrainingProject', { level: 'national' });
  can('create', 'TrainingEnrolment', { scopePath: own });
  if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'TrainingSelfStudy', { scopePath: own });
};

/**
 * Training credits (培训学分, issue 5). A project is seen in its owner's subtree and by every unit
 * below the owner. Training institutions see and submit the results of the projects that name
 * them. Credits are confirmed by the owner; those of national projects by each province for its
 * own teachers, with its conversion rule. The system administrator has no training rights.
 * Qualification registration, in the same issue, is registration.ts.
 */
export const trainingRules: DomainRules = {
  teacher(p, { can }) {
    if (!p.teacherId) return;
    const mine = { teacherId: p.teacherId };
    can('read', ['TrainingEnrolment', 'TrainingCredit', 'TrainingSelfStudy'], mine);
    can('create', 'TrainingSelfStudy', mine);
    can('read', 'TrainingRule');
  },
  training_institution(p, { can }) {
    can(['read', 'submit'], 'TrainingProject', { institutionIds: { $regex: `(^| )${p.accountId}( |$)` } });
    can('read', 'TrainingRule');
  },
  query_user: read,
  training_admin: run,
  info_admin(p, rules) {
    run(p, rules);
    // The conversion rule and required hours are the province's own data (versioned).
    if (p.unitLevel === 'province') rules.can('create', 'TrainingRule', { provinceUnitId: p.unitId });
  },
};
