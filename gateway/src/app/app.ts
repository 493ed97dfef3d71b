import 'reflect-metadata';
import type { Server } from 'node:http';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { ApolloServer } from '@apollo/server';
import { reportsToNational, type Config } from '../platform/config.js';
import { createRuntime, type Runtime } from '../platform/runtime.js';
import { migrate, openOrm } from '../platform/db/orm.js';
import { auditPowersOf, roleOfUrl } from '../platform/db/roles.js';
import { logger } from '../platform/logging.js';
import { buildAppSchema } from '../platform/graphql/schema.js';
import { createApollo } from '../platform/graphql/apollo.js';
import { createHttpServer, type RouteHandler } from '../platform/http/server.js';
import { requestMetaResolver } from '../platform/http/request-meta.js';
import { staticHandler } from '../platform/http/static-files.js';
import type { RequestContext } from '../platform/graphql/context.js';
import type { NonEmptyArray } from 'type-graphql';
import { composeModules, type GatewayModule } from '../platform/modules/gateway-module.js';
import { coreEntities } from './entities.js';
import { coreResolvers } from './resolvers.js';
import { contextFactory } from './context.js';
import { SessionCache, sessionCachePlugin } from '../modules/auth/session-cache.js';
import { coreMigrations } from '../platform/db/migrations/index.js';
import { exportFileRoute } from '../modules/exports/export-file.route.js';
import { dropExpiredExportFiles, EXPORT_FILES_EXPIRY_TASK } from '../modules/exports/export.service.js';
import { dropExpiredThrottleRows, THROTTLE_EXPIRY_TASK } from '../platform/auth/throttle.js';
import { JobQueue } from '../platform/jobs/job-queue.js';
import { importRoutes } from '../modules/imports/imports.routes.js';
import { monthlyReportRoute } from '../modules/campaigns/monthly-report.route.js';
import { TEACHER_IMPORT, teacherImportJob } from '../modules/imports/teacher-import.job.js';
import { CRYPTO_MIGRATION_TASK, migrateEncryptedColumns } from '../platform/crypto/crypto-migration.js';
import { setupUnitDirectory } from '../modules/unit-directory/unit-directory.setup.js';
import { StatisticsRefresher } from '../modules/statistics/statistics-refresh.js';
import { graphiqlRoute, remoteAssetsRoute } from '../platform/modules/portal-assets.js';
import { loadPortalModules, servedRemoteFolders } from '../platform/modules/portal-modules.js';
import { workforceReportRoute } from '../modules/workforce-report/workforce-report.route.js';
import { dataSharingRoute } from '../modules/data-sharing/data-sharing.route.js';
import { setupSync } from '../modules/sync/sync.setup.js';
import { bindFieldCrypto } from '../platform/crypto/sealed-column.js';
import { deriveAuditKeys } from '../platform/audit/audit-chain.js';
import { bindAuditKeys } from '../platform/audit/audit.service.js';
import { AUDIT_CHECKPOINT_CRON, AUDIT_CHECKPOINT_TASK, readCheckpoints, writeCheckpoint } from '../platform/audit/audit-checkpoint.js';
import { sendCheckpoint } from '../modules/sync/audit-anchor.js';
import { applyDueMoves, EFFECTIVE_DATES_TASK } from '../modules/transfers/effective-dates.js';
import { createMetrics, routeClass, type Metrics } from '../platform/observability/metrics.js';
import { graphqlMetricsPlugin } from '../platform/observability/graphql-metrics.plugin.js';
import { opsRoutes, Readiness } from '../platform/observability/ops-routes.js';
import { drainHttp, InFlight, type DrainResult } from '../platform/observability/shutdown.js';

export interface App {
  config: Config;
  runtime: Runtime;
  orm: MikroORM;
  apollo: ApolloServer<RequestContext>;
  server: Server;
  makeContext: ReturnType<typeof contextFactory>;
  /** The process's cache of resolved sessions (TMIS_SESSION_CACHE_MS). */
  sessions: SessionCache;
  /** Background jobs (imports); `idle()` waits for them in tests and benchmarks. */
  jobs: JobQueue;
  /** Prometheus metrics of this process (/metrics). */
  metrics: Metrics;
  readiness: Readiness;
  /** Graceful stop of HTTP: not ready, stop accepting, let requests finish until `graceMs`; then call close(). */
  drain: (graceMs: number) => Promise<DrainResult>;
  close: () => Promise<void>;
}

/**
 * Composition root: wires platform machinery to the business modules. Province modules
 * (`opts.modules`, loaded by main.ts from `config/gateway-modules.<province>.json`) add their
 * entities, migrations, resolvers, rules and routes after the core's.
 */
export async function createApp(config: Config, databaseUrl: string, opts: { onQuery?: (sql: string) => void; poolMax?: number; modules?: GatewayModule[]; ownerUrl?: string } = {}): Promise<App> {
  const modules = opts.modules ?? [];
  const runtime = createRuntime(config, modules.flatMap((m) => (m.abilities ? [m.abilities] : [])), modules.map((m) => m.name));
  const auditKeys = deriveAuditKeys(config.secretKey, config.crypto, { signingKey: config.auditSigningKey, verifyKeys: config.auditVerifyKeys });
  for (const w of config.warnings ?? []) logger().warn(w);
  const setup = (url: string, extra: { onQuery?: (sql: string) => void; poolMax?: number } = {}) => openOrm({
    url, entities: composeModules(coreEntities as Function[], modules, (m) => m.entities) as never,
    migrations: composeModules(coreMigrations, modules, (m) => m.migrations), ...extra,
  }).then((o) => {
    bindFieldCrypto(o, runtime.fieldCrypto);
    bindAuditKeys(o, auditKeys);
    return o;
  });
  // Migrations as the owner role, which then grants the application role its rights (issue 14.3).
  if (opts.ownerUrl && opts.ownerUrl !== databaseUrl) {
    const owner = await setup(opts.ownerUrl, { poolMax: 2 });
    try {
      await migrate(owner, { grantTo: roleOfUrl(databaseUrl) });
    } finally {
      await owner.close(true);
    }
  }
  const orm = await setup(databaseUrl, { onQuery: opts.onQuery, poolMax: opts.poolMax });
  if (!opts.ownerUrl || opts.ownerUrl === databaseUrl) await migrate(orm);
  await refuseAuditPowers(config, databaseUrl).catch(async (e: unknown) => {
    await orm.close(true);
    throw e;
  });
  const schema = await buildAppSchema(composeModules(coreResolvers as Function[], modules, (m) => m.resolvers) as NonEmptyArray<Function>);
  const metrics = createMetrics(orm);
  const readiness = new Readiness();
  // Resolved sessions for a few seconds (issue 18.1); emptied by the triggers' notifications and by this process's mutations.
  const sessions = new SessionCache({ databaseUrl, ttlMs: config.sessionCacheMs });
  const apollo = createApollo(schema, config, [graphqlMetricsPlugin<RequestContext>(metrics), sessionCachePlugin(sessions)]);
  await apollo.start();
  await sessions.start();
  const makeContext = contextFactory(orm, runtime, sessions);
  const routes: RouteHandler[] = [staticHandler(config.portalDir, '/')];
  // Before the portal, whose index.html fallback would answer any path.
  routes.unshift(exportFileRoute(makeContext));
  // Background jobs on the shared queue: any process runs them, a dead process's jobs resume elsewhere.
  const jobs = new JobQueue(orm, { databaseUrl, crypto: runtime.fieldCrypto, concurrency: config.jobConcurrency, sweepMs: config.jobSweepMs });
  // Statistics rollup: recomputes the units the teacher triggers marked (docs/statistics.md).
  const statsRefresher = new StatisticsRefresher(orm, config.statsRefreshMs);
  statsRefresher.start();
  jobs.register(TEACHER_IMPORT, teacherImportJob(orm, runtime));
  // Issue 15.3: while a previous key/profile is configured, every 2 minutes a pass seals what is left under the current one.
  if (config.previousCrypto) {
    jobs.schedule(CRYPTO_MIGRATION_TASK, '*/2 * * * *', async () => {
      const r = await migrateEncryptedColumns(orm, runtime.fieldCrypto);
      logger().info({ resealed: r.resealed, remaining: r.remaining }, r.remaining ? 'crypto migration: pass done' : 'crypto migration complete: TMIS_PREVIOUS_SECRET_KEY / TMIS_PREVIOUS_CRYPTO may be removed');
    });
  }
  // Approved transfers and rotations whose effective date has come (hourly, so a day starting at
  // 00:00 Beijing time is served within the hour; each tick moves everything due by then).
  jobs.schedule(EFFECTIVE_DATES_TASK, '5 * * * *', async (at) => { await applyDueMoves(orm, at); });
  // Export files are deleted when their 24 hours are over (every 10 minutes), not by the next export.
  jobs.schedule(EXPORT_FILES_EXPIRY_TASK, '*/10 * * * *', async (at) => { await dropExpiredExportFiles(orm.em, at); });
  // Login and anonymous-call throttle rows past their window (issue 14.4), hourly.
  jobs.schedule(THROTTLE_EXPIRY_TASK, '17 * * * *', async (at) => { await dropExpiredThrottleRows(orm.em, at); });
  // A signed checkpoint of the audit chain head outside the database (issue 14.3), every 5 minutes.
  // A province also hands the newest one to the national system, which keeps every province's.
  jobs.schedule(AUDIT_CHECKPOINT_TASK, AUDIT_CHECKPOINT_CRON, async () => {
    await writeCheckpoint(orm.em.fork(), auditKeys.checkpoint, config.auditCheckpointFile, new Date(), auditKeys.mac, auditKeys.checkpointSigningKey);
    if (reportsToNational(config)) await anchorAtNational(config, config.auditCheckpointFile);
  });
  routes.unshift(importRoutes(makeContext, jobs));
  // The province's unit directory (单位名录) import: dry-run and apply jobs, template/upload/report routes.
  routes.unshift(setupUnitDirectory(orm, runtime, jobs, makeContext));
  routes.unshift(monthlyReportRoute(makeContext));
  routes.unshift(workforceReportRoute(makeContext), dataSharingRoute(makeContext));
  // Portal remotes (/remotes/<name>/, those the manifest enables) and the analysts' GraphiQL (/graphiql/), also before the portal.
  routes.unshift(remoteAssetsRoute(config.remotesDir, () => servedRemoteFolders(loadPortalModules(config.provinceCode), runtime.moduleNames)), graphiqlRoute(config.graphiqlDir));
  // National ⇄ province sync (docs/two-level.md): national serves /sync/*, a province runs its delivery loop.
  const sync = setupSync(orm, runtime);
  routes.unshift(...sync.routes);
  sync.start();
  for (const m of modules) {
    await m.setup?.({ orm, runtime, jobs, makeContext, addRoute: (r) => routes.unshift(r) });
  }
  // Once every module has registered its job kinds.
  await jobs.start();
  // /healthz, /readyz and /metrics first, before any module's route (docs/deployment.md).
  routes.unshift(opsRoutes({ orm, metrics, readiness, metricsToken: config.metricsToken }));
  const server = createHttpServer(apollo, makeContext, routes, {
    onResponse: (path, method, status, seconds) => metrics.observeHttp(routeClass(path, status), method, status, seconds),
    onError: (code) => metrics.countError(code, 'http'),
  }, requestMetaResolver({ trustedProxies: config.trustedProxies, production: config.env === 'production' }), config.tls);
  const inFlight = new InFlight(server);
  return {
    config, runtime, orm, apollo, server, makeContext, sessions,
    jobs, metrics, readiness,
    drain: (graceMs) => drainHttp(server, inFlight, readiness, graceMs),
    async close() {
      // drain() may have closed it already; close() on a closed server would wait forever.
      if (server.listening) await new Promise<void>((r) => server.close(() => r()));
      await apollo.stop();
      await sessions.stop();
      await jobs.stop();
      await sync.stop();
      await statsRefresher.stop();
      await orm.close(true);
    },
  };
}

/**
 * The role requests run as must not be able to rewrite the audit log (superuser, owner, UPDATE,
 * DELETE, TRUNCATE): refused in production, a warning elsewhere (tests and tools on one role).
 */
async function refuseAuditPowers(config: Config, databaseUrl: string): Promise<void> {
  const powers = await auditPowersOf(databaseUrl);
  if (!powers.length) return;
  const message = `the gateway's database role ${roleOfUrl(databaseUrl)} can rewrite the audit log (${powers.join(', ')}): set DATABASE_URL to the application role and DATABASE_OWNER_URL to the owner (docs/deployment.md) / 网关数据库角色权限过大，可改写审计日志：请将 DATABASE_URL 设为应用角色，DATABASE_OWNER_URL 设为属主角色`;
  if (config.env === 'production') throw new Error(message);
  logger().warn({ powers }, message);
}

/**
 * The file's newest checkpoint to the national system, on every tick (so one that failed to
 * arrive is sent again next time; the national side stores each once). An unreachable national
 * system is logged, never fatal: the file still holds the checkpoint.
 */
async function anchorAtNational(config: Config & { nationalUrl: string; syncKey: Buffer }, file: string): Promise<void> {
  const last = (await readCheckpoints(file)).checkpoints.at(-1);
  if (!last) return;
  try {
    const r = await sendCheckpoint({ nationalUrl: config.nationalUrl, provinceCode: config.provinceCode, syncKey: config.syncKey, signingKey: config.syncSigningKey, tls: config.nationalTls }, last);
    if (r.conflict) logger().error({ seq: last.seq }, 'the national system holds another audit checkpoint for this seq: the chain was rewritten or restored (docs/security.md)');
  } catch (err) {
    logger().warn({ err, seq: last.seq }, 'audit checkpoint not delivered to the national system; sent again at the next tick');
  }
}
