import type { MikroORM } from '@mikro-orm/postgresql';
import type { Runtime } from '../../platform/runtime.js';
import { reportsToNational } from '../../platform/config.js';
import type { RouteHandler } from '../../platform/http/server.js';
import { SyncAgent } from '../../platform/sync/sync-agent.js';
import { syncRoutes } from '../../platform/sync/sync-routes.js';
import type { BatchItem } from '../../platform/sync/sync-agent.js';
import { buildItems } from './snapshot.js';
import { applyPush, pullMail } from './national-apply.js';
import { applyNationalMessage } from './province-apply.js';
import { notifyRefused } from './sync-refusals.js';
import { provinceCheckpoints, storeProvinceCheckpoint } from './audit-anchor.js';

export interface SyncWiring {
  routes: RouteHandler[];
  agent: SyncAgent | null;
  start(): void;
  stop(): Promise<void>;
}

const agents = new WeakMap<Runtime, SyncAgent>();
/** The province's delivery loop, for the GraphQL mutations (null when sync is off or national). */
export const agentOf = (runtime: Runtime): SyncAgent | null => agents.get(runtime) ?? null;

/**
 * National mode with province keys: serves /sync/push and /sync/pull (stateless: any number of
 * national processes). Province mode with a national URL: runs the delivery loop (in every
 * process; one delivers at a time). Otherwise sync is off and nothing runs (the outbox still
 * records changes, so connecting later reports them).
 */
export function setupSync(orm: MikroORM, runtime: Runtime): SyncWiring {
  const c = runtime.config;
  if (c.mode === 'national' && c.syncKeys.size) {
    const route = syncRoutes(orm, c.syncKeys, {
      push: async (province, body) => ({ results: await applyPush(orm, runtime, c.syncKeys, province, (body.items ?? []) as BatchItem[]) }),
      pull: (province, body) => pullMail(orm, province, Array.isArray(body.ack) ? body.ack.map(String) : []),
      auditCheckpoint: (province, body) => storeProvinceCheckpoint(orm, province, body),
      auditCheckpoints: (province) => provinceCheckpoints(orm, province),
    }, c.syncPublicKeys);
    return { routes: [route], agent: null, start() {}, async stop() {} };
  }
  if (reportsToNational(c)) {
    const key = c.syncKey;
    const registryKey = c.registryKey;
    const agent = new SyncAgent(orm, { nationalUrl: c.nationalUrl, tls: c.nationalTls, provinceCode: c.provinceCode, key, signingKey: c.syncSigningKey, intervalMs: c.syncIntervalMs }, {
      buildItems: (rows) => buildItems(orm.em.fork(), runtime, rows, key, registryKey),
      applyMessage: (m) => applyNationalMessage(orm, runtime, m),
      onRefused: (tx, rows) => notifyRefused(tx, c.provinceCode, rows),
    });
    agents.set(runtime, agent);
    return { routes: [], agent, start: () => agent.start(), stop: () => agent.stop() };
  }
  return { routes: [], agent: null, start() {}, async stop() {} };
}
