import type { MikroORM } from '@mikro-orm/postgresql';
import type { Runtime } from '../platform/runtime.js';
import { Unit } from '../modules/units/unit.entity.js';
import { withDeploymentLock } from '../platform/db/deployment-lock.js';
import { seedDemo, type DemoAccount } from './seed.js';

/**
 * "Seed the demo if the database is empty", safe when several gateway processes start at once on
 * one database: the check and the seed run in one transaction under the deployment lock, so the
 * second process waits and then finds the units. Null when there was something already.
 */
export async function seedDemoIfEmpty(orm: MikroORM, runtime: Runtime): Promise<DemoAccount[] | null> {
  return withDeploymentLock(orm, async (tx) => ((await tx.count(Unit, {})) === 0 ? seedDemo(tx, runtime) : null));
}
