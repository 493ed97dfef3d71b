import type { MikroORM } from '@mikro-orm/postgresql';
import type { Runtime } from '../../platform/runtime.js';
import type { JobQueue } from '../../platform/jobs/job-queue.js';
import type { ContextFactory, RouteHandler } from '../../platform/http/server.js';
import { UNIT_DIRECTORY_APPLY, UNIT_DIRECTORY_DRY_RUN, unitDirectoryApplyJob, unitDirectoryDryRunJob } from './unit-directory.job.js';
import { unitDirectoryRoutes } from './unit-directory.routes.js';

// The apply mutation submits a job; resolvers reach their app's runner through its runtime.
const runners = new WeakMap<Runtime, JobQueue>();

export function jobRunnerOf(runtime: Runtime): JobQueue {
  const r = runners.get(runtime);
  if (!r) throw new Error('unit directory jobs are not set up for this runtime');
  return r;
}

/** Registers the dry-run and apply jobs and returns the HTTP routes (template, upload, error report). */
export function setupUnitDirectory(orm: MikroORM, runtime: Runtime, jobs: JobQueue, makeContext: ContextFactory): RouteHandler {
  jobs.register(UNIT_DIRECTORY_DRY_RUN, unitDirectoryDryRunJob(orm));
  jobs.register(UNIT_DIRECTORY_APPLY, unitDirectoryApplyJob(orm));
  runners.set(runtime, jobs);
  return unitDirectoryRoutes(makeContext, jobs);
}
