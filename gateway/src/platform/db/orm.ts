import { MikroORM, type Options, type Constructor } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider, type MigrationObject } from '@mikro-orm/core';
import pg from 'pg';
import { Logger as GraphileLogger, runMigrations as runQueueMigrations } from 'graphile-worker';
import { logger } from '../logging.js';
import { sealClearColumns } from '../crypto/sealed-column.js';
import { sealRestrictedRecords } from '../crypto/sealed-json.js';
import { RESTRICTED_INFO_SETS } from '@tmis/shared';
import { grantAppRole } from './roles.js';

export interface OrmSetup {
  url: string;
  entities: Constructor[];
  migrations: MigrationObject[];
  /** Pool size; tests keep it small, the server larger. */
  poolMax?: number;
  /** Called for every SQL statement (benchmarks count statements per request). */
  onQuery?: (sql: string) => void;
}

export function ormOptions(s: OrmSetup): Options {
  return {
    clientUrl: s.url,
    entities: s.entities,
    // Decorator metadata from tsc; no ts-morph at runtime.
    metadataProvider: ReflectMetadataProvider,
    extensions: [Migrator],
    migrations: { migrationsList: s.migrations, transactional: true, allOrNothing: true, tableName: 'mikro_orm_migrations' },
    pool: { min: 0, max: s.poolMax ?? 20 },
    // The global EntityManager is never used for work: every request forks its own.
    allowGlobalContext: false,
    forceUtcTimezone: true,
    debug: Boolean(s.onQuery),
    logger: s.onQuery ? (msg: string) => s.onQuery!(msg) : (msg: string) => logger().debug({ orm: msg }),
    loggerFactory: undefined,
    discovery: { warnWhenNoEntities: true },
  };
}

export async function openOrm(s: OrmSetup): Promise<MikroORM> {
  return MikroORM.init(ormOptions(s));
}

/** Advisory lock key held while migrating, so processes starting together migrate one at a time. */
const MIGRATION_LOCK = 727_001;

const quietGraphileLogger = new GraphileLogger(() => (level, message) => {
  if (level === 'error') logger().error({ component: 'graphile-worker' }, message);
});

/**
 * Applies committed migrations; schema auto-sync is never used outside tests. Several gateway
 * processes may start at once on one database: the first takes a session advisory lock on a
 * connection of its own, the others wait for it and then find nothing left to apply. Run as the
 * owner role; `grantTo` names the application role whose rights are then given (platform/db/roles.ts).
 */
export async function migrate(orm: MikroORM, opts: { grantTo?: string } = {}): Promise<string[]> {
  const lock = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await orm.getMigrator().up();
    // Values a migration left in clear columns are sealed by the app (needs the bound field key).
    await sealClearColumns(orm);
    await sealRestrictedRecords(orm, RESTRICTED_INFO_SETS);
    // The job queue's own schema (graphile_worker), under the same lock.
    await runQueueMigrations({ connectionString: orm.config.get('clientUrl'), logger: quietGraphileLogger });
    // The application role's rights on what exists now (a migration may have added tables).
    if (opts.grantTo) await grantAppRole(lock, opts.grantTo);
    return done.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end().catch(() => undefined);
  }
}
