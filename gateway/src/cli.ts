import 'reflect-metadata';
import { config, reportsToNational } from './platform/config.js';
import { openDatabase } from './platform/db/database.js';
import { migrate, openOrm } from './platform/db/orm.js';
import { roleOfUrl } from './platform/db/roles.js';
import { bindAuditKeys } from './platform/audit/audit.service.js';
import { deriveAuditKeys } from './platform/audit/audit-chain.js';
import { runAuditVerify, runCheckpointFileVerify } from './platform/audit/audit-verify.command.js';
import { coreEntities } from './app/entities.js';
import { coreMigrations } from './platform/db/migrations/index.js';
import { createFieldCrypto } from './platform/crypto/field-crypto.js';
import { bindFieldCrypto } from './platform/crypto/sealed-column.js';
import { demoCertificateAlgorithm, ensureDemoCertificates } from './platform/auth/certificates/index.js';
import { resolve } from 'node:path';
import { enqueueResend } from './modules/sync/snapshot.js';
import { fetchNationalCheckpoints } from './modules/sync/audit-anchor.js';
import { composeModules, loadGatewayModules } from './platform/modules/gateway-module.js';
import { applySetupEnvironment, parseSetupArgs, runSetupCommand, SETUP_USAGE } from './modules/setup/setup-command.js';
import { AppError } from './platform/graphql/errors.js';
import { runTokenCommand, TOKEN_USAGE } from './modules/auth/token-command.js';
import { BACKUP_USAGE, checkRestored, parseBackupArgs, runBackupCommand, type BackupArgs } from './platform/backup/backup-command.js';

const USAGE = `usage: node gateway/dist/cli.js <command>
  audit-verify [--checkpoints <file>]
                 walk the whole audit chain under the key and against the signed checkpoints
                 (TMIS_AUDIT_CHECKPOINT_FILE by default): report the first broken entry, a cut-off
                 tail, which entries are protected by the key, legacy or not yet anchored (exit 1 if broken)
  audit-verify-checkpoints --public-key <pem>[,<pem>...] <file>
                 check the SM2/ECDSA signatures of a checkpoint file with the public key(s) alone
                 (TMIS_AUDIT_VERIFY_KEY); no configuration or database needed. HMAC checkpoints
                 are listed as needing the gateway key (audit-verify); exit 1 on a forged one
  migrate        apply pending migrations
  demo-certs     create the demo CA (if missing) and a client certificate for every information
                 admin into <data dir>/demo-certs, and show which ones are bound to their account
  sync-resend [--since <ISO date-time>]
                 queue every unit and teacher changed since the time (all when omitted) to be reported
                 to the national system again; the running gateway delivers them, the national side
                 skips what it already holds
${SETUP_USAGE}
${BACKUP_USAGE}
${TOKEN_USAGE}`;

/** Operator commands. They use the same configuration as the gateway (DATABASE_OWNER_URL / DATABASE_URL or the embedded server). */
async function main(): Promise<number> {
  const cmd = process.argv[2];
  // Talks to a running gateway over HTTP only: no configuration, no database.
  if (cmd === 'token') return runTokenCommand(process.argv.slice(3));
  // An outside auditor's check: the checkpoint file and public keys, no gateway key, no database.
  if (cmd === 'audit-verify-checkpoints') return verifyCheckpointsCommand(process.argv.slice(3));
  if (cmd !== 'audit-verify' && cmd !== 'migrate' && cmd !== 'demo-certs' && cmd !== 'sync-resend' && cmd !== 'setup' && cmd !== 'backup' && cmd !== 'restore') {
    console.error(USAGE);
    return 2;
  }
  let setupOpts: ReturnType<typeof parseSetupArgs> | undefined;
  if (cmd === 'setup') {
    try {
      setupOpts = parseSetupArgs(process.argv.slice(3));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      console.error(`初始化失败：${e.message}\n${USAGE}`);
      return 2;
    }
    // Before config(): the command line may be where the mode and province code come from.
    applySetupEnvironment(setupOpts);
  }
  let backupArgs: BackupArgs | undefined;
  if (cmd === 'backup' || cmd === 'restore') {
    try {
      backupArgs = parseBackupArgs(cmd, process.argv.slice(3));
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      console.error(`${e.message}\n${USAGE}`);
      return 2;
    }
  }
  const cfg = config();
  const db = await openDatabase(cfg);
  // pg_dump/pg_restore work on the database itself; a restore is then checked through the ORM below.
  if (backupArgs) {
    const code = await runBackupCommand(backupArgs, db.ownerUrl);
    if (code !== 0 || cmd === 'backup') {
      await db.close();
      return code;
    }
  }
  // Province modules bring their own tables: `migrate` applies theirs after the core's.
  const modules = await loadGatewayModules(cfg.provinceCode);
  // Operator commands run as the owner role; `migrate` then grants the application role its rights.
  const orm = await openOrm({ url: db.ownerUrl, entities: composeModules(coreEntities as Function[], modules, (m) => m.entities) as never,
    migrations: composeModules(coreMigrations, modules, (m) => m.migrations), poolMax: 2 });
  bindFieldCrypto(orm, createFieldCrypto(cfg.secretKey, { profile: cfg.crypto, previous: cfg.previousCrypto }));
  bindAuditKeys(orm, deriveAuditKeys(cfg.secretKey, cfg.crypto, { signingKey: cfg.auditSigningKey, verifyKeys: cfg.auditVerifyKeys }));
  try {
    if (cmd === 'migrate') {
      const done = await migrate(orm, db.ownerUrl !== db.url ? { grantTo: roleOfUrl(db.url) } : {});
      console.log(done.length ? `applied: ${done.join(', ')}` : 'nothing to apply');
      return 0;
    }
    if (cmd === 'demo-certs') return await demoCerts(orm);
    if (cmd === 'restore') return await checkRestored(orm.em.fork(), cfg.secretKey, cfg.auditCheckpointFile);
    if (cmd === 'setup') return await runSetupCommand(orm, cfg, setupOpts!);
    if (cmd === 'sync-resend') return await syncResend(orm);
    const i = process.argv.indexOf('--checkpoints');
    if (i > 0 && !process.argv[i + 1]) {
      console.error('--checkpoints 需要文件路径 / --checkpoints needs a file');
      return 2;
    }
    // A province reporting to the national system checks against the national copy too.
    const national = reportsToNational(cfg)
      ? () => fetchNationalCheckpoints({ nationalUrl: cfg.nationalUrl, provinceCode: cfg.provinceCode, syncKey: cfg.syncKey, signingKey: cfg.syncSigningKey, tls: cfg.nationalTls })
      : undefined;
    return await runAuditVerify(orm.em.fork(), i > 0 ? resolve(process.argv[i + 1]!) : cfg.auditCheckpointFile, console.log, national);
  } finally {
    await orm.close(true);
    await db.close();
  }
}

function verifyCheckpointsCommand(args: string[]): Promise<number> {
  const i = args.indexOf('--public-key');
  const keys = i >= 0 ? (args[i + 1] ?? '').split(',').map((f) => f.trim()).filter(Boolean) : [];
  const file = args.find((a, j) => j !== i && j !== i + 1);
  if (!keys.length || !file) {
    console.error(USAGE);
    return Promise.resolve(2);
  }
  return runCheckpointFileVerify(resolve(file), keys.map((k) => resolve(k)));
}

/**
 * Demo certificates stand in for the USB-key certificates of seed 003. Binding a new one to an
 * account is an account change (certificate_bind) decided by the managing unit, not done here.
 */
async function demoCerts(orm: Awaited<ReturnType<typeof openOrm>>): Promise<number> {
  const dir = resolve(config().dataDir, 'demo-certs');
  const rows = await orm.em.fork().getConnection().execute<{ username: string; real_name: string; unit: string; cert_fingerprint: string | null }[]>(
    `select a.username, a.real_name, u.name as unit, a.cert_fingerprint from account a join unit u on u.id = a.unit_id
      where a.role = 'info_admin' and a.status = 'active' order by a.username`);
  const fingerprints = await ensureDemoCertificates(dir, rows.map((r) => ({ username: r.username, realName: r.real_name, unitName: r.unit })), { algorithm: demoCertificateAlgorithm(config().crypto) });
  console.log(`CA: ${resolve(dir, 'ca.crt.pem')}`);
  for (const r of rows) {
    const bound = r.cert_fingerprint === fingerprints[r.username] ? 'bound' : 'NOT bound (request certificate_bind)';
    console.log(`${r.username.padEnd(16)} ${resolve(dir, `${r.username}.crt.pem`)}  ${bound}`);
  }
  return 0;
}

/** Re-sends since a point in time (issue 8): new outbox rows; delivery and de-duplication do the rest. */
async function syncResend(orm: Awaited<ReturnType<typeof openOrm>>): Promise<number> {
  const i = process.argv.indexOf('--since');
  const since = i > 0 ? new Date(process.argv[i + 1] ?? '') : null;
  if (since && Number.isNaN(since.getTime())) {
    console.error('--since needs an ISO date-time, e.g. 2026-11-01T00:00:00Z');
    return 2;
  }
  const n = await orm.em.fork().transactional((tx) => enqueueResend(tx, since));
  console.log(`queued for the national system: ${n.units} units, ${n.teachers} teachers${since ? ` changed since ${since.toISOString()}` : ''}`);
  return 0;
}

main().then((code) => process.exit(code), (e: unknown) => {
  console.error(e);
  process.exit(1);
});
