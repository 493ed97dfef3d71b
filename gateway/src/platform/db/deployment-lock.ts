import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';

/** Any constant: set-up and the demo seed take it, so two processes never initialise one database twice. */
const DEPLOYMENT_INIT_LOCK = 7_271_012;

/**
 * Runs `work` in one transaction holding the deployment-initialisation lock. Whoever comes second
 * waits, then sees what the first committed.
 */
export async function withDeploymentLock<T>(orm: MikroORM, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (tx) => {
    await tx.getConnection().execute('select pg_advisory_xact_lock(?)', [DEPLOYMENT_INIT_LOCK], 'run', tx.getTransactionContext());
    return work(tx);
  });
}
