import { requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { exec } from './sql.js';
import { enqueueResend } from './snapshot.js';
import { agentOf } from './sync.setup.js';

export interface SyncStatus {
  mode: string; provinceCode: string; enabled: boolean; pending: number; delivered: number; rejected: number;
  lastSuccessAt: Date | null; lastError: string | null; failures: number;
}
export interface ProvinceChecksum { provinceCode: string; teachers: number; checksum: string }
export interface ConflictRow {
  id: string; kind: string; status: string; teacherIdA: string; teacherNoA: string; provinceA: string;
  teacherIdB: string; teacherNoB: string; provinceB: string; detectedAt: Date; resolvedAt: Date | null;
}

/** Province and national sync administration: status, on-demand delivery, re-send, conflicts, checksums. */
export class SyncService {
  constructor(private readonly ctx: RequestContext) {}

  private require(action: 'read' | 'update'): void {
    requirePrincipal(this.ctx);
    if (!this.ctx.ability.can(action, 'SyncState')) throw new AppError('FORBIDDEN');
  }

  async status(): Promise<SyncStatus> {
    this.require('read');
    const c = this.ctx.runtime.config;
    const agent = agentOf(this.ctx.runtime);
    const [row] = await exec<{ pending: string; delivered: string; rejected: string }>(this.ctx.em,
      `select count(*) filter (where delivered_at is null)::text as pending, count(*) filter (where delivered_at is not null)::text as delivered,
         count(*) filter (where outcome = 'rejected')::text as rejected from sync_outbox`);
    return {
      mode: c.mode, provinceCode: c.provinceCode, enabled: !!agent || (c.mode === 'national' && c.syncKeys.size > 0),
      pending: Number(row!.pending), delivered: Number(row!.delivered), rejected: Number(row!.rejected), lastSuccessAt: agent?.lastSuccessAt ?? null, lastError: agent?.lastError ?? null, failures: agent?.failures ?? 0,
    };
  }

  /** Delivers now and pulls the national mail (province). */
  async runNow(): Promise<{ pushed: number; pulled: number }> {
    this.require('update');
    const agent = agentOf(this.ctx.runtime);
    if (!agent) throw new AppError('SYNC_DISABLED');
    try {
      return await agent.runNow();
    } catch (e) {
      throw new AppError('SYNC_UNREACHABLE', { reason: (e as Error).message });
    }
  }

  /** Queues every unit and teacher changed since `since` (all when null) again; the national side skips what it holds. */
  async resend(since: Date | null): Promise<{ units: number; teachers: number }> {
    this.require('update');
    if (this.ctx.runtime.config.mode !== 'province') throw new AppError('SYNC_DISABLED');
    if (since && Number.isNaN(since.getTime())) throw new AppError('SYNC_BAD_REQUEST', { field: 'since' });
    const out = await this.ctx.em.transactional(async (tx) => {
      const n = await enqueueResend(tx, since);
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'sync.resend', targetType: 'SyncState', targetId: null, detail: { since: since?.toISOString() ?? null, ...n } })]);
      return n;
    });
    void agentOf(this.ctx.runtime)?.runNow().catch(() => undefined);
    return out;
  }

  /** Conflicts of one person, one number: a province sees those involving its teachers; national sees all. */
  async conflicts(status: string | null): Promise<ConflictRow[]> {
    this.require('read');
    const c = this.ctx.runtime.config;
    const own = c.mode === 'national' ? null : c.provinceCode;
    return exec<ConflictRow>(this.ctx.em, `select id, kind, status, teacher_id_a as "teacherIdA", teacher_no_a as "teacherNoA", province_a as "provinceA",
        teacher_id_b as "teacherIdB", teacher_no_b as "teacherNoB", province_b as "provinceB", detected_at as "detectedAt", resolved_at as "resolvedAt"
      from registry_conflict where (?::text is null or province_a = ? or province_b = ?) and (?::text is null or status = ?) order by detected_at desc limit 500`,
    [own, own, own, status, status]);
  }

  /**
   * Count and checksum (md5 over "teacher id:version", in id order) of the teachers each
   * province holds: at a province its own (not handed over), at national per owning province.
   */
  async checksums(): Promise<ProvinceChecksum[]> {
    this.require('read');
    const c = this.ctx.runtime.config;
    if (c.mode === 'national') {
      return (await exec<{ p: string; n: string; sum: string }>(this.ctx.em, `select owner_province as p, count(*)::text as n,
          md5(string_agg(teacher_id::text || ':' || version, ',' order by teacher_id)) as sum from registry_entry group by owner_province order by 1`))
        .map((r) => ({ provinceCode: r.p, teachers: Number(r.n), checksum: r.sum }));
    }
    const [r] = await exec<{ n: string; sum: string | null }>(this.ctx.em, `select count(*)::text as n,
        md5(string_agg(id::text || ':' || version, ',' order by id)) as sum from teacher where id not in (select teacher_id from sync_released)`);
    return [{ provinceCode: c.provinceCode, teachers: Number(r!.n), checksum: r!.sum ?? '' }];
  }
}
