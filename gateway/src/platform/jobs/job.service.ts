import { requirePrincipal, type RequestContext } from '../graphql/context.js';
import { notFoundOrNoAccess } from '../graphql/errors.js';
import { requireScope } from '../access/casl-to-filter.js';
import { Job } from './job.entity.js';

/** Jobs the caller may see: their own, and (for admins) those of their subtree — filtered in SQL. */
export class JobService {
  constructor(private readonly ctx: RequestContext) {}

  async get(id: string): Promise<Job> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'Job');
    const job = await this.ctx.em.findOne(Job, { $and: [{ id }, scope] } as never).catch(() => null);
    if (!job) throw notFoundOrNoAccess();
    return job;
  }

  async list(kind: string | null | undefined, first: number): Promise<Job[]> {
    requirePrincipal(this.ctx);
    const where: Record<string, unknown>[] = [requireScope(this.ctx.ability, 'read', 'Job')];
    if (kind) where.push({ kind });
    return this.ctx.em.find(Job, { $and: where } as never, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200) });
  }
}
