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
  /** Set for teacher accounts: the archive they own. */
  teacherId?: string | null;
  /** A session that must change its password first may do nothing else. */
  restricted?: boolean;
}
