import { subtreeOf } from '../scope.js';
import { SCHOOL_LEVELS, forRoles, partyInSubtree, type DomainRules } from './rule-set.js';

/**
 * Exchange rotations (交流轮岗, issue 4). The sending school's information admin initiates a
 * rotation of its own teacher. A rotation is seen by every party unit and those above (party
 * paths, as for cases) and by the teacher concerned; the approvals go through ApprovalCase.
 */
export const rotationRules: DomainRules = {
  ...forRoles(['system_admin', 'query_user', 'training_admin'], (p, { can }) => {
    can('read', 'Rotation', { partyPaths: partyInSubtree(p.unitPath) });
  }),
  info_admin(p, { can }) {
    can('read', 'Rotation', { partyPaths: partyInSubtree(p.unitPath) });
    if (SCHOOL_LEVELS.includes(p.unitLevel)) can('create', 'Rotation', { sendingScopePath: subtreeOf(p.unitPath) });
  },
  teacher(p, { can }) {
    if (p.teacherId) can('read', 'Rotation', { teacherId: p.teacherId });
  },
};
