import { subject as asSubject } from '@casl/ability';
import { rulesToQuery } from '@casl/ability/extra';
import type { Action, AppAbility, SubjectType } from '@tmis/shared';
import { AppError } from '../graphql/errors.js';

/** A MikroORM filter object (the same Mongo-like shape CASL speaks). */
export type Filter = Record<string, unknown>;

const PREFIX_REGEX = /^\^([0-9/]+)$/;

/**
 * Rule conditions speak of plain ids (`unitId`), which is what rows carry in the portal;
 * the entities hold those as relations. This maps rule fields to entity properties.
 */
const PROPERTY_OF: Partial<Record<SubjectType, Record<string, string>>> = {
  Account: { unitId: 'unit', teacherId: 'teacher' },
  AccountChangeRequest: { accountId: 'account' },
  ArchiveRecord: { teacherId: 'teacher', supersedesId: 'supersedes' },
};

/** Rewrites CASL operators into MikroORM ones; prefix regexes become index-friendly LIKEs. */
function translate(node: unknown, props: Record<string, string> = {}): unknown {
  if (Array.isArray(node)) return node.map((n) => translate(n, props));
  if (node === null || typeof node !== 'object' || node instanceof Date) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
    if (key === '$regex') {
      const src = value instanceof RegExp ? value.source : String(value);
      const prefix = PREFIX_REGEX.exec(src);
      if (prefix) out.$like = `${prefix[1]}%`;
      else out.$re = src;
    } else if (key === '$options') {
      continue;
    } else {
      out[props[key] ?? key] = translate(value, props);
    }
  }
  return out;
}

/**
 * The jurisdiction filter for a query: `null` means the caller may see no row at all, `{}`
 * means every row. Every list and get-by-id query ANDs this into its SQL, so scope is enforced
 * by the database, never by filtering rows in memory.
 */
export function scopeFilter(ability: AppAbility, action: Action, subjectType: SubjectType): Filter | null {
  const query = rulesToQuery(ability, action, subjectType, (rule) => {
    if (!rule.conditions) return rule.inverted ? { $not: {} } : {};
    return rule.inverted ? { $not: rule.conditions } : rule.conditions;
  });
  if (query === null) return null;
  return translate(query, PROPERTY_OF[subjectType]) as Filter;
}

/** Like scopeFilter, but a caller with no access at all gets FORBIDDEN. */
export function requireScope(ability: AppAbility, action: Action, subjectType: SubjectType): Filter {
  const f = scopeFilter(ability, action, subjectType);
  if (f === null) throw new AppError('FORBIDDEN');
  return f;
}

/** Row check after the fact: true when `row` (plain or entity) falls under the ability. */
export function canOn(ability: AppAbility, action: Action, subjectType: SubjectType, row: object, field?: string): boolean {
  return ability.can(action, asSubject(subjectType, { ...row }) as never, field);
}
