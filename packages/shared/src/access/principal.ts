import type { Role } from '../accounts/roles.js';
import type { UnitLevel } from '../units/levels.js';

/** Who is asking: built by the gateway from the session; the portal gets only the packed rules. */
export interface Principal {
  accountId: string;
  role: Role;
  unitId: string;
  /** Materialized path of the account's unit, e.g. `/1/4/9/` — every scope rule is a prefix of it. */
  unitPath: string;
  unitLevel: UnitLevel;
  /**
   * For an education authority: the paths of the authorities directly below it (a city's
   * counties). Each is the supervising authority (主管教育行政部门) of the schools under it, so the
   * caller's own authority steps stop at those subtrees. Absent or empty for schools.
   */
  authorityPathsBelow?: readonly string[];
  /** Set for teacher accounts: the archive they own. */
  teacherId?: string | null;
  /**
   * For a system administrator: whether its unit has an active security administrator. Until
   * one is appointed the system administrator still decides account-security requests.
   */
  securityAdminAppointed?: boolean;
  /** A session that must change its password first may do nothing else. */
  restricted?: boolean;
}
