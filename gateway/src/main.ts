import 'reflect-metadata';
import { config } from './platform/config.js';
import { logger } from './platform/logging.js';
import { openDatabase } from './platform/db/database.js';
import { createApp } from './app/app.js';
import { seedDemoIfEmpty } from './demo/seed-once.js';
import { loadGatewayModules } from './platform/modules/gateway-module.js';
import { assertDeploymentMatchesData } from './modules/setup/deployment-check.js';
import { AppError } from './platform/graphql/errors.js';
import { errorMessage } from '@tmis/shared';

/** Starts the gateway: database (embedded unless DATABASE_URL), migrations, demo data, HTTP. */
async function main(): Promise<void> {
  const cfg = config();
  const log = logger(cfg.logLevel);
  const db = await openDatabase(cfg);
  // Province modules named in config/gateway-modules.<province>.json (none: the core alone).
  const modules = await loadGatewayModules(cfg.provinceCode);
  if (modules.length) log.info({ modules: modules.map((m) => m.name) }, 'province modules loaded');
  const app = await createApp(cfg, db.url, { modules, ownerUrl: db.ownerUrl });
  await assertDeploymentMatchesData(app.orm, cfg);
  if (cfg.seedDemo) {
    // Demo of the configured mode and province; with several processes, only one seeds.
    const accounts = await seedDemoIfEmpty(app.orm, app.runtime);
    if (accounts) log.info({ accounts: accounts.length, mode: cfg.mode, province: cfg.provinceCode }, 'demo data ready (first start); accounts are listed in README.md');
  }
  await new Promise<void>((r) => app.server.listen(cfg.port, cfg.host, r));
  const base = `${cfg.tls ? 'https' : 'http'}://${cfg.host}:${cfg.port}`;
  log.info({ url: `${base}/`, graphql: `${base}/graphql`, mode: cfg.mode, province: cfg.provinceCode, ...(cfg.tls ? { tlsCert: cfg.tls.certFile, tlsFingerprint: cfg.tls.fingerprint256 } : {}) }, 'TMIS gateway ready');
  // Graceful stop (docs/deployment.md): /readyz turns 503, no new connections, requests in progress
  // finish until TMIS_SHUTDOWN_GRACE_MS, then app.close() hands running jobs back. A second signal
  // exits at once — but not the copy of Ctrl-C that `npm start` forwards right after the terminal's.
  let stoppingSince = 0;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stoppingSince) {
      if (Date.now() - stoppingSince < 2000) return;
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stoppingSince = Date.now();
    log.info({ signal, graceMs: cfg.shutdownGraceMs }, 'shutting down: draining requests');
    try {
      const drained = await app.drain(cfg.shutdownGraceMs);
      log.info(drained, drained.cut ? 'grace period over: requests cut' : 'requests drained');
      await app.close();
      await db.close();
      process.exit(0);
    } catch (e) {
      log.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}

main().catch((e: unknown) => {
  // An operator's mistake (wrong province code …) is said plainly, in Chinese and English.
  if (e instanceof AppError) console.error(`✗ ${e.code}: ${e.message} / ${errorMessage(e.code, 'en')}${e.details ? ` ${JSON.stringify(e.details)}` : ''}`);
  logger().fatal({ err: e }, 'start-up failed');
  process.exit(1);
});
