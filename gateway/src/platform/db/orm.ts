import { MikroORM, type Options, type Constructor } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { ReflectMetadataProvider, type MigrationObject } from '@mikro-orm/core';
import { logger } from '../logging.js';

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

/** Applies committed migrations; schema auto-sync is never used outside tests. */
export async function migrate(orm: MikroORM): Promise<string[]> {
  const done = await orm.getMigrator().up();
  return done.map((m) => m.name);
}
