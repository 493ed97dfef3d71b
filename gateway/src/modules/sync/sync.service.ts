import { requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { AppError } from '../../platform/graphql/errors.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { exec } from './sql.js';
import { pageWindow, withinCap, type ListCap } from '../../platform/graphql/paging.js';
import { enqueueResend } from './snapshot.js';
import { agentOf } from './sync.setup.js';
import { readDeliveryState } from '../../platform/sync/sync-agent.js';
import { reasonMessage } from './sync-refusals.js';

/** The unpaged `registryConflicts` (kept for API users): at most 500 rows, an error above (LIST_TOO_LARGE). */
export const REGISTRY_CONFLICTS_CAP: ListCap = { cap: 500, paged: 'registryConflictPage' };

export interface SyncReasonCount { outcome: string; code: string; message: string; count: number }
export interface SyncStatus {
  mode: string; provinceCode: string; enabled: boolean; pending: number; waiting: number; delivered: number; rejected: number; skipped: number;
  reasons: SyncReasonCount[]; lastSuccessAt: Date | null; lastError: string | null; failures: number;
}
export interface SyncRejection {
  seq: string; kind: string; refId: string; label: string | null; outcome: string; code: string; message: string;
  attempts: number; changedAt: Date; refusedAt: Date; resolved: boolean;
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

  /**
   * Counts over the outbox, as every process of the deployment sees it: `delivered` is what the
   * national system holds (applied, or recognised as held); `rejected` what it refused; `skipped`
   * what this province does not report; `waiting` pending rows the national side asked for again.
   * Each not-delivered kind is broken down by its reason. Last success and error are shared state.
   */
  async status(): Promise<SyncStatus> {
    this.require('read');
    const c = this.ctx.runtime.config;
    const agent = agentOf(this.ctx.runtime);
    const [row] = await exec<Record<'pending' | 'waiting' | 'delivered' | 'rejected' | 'skipped', string>>(this.ctx.em,
      `select count(*) filter (where delivered_at is null)::text as pending, count(*) filter (where delivered_at is null and attempts > 0)::text as waiting,
         count(*) filter (where outcome in ('applied', 'duplicate', 'stale'))::text as delivered,
         count(*) filter (where outcome = 'rejected')::text as rejected, count(*) filter (where outcome = 'skipped')::text as skipped from sync_outbox`);
    const reasons = await exec<{ outcome: string; code: string; n: string }>(this.ctx.em,
      `select case when delivered_at is null then 'waiting' else outcome end as outcome, coalesce(reason, 'SYNC_REASON_UNRECORDED') as code, count(*)::text as n
         from sync_outbox where outcome in ('rejected', 'skipped') or (delivered_at is null and attempts > 0) group by 1, 2 order by 1, 3 desc`);
    const state = await readDeliveryState(this.ctx.em);
    return {
      mode: c.mode, provinceCode: c.provinceCode, enabled: !!agent || (c.mode === 'national' && c.syncKeys.size > 0),
      pending: Number(row!.pending), waiting: Number(row!.waiting), delivered: Number(row!.delivered), rejected: Number(row!.rejected), skipped: Number(row!.skipped),
      reasons: reasons.map((r) => ({ outcome: r.outcome, code: r.code, message: reasonMessage(r.code), count: Number(r.n) })),
      lastSuccessAt: state.lastSuccessAt, lastError: state.lastError, failures: state.failures,
    };
  }

  /**
   * Changes that did not reach the national system, newest first, with the reason: refused there
   * (`rejected`) or not reported (`skipped`). `resolved`: the same unit or teacher was delivered
   * since (after a fix and a re-send). `openOnly` leaves the resolved ones out.
   */
  async rejections(opts: { outcome: string | null; openOnly: boolean; first: number }): Promise<{ totalCount: number; items: SyncRejection[] }> {
    this.require('read');
    if (opts.outcome && opts.outcome !== 'rejected' && opts.outcome !== 'skipped') throw new AppError('VALIDATION_FAILED', { field: 'outcome' });
    const first = Math.min(Math.max(opts.first, 1), 500);
    const where = `o.outcome in ('rejected', 'skipped') and (?::text is null or o.outcome = ?)
      and (not ?::boolean or not exists (select 1 from sync_outbox n where n.kind = o.kind and n.ref_id = o.ref_id and n.seq > o.seq and n.outcome in ('applied', 'duplicate', 'stale')))`;
    const params = [opts.outcome, opts.outcome, opts.openOnly];
    const [{ n }] = await exec<{ n: string }>(this.ctx.em, `select count(*)::text as n from sync_outbox o where ${where}`, params) as [{ n: string }];
    const rows = await exec<Omit<SyncRejection, 'message' | 'seq'> & { seq: string }>(this.ctx.em, `
      select o.seq::text as seq, o.kind, o.ref_id as "refId", o.outcome, coalesce(o.reason, 'SYNC_REASON_UNRECORDED') as code, o.attempts,
             o.created_at as "changedAt", o.delivered_at as "refusedAt",
             case o.kind when 'teacher' then t.teacher_no when 'unit' then u.code || ' ' || u.name else o.payload ->> 'type' end as label,
             exists (select 1 from sync_outbox n where n.kind = o.kind and n.ref_id = o.ref_id and n.seq > o.seq and n.outcome in ('applied', 'duplicate', 'stale')) as resolved
        from sync_outbox o
        left join teacher t on o.kind = 'teacher' and t.id = o.ref_id
        left join unit u on o.kind = 'unit' and u.id = o.ref_id
       where ${where} order by o.delivered_at desc, o.seq desc limit ?`, [...params, first]);
    return { totalCount: Number(n), items: rows.map((r) => ({ ...r, message: reasonMessage(r.code) })) };
  }

  /** Delivers now and pulls the national mail (province). */
  async runNow(): Promise<{ pushed: number; pulled: number }> {
    this.require('update');
    const agent = agentOf(this.ctx.runtime);
    if (!agent) throw new AppError('SYNC_DISABLED');
    try {
      return await agent.runNow();
    } catch (e) {
      // A refused national certificate (SYNC_TLS_PIN_MISMATCH, SYNC_TLS_UNTRUSTED) is named by its code, not only in the text.
      const code = (e as { code?: unknown }).code;
      throw new AppError('SYNC_UNREACHABLE', { reason: (e as Error).message, ...(typeof code === 'string' ? { cause: code } : {}) });
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

  /** Conflicts of one person, one number, newest first: at most 500, refused above (LIST_TOO_LARGE; registryConflictPage pages them all). */
  async conflicts(status: string | null): Promise<ConflictRow[]> {
    const { rows, total } = await this.conflictRows(status, REGISTRY_CONFLICTS_CAP.cap, 0);
    return withinCap(REGISTRY_CONFLICTS_CAP, rows, total);
  }

  /** A page of the conflicts and their total: a province sees those involving its teachers; national sees all. */
  async conflictPage(status: string | null, first: number, offset: number): Promise<{ nodes: ConflictRow[]; totalCount: number }> {
    const w = pageWindow(first, offset);
    const { rows, total } = await this.conflictRows(status, w.limit, w.offset);
    return { nodes: rows, totalCount: total };
  }

  private async conflictRows(status: string | null, limit: number, offset: number): Promise<{ rows: ConflictRow[]; total: number }> {
    this.require('read');
    const c = this.ctx.runtime.config;
    const own = c.mode === 'national' ? null : c.provinceCode;
    const where = `(?::text is null or province_a = ? or province_b = ?) and (?::text is null or status = ?)`;
    const params = [own, own, own, status, status];
    const rows = await exec<ConflictRow>(this.ctx.em, `select id, kind, status, teacher_id_a as "teacherIdA", teacher_no_a as "teacherNoA", province_a as "provinceA",
        teacher_id_b as "teacherIdB", teacher_no_b as "teacherNoB", province_b as "provinceB", detected_at as "detectedAt", resolved_at as "resolvedAt"
      from registry_conflict where ${where} order by detected_at desc, id desc limit ? offset ?`, [...params, limit, offset]);
    const [{ n }] = await exec<{ n: string }>(this.ctx.em, `select count(*)::text as n from registry_conflict where ${where}`, params) as [{ n: string }];
    // Raw rows carry timestamps as text; the GraphQL Date scalar takes dates (registryConflicts failed on detectedAt).
    const dated = rows.map((r) => ({ ...r, detectedAt: new Date(r.detectedAt), resolvedAt: r.resolvedAt ? new Date(r.resolvedAt) : null }));
    return { rows: dated, total: Number(n) };
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
