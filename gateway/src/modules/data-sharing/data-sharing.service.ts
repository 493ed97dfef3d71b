import { createHash, randomBytes } from 'node:crypto';
import { subject } from '@casl/ability';
import type { EntityManager } from '@mikro-orm/postgresql';
import { todayInChina, type ErrorCode } from '@tmis/shared';
import { AppError, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit, type AuditEvent } from '../../platform/audit/audit.service.js';
import { recordFailure, SHARING_CREDENTIAL_RULE, throttledFor } from '../../platform/auth/throttle.js';
import { ApprovalService } from '../../platform/approvals/approval.service.js';
import { ApprovalCase } from '../../platform/approvals/approval.entity.js';
import { UnitService } from '../units/unit.service.js';
import { Unit } from '../units/unit.entity.js';
import { Teacher } from '../teachers/teacher.entity.js';
import { Account } from '../accounts/account.entity.js';
import { DataExport } from '../exports/data-export.entity.js';
import { buildWorkbook } from '../exports/export-workbook.js';
import { EXPORT_MAX_ROWS } from '../exports/export.service.js';
import { DataSharingApplication, DataSharingUse, type SharingStatus } from './data-sharing.entity.js';
import { dimensionNotShared, periodProblem, SHAREABLE_FIELDS, shownStatus, unshareableField, usability } from './data-sharing-rules.js';
import { DIMENSIONS, StatisticsDimension } from '../statistics/statistics-dimensions.js';
import { MAX_DIMENSIONS } from '../statistics/statistics-query.js';
import { computeTeacherStatistics, type StatisticsResult } from '../statistics/statistics.service.js';
import { DATA_SHARING_WORKFLOW } from './data-sharing.workflow.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CREDENTIAL_PREFIX = 'tmis_ds_';
const COLLECTED = ['active', 'long_absence'];

export interface ApplyInput {
  departmentName: string;
  departmentCode?: string | null;
  contactName: string;
  contactPhone: string;
  purpose: string;
  fields: string[];
  scopeUnitId: string;
  startsAt: Date;
  expiresAt: Date;
}

export type Channel = 'graphql' | 'xlsx';
export interface SharedRows { application: DataSharingApplication; totalCount: number; headers: { key: string; header: string }[]; rows: Record<string, string | null>[] }

const hashOf = (credential: string): Buffer => createHash('sha256').update(credential, 'utf8').digest();
const text = (v: string | null | undefined, field: string, min: number, max: number): string => {
  const s = (v ?? '').trim();
  if ([...s].length < min || [...s].length > max) throw new AppError('VALIDATION_FAILED', { field, min, max });
  return s;
};

/** 信息共享: application, review (approval engine), credential, use — every use recorded. */
export class DataSharingService {
  constructor(private readonly ctx: RequestContext) {}

  private get em(): EntityManager {
    return this.ctx.em;
  }

  async apply(input: ApplyInput): Promise<DataSharingApplication> {
    const actor = requireActor(this.ctx);
    if (!this.ctx.ability.can('create', subject('DataSharingApplication', { authorityUnitId: actor.unitId }) as never)) throw new AppError('FORBIDDEN');
    const departmentName = text(input.departmentName, 'departmentName', 2, 100);
    const departmentCode = input.departmentCode?.trim() || null;
    if (departmentCode && !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(departmentCode)) throw new AppError('VALIDATION_FAILED', { field: 'departmentCode' }, '统一社会信用代码须为18位');
    const contactName = text(input.contactName, 'contactName', 2, 60);
    const contactPhone = text(input.contactPhone, 'contactPhone', 5, 20);
    if (!/^[0-9+() -]+$/.test(contactPhone)) throw new AppError('VALIDATION_FAILED', { field: 'contactPhone' });
    const purpose = text(input.purpose, 'purpose', 4, 500);
    const fields = [...new Set(input.fields.map((f) => f.trim()))];
    const bad = unshareableField(fields);
    if (bad !== null) throw new AppError(bad === '' ? 'VALIDATION_FAILED' : 'SHARING_FIELD_NOT_SHAREABLE', { field: bad || 'fields' });
    if (periodProblem(input.startsAt, input.expiresAt)) throw new AppError('SHARING_PERIOD_INVALID');
    // The scope is a unit of the filer's own subtree (NOT_FOUND_OR_NO_ACCESS otherwise).
    const scope = await new UnitService(this.ctx).get(input.scopeUnitId);

    const app = this.em.create(DataSharingApplication, {
      departmentName, departmentCode, contactName, contactPhone, purpose, fields, scopeUnitId: scope.id, scopePath: scope.path,
      authorityUnitId: actor.unitId, authorityPath: actor.scopePath, filedBy: actor.accountId, startsAt: input.startsAt, expiresAt: input.expiresAt,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(app);
      await tx.flush();
      const c = await new ApprovalService(this.ctx).open({
        type: DATA_SHARING_WORKFLOW.type, subjectType: 'DataSharingApplication', subjectId: app.id,
        parties: { authority: actor.unitId }, partyPaths: [actor.scopePath],
        payload: { departmentName, purpose, fields, scopeUnitId: scope.id, scopeUnitName: scope.name, startsAt: input.startsAt, expiresAt: input.expiresAt },
      }, tx);
      app.caseId = c.id;
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'data_sharing.apply', targetType: 'DataSharingApplication', targetId: app.id,
        detail: { departmentName, purpose, fields, scopeUnitId: scope.id, startsAt: input.startsAt, expiresAt: input.expiresAt } })]);
    });
    return app;
  }

  /** Applications of the caller's unit and of units below (the rule is part of the SQL). */
  async list(first: number, offset: number): Promise<{ nodes: DataSharingApplication[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'DataSharingApplication');
    const [nodes, totalCount] = await this.em.findAndCount(DataSharingApplication, scope as never, {
      orderBy: { createdAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200), offset: Math.max(offset, 0),
    });
    return { nodes, totalCount };
  }

  async get(id: string): Promise<DataSharingApplication> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'DataSharingApplication');
    const row = UUID.test(id) ? await this.em.findOne(DataSharingApplication, { $and: [{ id }, scope] } as never, { refresh: true }) : null;
    if (!row) throw notFoundOrNoAccess();
    return row;
  }

  /** The status as shown: a pending application whose case was returned, withdrawn or cancelled shows that. */
  async statusOf(apps: DataSharingApplication[]): Promise<Map<string, SharingStatus>> {
    const caseIds = apps.filter((a) => a.status === 'pending' && a.caseId).map((a) => a.caseId!);
    const cases = caseIds.length ? await this.em.find(ApprovalCase, { id: { $in: caseIds } }) : [];
    const byId = new Map(cases.map((c) => [c.id, c.status]));
    return new Map(apps.map((a) => [a.id, shownStatus(a.status, a.caseId ? byId.get(a.caseId) : null)]));
  }

  async uses(applicationId: string, first: number): Promise<{ nodes: DataSharingUse[]; totalCount: number }> {
    await this.get(applicationId);
    const [nodes, totalCount] = await this.em.findAndCount(DataSharingUse, { applicationId }, { orderBy: { at: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 500) });
    return { nodes, totalCount };
  }

  /**
   * The credential of an approved application, shown once to the filer, who hands it to the
   * department. Only its hash is kept; issuing again replaces (and so invalidates) the previous one.
   */
  async issueCredential(id: string): Promise<{ application: DataSharingApplication; credential: string }> {
    const actor = requireActor(this.ctx);
    const app = await this.get(id);
    if (app.filedBy !== actor.accountId) throw new AppError('FORBIDDEN');
    const refused = usability(app);
    if (refused && refused !== 'SHARING_NOT_STARTED') throw new AppError(refused);
    const credential = `${CREDENTIAL_PREFIX}${randomBytes(32).toString('base64url')}`;
    await this.em.transactional(async (tx) => {
      await tx.nativeUpdate(DataSharingApplication, { id: app.id }, { credentialHash: hashOf(credential), credentialIssuedAt: new Date() });
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'data_sharing.credential_issue', targetType: 'DataSharingApplication', targetId: app.id, detail: { department: app.departmentName } })]);
    });
    return { application: await this.get(id), credential };
  }

  /** The reviewing authority's information admin ends an approved sharing early. */
  async revoke(id: string, reasonText: string): Promise<DataSharingApplication> {
    const actor = requireActor(this.ctx);
    const app = await this.get(id);
    if (this.ctx.principal!.role !== 'info_admin' || app.authorityUnitId !== actor.unitId) throw new AppError('FORBIDDEN');
    if (app.status !== 'approved') throw new AppError('SHARING_NOT_APPROVED');
    const reason = text(reasonText, 'reason', 2, 500);
    await this.em.transactional(async (tx) => {
      await tx.nativeUpdate(DataSharingApplication, { id: app.id, status: 'approved' }, { status: 'revoked', revokedAt: new Date(), revokeReason: reason });
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'data_sharing.revoke', targetType: 'DataSharingApplication', targetId: app.id, detail: { reason } })]);
    });
    return this.get(id);
  }

  /**
   * A use by the department's system, authenticated by the credential alone (no session):
   * exactly the approved fields of collected teachers in the approved subtree, within the period.
   * Served or refused, every use is written to data_sharing_use and to the audit chain.
   */
  async sharedTeachers(credential: string, channel: Channel, page: { first: number; offset: number } | null): Promise<SharedRows> {
    const app = await this.authorize(credential, channel);
    const where = { scopePath: { $like: `${app.scopePath}%` }, employmentStatus: { $in: COLLECTED } };
    const totalCount = await this.em.count(Teacher, where);
    if (!page && totalCount > EXPORT_MAX_ROWS) {
      await this.recordUse(app, channel, 'refused', 'EXPORT_TOO_LARGE', 0);
      throw new AppError('EXPORT_TOO_LARGE', { rowCount: totalCount, max: EXPORT_MAX_ROWS });
    }
    const teachers = await this.em.find(Teacher, where, {
      orderBy: { teacherNo: 'asc', id: 'asc' }, ...(page ? { limit: Math.min(Math.max(page.first, 1), 1000), offset: Math.max(page.offset, 0) } : {}),
    });
    const columns = app.fields.map((k) => SHAREABLE_FIELDS.find((f) => f.key === k)).filter((f) => f !== undefined);
    const unitIds = [...new Set(teachers.flatMap((t) => [t.school.id, t.unit.id]))];
    const names = new Map(unitIds.length ? (await this.em.find(Unit, { id: { $in: unitIds } }, { fields: ['id', 'name'] })).map((u) => [u.id, u.name]) : []);
    const all = new Set(columns.map((c) => c.requires));
    const rows = teachers.map((teacher) => Object.fromEntries(columns.map((c) => [c.key, c.cell ? c.cell({ teacher, fields: all, unitName: (id) => names.get(id) ?? null }) : null])));
    await this.recordUse(app, channel, 'success', null, rows.length);
    return { application: app, totalCount, headers: columns.map((c) => ({ key: c.key, header: c.header })), rows };
  }

  /**
   * Counts for the department instead of rows: the statistics engine over the approved subtree,
   * always with small-cell suppression (seed 000 art. 31), grouped only by approved fields.
   * Logged like every use (row count = cells released).
   */
  async sharedStatistics(credential: string, dimensions: StatisticsDimension[]): Promise<{ application: DataSharingApplication; result: StatisticsResult }> {
    const app = await this.authorize(credential, 'graphql');
    const refused = dimensionNotShared(dimensions, app.fields);
    if (refused || dimensions.length > MAX_DIMENSIONS) {
      await this.recordUse(app, 'graphql', 'refused', 'SHARING_FIELD_NOT_SHAREABLE', 0);
      throw new AppError('SHARING_FIELD_NOT_SHAREABLE', { dimension: refused });
    }
    const anchor = await this.em.findOneOrFail(Unit, { id: app.scopeUnitId });
    const result = await computeTeacherStatistics(this.em, {
      anchor, scope: { scopePath: { $like: `${app.scopePath}%` } }, dims: dimensions.map((d) => { const spec = DIMENSIONS[d as Exclude<StatisticsDimension, StatisticsDimension.INDICATOR>]; return { dimension: d, label: spec.label, spec }; }),
      filter: {}, asOf: null, suppress: true, minCell: this.ctx.runtime.config.statsMinCell,
    });
    await this.recordUse(app, 'graphql', 'success', null, result.cells.length);
    return { application: app, result };
  }

  /** The .xlsx for the export route; recorded as a DataExport of the filer (the accountable contact) as well. */
  async sharedWorkbook(credential: string): Promise<{ bytes: Buffer; filename: string }> {
    const { application: app, headers, rows } = await this.sharedTeachers(credential, 'xlsx', null);
    const filer = await this.em.findOneOrFail(Account, { id: app.filedBy });
    const createdAt = new Date();
    const filters = { applicationId: app.id, department: app.departmentName, scopeUnitId: app.scopeUnitId };
    const record = this.em.create(DataExport, {
      kind: 'data_sharing', purpose: app.purpose, filters, fields: headers.map((h) => h.key), rowCount: rows.length, exporterAccountId: filer.id,
      exporterUsername: filer.username, exporterUnitId: app.authorityUnitId, scopePath: app.authorityPath, createdAt, expiresAt: createdAt, file: null,
    });
    const bytes = await buildWorkbook(headers.map((h) => ({ header: h.header })), rows.map((r) => headers.map((h) => r[h.key] ?? null)), {
      exportId: record.id, exporter: `${app.departmentName}（信息共享，经办人 ${filer.username}）`, createdAt, purpose: app.purpose, filters, rowCount: rows.length,
    });
    await this.em.transactional(async (tx) => {
      tx.persist(record);
      await tx.flush();
      await appendAudit(tx, [this.event(app, 'data_export.create', 'success', { kind: 'data_sharing', rowCount: rows.length, fields: record.fields, filters })]);
    });
    return { bytes, filename: `信息共享-${app.departmentName}-${todayInChina(createdAt).replaceAll('-', '')}.xlsx` };
  }

  private async authorize(credential: string, channel: Channel): Promise<DataSharingApplication> {
    // Guessing credentials writes audit rows: an address that keeps failing is held back first.
    const address = [{ rule: SHARING_CREDENTIAL_RULE, key: this.ctx.ip ?? 'unknown' }];
    const wait = await throttledFor(this.em, address);
    if (wait > 0) throw new AppError('RATE_LIMITED', { retryAfter: wait }, `请求过于频繁，请于${wait}秒后再试`);
    const found = credential.startsWith(CREDENTIAL_PREFIX)
      ? await this.em.getConnection().execute<{ id: string }[]>('select id from data_sharing_application where credential_hash = ?', [hashOf(credential)])
      : [];
    if (found.length === 0) {
      await recordFailure(this.em, address);
      await appendAudit(this.em, [{ action: 'data_sharing.use', targetType: 'DataSharingApplication', outcome: 'denied', ip: this.ctx.ip, detail: { channel, reason: 'SHARING_CREDENTIAL_INVALID' } }]);
      throw new AppError('SHARING_CREDENTIAL_INVALID');
    }
    const app = await this.em.findOneOrFail(DataSharingApplication, { id: found[0]!.id }, { refresh: true });
    const refused = usability(app);
    if (refused) {
      await this.recordUse(app, channel, 'refused', refused, 0);
      throw new AppError(refused, { expiresAt: app.expiresAt.toISOString() });
    }
    return app;
  }

  private async recordUse(app: DataSharingApplication, channel: Channel, outcome: 'success' | 'refused', code: ErrorCode | null, rowCount: number): Promise<void> {
    await this.em.transactional(async (tx) => {
      tx.persist(tx.create(DataSharingUse, { applicationId: app.id, channel, outcome, code, rowCount, fields: outcome === 'success' ? app.fields : [], ip: this.ctx.ip?.slice(0, 64) ?? null }));
      await tx.flush();
      await appendAudit(tx, [this.event(app, 'data_sharing.use', outcome === 'success' ? 'success' : 'denied', { channel, rowCount, ...(code ? { reason: code } : {}) })]);
    });
  }

  /** Uses carry no session: the audit entry names the department and the authority's subtree. */
  private event(app: DataSharingApplication, action: string, outcome: AuditEvent['outcome'], detail: Record<string, unknown>): AuditEvent {
    return { action, targetType: 'DataSharingApplication', targetId: app.id, outcome, unitId: app.authorityUnitId, scopePath: app.authorityPath,
      actorUsername: `共享:${app.departmentName}`.slice(0, 32), ip: this.ctx.ip, detail: { department: app.departmentName, ...detail } };
  }
}
