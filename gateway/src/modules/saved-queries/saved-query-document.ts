import {
  getOperationAST, getVariableValues, GraphQLError, Kind, parse, specifiedRules, validate, visit,
  type DocumentNode, type GraphQLSchema, type OperationDefinitionNode, type ValidationRule,
} from 'graphql';
import type { ErrorCode } from '@tmis/shared';

export const QUERY_MAX_CHARS = 10_000;
const MAX_TOKENS = 5_000;
const MAX_COLUMNS = 200;

/**
 * Fields a saved query may not select: the saved-query fields themselves (a saved query running
 * saved queries would recurse), the credential-based sharing field, and introspection.
 */
export const FORBIDDEN_FIELDS: readonly string[] = ['savedQuery', 'savedQueries', 'runSavedQuery', 'sharedTeachers', 'sharedStatistics', '__schema', '__type'];

export type CheckedQuery =
  | { ok: true; document: DocumentNode; operation: OperationDefinitionNode }
  | { ok: false; code: ErrorCode; details: Record<string, unknown> };

const fail = (code: ErrorCode, details: Record<string, unknown>): CheckedQuery => ({ ok: false, code, details });

/**
 * A saved query must parse, hold exactly one operation, be a `query` (never a mutation or a
 * subscription), validate against the schema as it is now (with the same limits as the API),
 * and select no forbidden field.
 */
export function checkQuery(schema: GraphQLSchema, text: string, extraRules: readonly ValidationRule[] = []): CheckedQuery {
  if (!text.trim()) return fail('SAVED_QUERY_INVALID', { reason: 'empty' });
  if (text.length > QUERY_MAX_CHARS) return fail('SAVED_QUERY_INVALID', { reason: 'too_long', max: QUERY_MAX_CHARS });
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: MAX_TOKENS });
  } catch (e) {
    return fail('SAVED_QUERY_INVALID', { reason: 'syntax', messages: [e instanceof GraphQLError ? e.message : String(e)] });
  }
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1) return fail('SAVED_QUERY_INVALID', { reason: 'one_operation', operations: operations.length });
  const operation = operations[0]!;
  if (operation.operation !== 'query') return fail('SAVED_QUERY_NOT_A_QUERY', { operation: operation.operation });
  const errors = validate(schema, document, [...specifiedRules, ...extraRules]);
  if (errors.length > 0) return fail('SAVED_QUERY_INVALID', { reason: 'schema', messages: errors.slice(0, 10).map((e) => e.message) });
  let forbidden: string | null = null;
  visit(document, {
    Field(node) {
      if (FORBIDDEN_FIELDS.includes(node.name.value)) forbidden ??= node.name.value;
    },
  });
  if (forbidden) return fail('SAVED_QUERY_FIELD_NOT_ALLOWED', { field: forbidden });
  return { ok: true, document, operation };
}

/** The variables coerced against the operation's definitions, or the reasons they do not fit. */
export function coerceVariables(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>):
  { ok: true; values: Record<string, unknown> } | { ok: false; messages: string[] } {
  const op = getOperationAST(document);
  const r = getVariableValues(schema, op?.variableDefinitions ?? [], variables, { maxErrors: 10 });
  return r.errors ? { ok: false, messages: r.errors.map((e) => e.message) } : { ok: true, values: r.coerced };
}

export interface ResultTable {
  /** Where the rows were found, e.g. `teachers.nodes`; empty when the whole result is one row. */
  rowsPath: string;
  headers: string[];
  rows: (string | null)[][];
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The first list of objects in the result, depth first in field order. */
function findRows(value: unknown, path: string[]): { path: string[]; rows: Record<string, unknown>[] } | null {
  if (Array.isArray(value)) return value.length > 0 && value.every(isObject) ? { path, rows: value as Record<string, unknown>[] } : null;
  if (!isObject(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findRows(v, [...path, k]);
    if (found) return found;
  }
  return null;
}

function cellText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => (isObject(x) || Array.isArray(x) ? JSON.stringify(x) : String(x))).join('、');
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function flatten(obj: Record<string, unknown>, prefix: string, out: Map<string, unknown>): void {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (isObject(v)) flatten(v, key, out);
    else out.set(key, v);
  }
}

/**
 * A query result as a sheet: one row per element of the first list of objects (for
 * `teachers { nodes { … } }` one row per teacher), one column per leaf field path.
 * Without such a list the whole result is one row.
 */
export function resultTable(data: Record<string, unknown> | null | undefined): ResultTable {
  const found = findRows(data ?? {}, []);
  const source = found ? found.rows : [data ?? {}];
  const flat = source.map((r) => {
    const m = new Map<string, unknown>();
    flatten(r, '', m);
    return m;
  });
  const headers: string[] = [];
  for (const m of flat) for (const k of m.keys()) if (!headers.includes(k) && headers.length < MAX_COLUMNS) headers.push(k);
  return { rowsPath: found ? found.path.join('.') : '', headers, rows: flat.map((m) => headers.map((h) => cellText(m.get(h)))) };
}
