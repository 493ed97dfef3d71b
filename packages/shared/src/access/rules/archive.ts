import { INFO_SETS, RESTRICTED_INFO_SETS } from '../../archive/info-sets.js';
import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, forRoles, type DomainRules } from './rule-set.js';

/** Sets a teacher may fill in personally (seed 000 art. 16: never assessment, compensation, ethics, titles). */
const TEACHER_ENTERABLE_SETS: string[] = [...INFO_SETS.filter((set) => set.entry === 'teacher_or_school').map((set) => set.code), 'indicators'];
const OPEN_STATUSES = ['draft', 'returned'];

/**
 * The archive (档案信息): schools enter and review (school step); authorities approve (effective
 * step), each only for the schools it supervises itself (art. 17, 19): a county's schools are the
 * county's desk, so a city's `approve` and `change` stop at its counties' subtrees — the one
 * `cannot` of the rule set, which must come after the `can`s it cuts back.
 */
export const archiveRules: DomainRules = {
  info_admin(p, { can, cannot }) {
    const own = subtreeOf(p.unitPath);
    can(['read', 'create'], 'ArchiveRecord', { scopePath: own });
    can(['update', 'submit'], 'ArchiveRecord', { scopePath: own, status: { $in: OPEN_STATUSES } });
    if (SCHOOL_LEVELS.includes(p.unitLevel)) {
      can('review', 'ArchiveRecord', { scopePath: own, status: 'submitted' });
      can('change', 'ArchiveRecord', { scopePath: own, status: 'effective' });
    } else {
      can('approve', 'ArchiveRecord', { scopePath: own, status: 'school_approved' });
      can('change', 'ArchiveRecord', { scopePath: own, status: 'effective' });
      // Only for the schools it supervises itself (art. 17, 19): a county's schools are the county's desk.
      for (const below of p.authorityPathsBelow ?? []) cannot(['approve', 'change'], 'ArchiveRecord', { scopePath: subtreeOf(below) });
    }
  },
  ...forRoles(['query_user', 'training_admin'], (p, { can }) => {
    can('read', 'ArchiveRecord', { scopePath: subtreeOf(p.unitPath), infoSet: { $nin: [...RESTRICTED_INFO_SETS] } });
  }),
  teacher(p, { can }) {
    if (!p.teacherId) return;
    can('read', 'ArchiveRecord', { teacherId: p.teacherId });
    // New information may be added by the teacher; it then goes through review (seed 000 art. 19).
    can('create', 'ArchiveRecord', { teacherId: p.teacherId, infoSet: { $in: TEACHER_ENTERABLE_SETS }, changeKind: 'add' });
    can(['update', 'submit'], 'ArchiveRecord', { teacherId: p.teacherId, enteredBy: p.accountId, status: { $in: OPEN_STATUSES } });
  },
};
