import {
  getArgumentValues, getNamedType, getNullableType, getOperationAST, getVariableValues, GraphQLID,
  isInputObjectType, isInterfaceType, isListType, isObjectType, isScalarType, Kind, TypeMetaFieldDef,
  type DocumentNode, type FragmentDefinitionNode, type GraphQLField, type GraphQLInputType, type GraphQLNamedType,
  type GraphQLSchema, type SelectionSetNode,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { errorMessage } from '@tmis/shared';
import { AppError, requestError } from './errors.js';
import { checkJson, checkString, INPUT_RULES, KIND_BY_NAME, LIST_MAX, violationText, type InputKind, type InputViolation } from './input-limits.js';

type Extensions = Readonly<Record<string, unknown>> | null | undefined;

const declaredKind = (extensions: Extensions, key: 'inputLimit'): InputKind | undefined => extensions?.[key] as InputKind | undefined;

/** The kind of one argument or input field: its declaration, else ID, else its name, else `line`. */
function kindOf(name: string, type: GraphQLInputType, declared: InputKind | undefined): InputKind {
  if (declared) return declared;
  if (getNamedType(type) === GraphQLID) return 'id';
  return KIND_BY_NAME[name] ?? 'line';
}

function checkValue(type: GraphQLInputType, value: unknown, kind: InputKind, path: string): InputViolation | null {
  if (value === null || value === undefined) return null;
  const t = getNullableType(type);
  if (isListType(t)) {
    if (!Array.isArray(value)) return checkValue(t.ofType, value, kind, path);
    if (value.length > LIST_MAX) return { field: path, reason: 'too_many_items', max: LIST_MAX };
    for (let i = 0; i < value.length; i++) {
      const bad = checkValue(t.ofType, value[i], kind, `${path}[${i}]`);
      if (bad) return bad;
    }
    return null;
  }
  if (isInputObjectType(t)) {
    for (const f of Object.values(t.getFields())) {
      const bad = checkValue(f.type, (value as Record<string, unknown>)[f.name], kindOf(f.name, f.type, declaredKind(f.extensions, 'inputLimit')), `${path}.${f.name}`);
      if (bad) return bad;
    }
    return null;
  }
  if (isScalarType(t) && t.name === 'JSON') return checkJson(value, path);
  return typeof value === 'string' ? checkString(value, INPUT_RULES[kind], path) : null;
}

function checkArguments(field: GraphQLField<unknown, unknown>, values: Record<string, unknown>): InputViolation | null {
  const declared = field.extensions?.inputLimits as Readonly<Record<string, InputKind>> | undefined;
  for (const arg of field.args) {
    const bad = checkValue(arg.type, values[arg.name], kindOf(arg.name, arg.type, declared?.[arg.name] ?? declaredKind(arg.extensions, 'inputLimit')), arg.name);
    if (bad) return bad;
  }
  return null;
}

/**
 * The first argument value of the operation that breaks its limit, with variables applied, or
 * null. Variables that do not coerce are left to execution, which refuses them anyway.
 */
export function findInputViolation(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): InputViolation | null {
  const operation = getOperationAST(document, operationName);
  const root = operation && schema.getRootType(operation.operation);
  if (!operation || !root) return null;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {}, { maxErrors: 1 });
  if (coerced.errors) return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();

  const walk = (parent: GraphQLNamedType | undefined, set: SelectionSetNode): InputViolation | null => {
    for (const sel of set.selections) {
      let bad: InputViolation | null = null;
      if (sel.kind === Kind.FIELD) {
        const name = sel.name.value;
        const field = name === '__type' ? TypeMetaFieldDef : isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[name] : undefined;
        if (!field) continue;
        if (sel.arguments?.length) {
          try {
            bad = checkArguments(field as GraphQLField<unknown, unknown>, getArgumentValues(field as GraphQLField<unknown, unknown>, sel, coerced.coerced));
          } catch {
            // Not coercible: execution reports it.
          }
        }
        if (!bad && sel.selectionSet) bad = walk(getNamedType(field.type), sel.selectionSet);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) {
        bad = walk(sel.typeCondition ? schema.getType(sel.typeCondition.name.value) : parent, sel.selectionSet);
      } else {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || seen.has(fragment.name.value)) continue;
        seen.add(fragment.name.value);
        bad = walk(schema.getType(fragment.typeCondition.name.value), fragment.selectionSet);
      }
      if (bad) return bad;
    }
    return null;
  };
  return walk(root, operation.selectionSet);
}

/** The VALIDATION_FAILED error for a violation: `details.field` and the limit, a Chinese message. */
export function violationError(v: InputViolation): AppError {
  return new AppError('VALIDATION_FAILED', { ...v }, `${errorMessage('VALIDATION_FAILED')}：${violationText(v)}`);
}

/** Refuses, before anything runs and with HTTP 400, a request whose arguments break a limit. */
export function inputLimitsPlugin<C extends object>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request }) {
          const violation = findInputViolation(schema, document, request.operationName, request.variables);
          if (violation) throw requestError(violationError(violation));
        },
      };
    },
  };
}
