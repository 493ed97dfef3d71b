import 'reflect-metadata';
import { config } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrate, openOrm } from './platform/db/orm.js';
import { verifyAuditChain } from './platform/audit/audit.service.js';
import { coreEntities } from './app/entities.js';
import { coreMigrations } from './platform/db/migrations/index.js';

const USAGE = `usage: node gateway/dist/cli.js <command>
  audit-verify   walk the whole audit chain and report the first broken entry (exit 1 if broken)
  migrate        apply pending migrations`;

/** Operator commands. They use the same configuration as the gateway (DATABASE_URL or the embedded server). */
async function main(): Promise<number> {
  const cmd = process.argv[2];
  if (cmd !== 'audit-verify' && cmd !== 'migrate') {
    console.error(USAGE);
    return 2;
  }
  const db = await openDatabase(config());
  const orm = await openOrm({ url: db.url, entities: coreEntities, migrations: coreMigrations, poolMax: 2 });
  try {
    if (cmd === 'migrate') {
      const done = await migrate(orm);
      console.log(done.length ? `applied: ${done.join(', ')}` : 'nothing to apply');
      return 0;
    }
    const started = Date.now();
    const report = await verifyAuditChain(orm.em.fork());
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (report.ok) {
      console.log(`audit chain OK: ${report.checked} entries verified in ${secs} s`);
      return 0;
    }
    console.error(`audit chain BROKEN at seq ${report.brokenAt} (${report.reason}); ${report.checked} entries verified before it`);
    return 1;
  } finally {
    await orm.close(true);
    await db.close();
  }
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
