import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/config.js';
import { AppError } from '../../platform/graphql/errors.js';

/**
 * A province gateway refuses to start on a database whose province unit is another province's:
 * its teacher numbers and national reports would carry the wrong code (issue 12: province 110000
 * on 330000 data reported 2,204 teachers the national system skipped). An empty database is
 * fine (set-up or the demo fills it); the national system holds every province and is not checked.
 */
export async function assertDeploymentMatchesData(orm: MikroORM, cfg: Pick<Config, 'mode' | 'provinceCode'>): Promise<void> {
  if (cfg.mode !== 'province') return;
  const rows = await orm.em.fork().getConnection().execute<{ code: string }[]>(
    `select distinct code from unit where level = 'province' order by code`);
  const codes = rows.map((r) => r.code);
  if (codes.length === 0 || (codes.length === 1 && codes[0] === cfg.provinceCode)) return;
  throw new AppError('DEPLOYMENT_DATA_MISMATCH', { configured: cfg.provinceCode, inDatabase: codes });
}
