import { subject } from '@casl/ability';
import { errorMessage, maskIdNumber } from '@tmis/shared';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { execute, type GraphQLSchema, type ValidationRule } from 'graphql';
import { AppError, internalErrorExtensions, notFoundOrNoAccess } from '../../platform/graphql/errors.js';
import { findInputViolation, violationError } from '../../platform/graphql/input-check.js';
import { requireActor, requirePrincipal, type RequestContext } from '../../platform/graphql/context.js';
import { requireScope } from '../../platform/access/casl-to-filter.js';
import { actorEvent, appendAudit } from '../../platform/audit/audit.service.js';
import { ExportService } from '../exports/export.service.js';
import type { DataExport } from '../exports/data-export.entity.js';
import { SavedQuery, type SavedQueryVisibility } from './saved-query.entity.js';
import { checkQuery, coerceVariables, resultTable, type ResultTable } from './saved-query-document.js';

const NAME_MAX = 100;
const DESCRIPTION_MAX = 500;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The same limits the API applies to every request (platform/graphql/apollo.ts): a saved query
// runs inside a small outer request, so its own cost must be checked here.
let limitRules: readonly ValidationRule[] | null = null;
function apiLimits(): readonly ValidationRule[] {
  limitRules ??= new ApolloArmor({
    maxDepth: { n: 12 }, maxAliases: { n: 30 }, costLimit: { maxCost: 20_000 }, maxDirectives: { n: 30 }, blockFieldSuggestion: { enabled: false },
  }).protect().validationRules as unknown as ValidationRule[];
  return limitRules;
}

export interface SaveQueryInput {
  id?: string | null;
  name: string;
  description?: string | null;
  query: string;
  variables?: Record<string, unknown> | null;
  visibility: SavedQueryVisibility;
}

export interface RunError { message: string; code: string | null; path: string[] | null }
export interface RunResult { data: Record<string, unknown> | null; errors: RunError[] }

/** Saved report queries: save (validated), list and get within the visibility rules, run as the runner, export. */
export class SavedQueryService {
  constructor(private readonly ctx: RequestContext, private readonly schema: GraphQLSchema) {}

  async save(input: SaveQueryInput): Promise<SavedQuery> {
    const actor = requireActor(this.ctx);
    const draft = { ownerAccountId: actor.accountId, visibility: input.visibility, scopePath: actor.scopePath };
    if (!this.ctx.ability.can(input.id ? 'update' : 'create', subject('SavedQuery', draft) as never)) throw new AppError('FORBIDDEN');
    const name = input.name.trim();
    if (!name || [...name].length > NAME_MAX) throw new AppError('VALIDATION_FAILED', { field: 'name', max: NAME_MAX }, `查询名称须为1-${NAME_MAX}字`);
    const description = input.description?.trim() || null;
    if (description && [...description].length > DESCRIPTION_MAX) throw new AppError('VALIDATION_FAILED', { field: 'description', max: DESCRIPTION_MAX });
    const variables = input.variables ?? {};
    const checked = checkQuery(this.schema, input.query, apiLimits());
    if (!checked.ok) throw new AppError(checked.code, checked.details);
    const coerced = coerceVariables(this.schema, checked.document, variables);
    if (!coerced.ok) throw new AppError('SAVED_QUERY_VARIABLES_INVALID', { messages: coerced.messages });
    const violation = findInputViolation(this.schema, checked.document, null, variables);
    if (violation) throw violationError(violation);

    const existing = input.id ? await this.own(input.id) : null;
    // Checked before a new row exists in the unit of work (a count would flush it first).
    const clash = await this.ctx.em.count(SavedQuery, { ownerAccountId: actor.accountId, name, deletedAt: null, ...(existing ? { id: { $ne: existing.id } } : {}) });
    if (clash > 0) throw new AppError('SAVED_QUERY_NAME_TAKEN', { name });
    const row = existing ?? this.ctx.em.create(SavedQuery, {
      name, query: input.query, variables, visibility: input.visibility,
      ownerAccountId: actor.accountId, ownerUsername: actor.username, ownerUnitId: actor.unitId, scopePath: actor.scopePath,
    });
    Object.assign(row, { name, description, query: input.query, variables, visibility: input.visibility });
    await this.ctx.em.transactional(async (tx) => {
      tx.persist(row);
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: input.id ? 'saved_query.update' : 'saved_query.create', targetType: 'SavedQuery', targetId: row.id,
        detail: { name, visibility: input.visibility } })]);
    });
    return row;
  }

  async remove(id: string): Promise<boolean> {
    requireActor(this.ctx);
    const row = await this.own(id);
    row.deletedAt = new Date();
    await this.ctx.em.transactional(async (tx) => {
      tx.persist(row);
      await tx.flush();
      await appendAudit(tx, [actorEvent(this.ctx, { action: 'saved_query.delete', targetType: 'SavedQuery', targetId: row.id, detail: { name: row.name } })]);
    });
    return true;
  }

  /** The caller's own queries and those shared from their unit or a unit above; the rule is part of the SQL. */
  async list(first: number, offset: number): Promise<{ nodes: SavedQuery[]; totalCount: number }> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'SavedQuery');
    const [nodes, totalCount] = await this.ctx.em.findAndCount(SavedQuery, { $and: [scope, { deletedAt: null }] } as never, {
      orderBy: { updatedAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(first, 1), 200), offset: Math.max(offset, 0),
    });
    return { nodes, totalCount };
  }

  async get(id: string): Promise<SavedQuery> {
    requirePrincipal(this.ctx);
    const scope = requireScope(this.ctx.ability, 'read', 'SavedQuery');
    const row = UUID.test(id) ? await this.ctx.em.findOne(SavedQuery, { $and: [{ id }, { deletedAt: null }, scope] } as never) : null;
    if (!row) throw notFoundOrNoAccess();
    return row;
  }

  /**
   * Runs the saved text with the runner's own context: the runner's ability, scope and field
   * rules decide every row and field, exactly as if they had sent the query themselves.
   * `variables` given here override the saved ones.
   */
  async run(id: string, variables?: Record<string, unknown> | null): Promise<{ query: SavedQuery; result: RunResult }> {
    const query = await this.get(id);
    const merged = { ...query.variables, ...(variables ?? {}) };
    // Re-checked on every run: the schema may have moved on since the query was saved.
    const checked = checkQuery(this.schema, query.query, apiLimits());
    if (!checked.ok) throw new AppError(checked.code, checked.details);
    const coerced = coerceVariables(this.schema, checked.document, merged);
    if (!coerced.ok) throw new AppError('SAVED_QUERY_VARIABLES_INVALID', { messages: coerced.messages });
    // The API's input limits, which the outer request could not see inside the saved text.
    const violation = findInputViolation(this.schema, checked.document, null, merged);
    if (violation) throw violationError(violation);
    const out = await execute({ schema: this.schema, document: checked.document, variableValues: merged, contextValue: this.ctx });
    const errors: RunError[] = (out.errors ?? []).map((e) => {
      const original = e.originalError;
      const path = e.path?.map(String) ?? null;
      if (original instanceof AppError) return { message: original.message, code: original.code, path };
      // A failure that is not ours (SQL, a bug) is logged under the request id, its text kept from the caller.
      if (original) return { message: `${errorMessage('INTERNAL')}（请求编号 ${String(internalErrorExtensions(original, false, e.path).requestId ?? '-')}）`, code: 'INTERNAL', path };
      return { message: e.message, code: null, path };
    });
    await appendAudit(this.ctx.em, [actorEvent(this.ctx, { action: 'saved_query.run', targetType: 'SavedQuery', targetId: query.id,
      detail: { name: query.name, owner: query.ownerUsername, variables: recordedVariables(merged), errors: errors.length } })]);
    return { query, result: { data: (out.data as Record<string, unknown> | null | undefined) ?? null, errors } };
  }

  /** Runs the query as the caller and files the result through the audited export (DataExport + audit). */
  async export(id: string, variables: Record<string, unknown> | null | undefined, purpose: string): Promise<{ record: DataExport; table: ResultTable }> {
    requireActor(this.ctx);
    // Access before running anything: without the export permission nothing is run or recorded.
    requireScope(this.ctx.ability, 'export', 'Teacher');
    const { query, result } = await this.run(id, variables);
    if (result.errors.length > 0) {
      const first = result.errors[0]!;
      throw new AppError(first.code && first.code !== 'INTERNAL' ? (first.code as never) : 'SAVED_QUERY_INVALID', { reason: 'run', messages: result.errors.map((e) => e.message) });
    }
    const table = resultTable(result.data);
    if (table.headers.length === 0) throw new AppError('SAVED_QUERY_NO_ROWS');
    const record = await new ExportService(this.ctx).exportTable({
      kind: 'saved_query', purpose, headers: table.headers, rows: table.rows, sheetName: query.name.slice(0, 31).replace(/[\\/?*[\]:]/g, ' '),
      filters: { savedQueryId: query.id, name: query.name, owner: query.ownerUsername, variables: recordedVariables({ ...query.variables, ...(variables ?? {}) }), rowsPath: table.rowsPath },
    });
    return { record, table };
  }

  private async own(id: string): Promise<SavedQuery> {
    const actor = requireActor(this.ctx);
    const row = UUID.test(id) ? await this.ctx.em.findOne(SavedQuery, { id, ownerAccountId: actor.accountId, deletedAt: null }) : null;
    if (!row) throw notFoundOrNoAccess();
    return row;
  }
}

/** Variables as recorded in the audit trail: a document number never in clear. */
export function recordedVariables(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(recordedVariables);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'idNumber' && typeof x === 'string' ? maskIdNumber(x) : recordedVariables(x)]));
}
