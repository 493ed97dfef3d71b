import { AppError } from '../../platform/graphql/errors.js';
import type { Filter } from '../../platform/access/casl-to-filter.js';

/** A piece of SQL with its positional (`?`) bindings, composed in text order so they never drift. */
export class Frag {
  constructor(readonly text: string, readonly params: unknown[] = []) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Frag {
  let text = strings[0]!;
  const params: unknown[] = [];
  values.forEach((v, i) => {
    if (v instanceof Frag) {
      text += v.text;
      params.push(...v.params);
    } else {
      text += '?';
      params.push(v);
    }
    text += strings[i + 1]!;
  });
  return new Frag(text, params);
}

export const raw = (text: string): Frag => new Frag(text);

export function joinSql(parts: Frag[], separator: string): Frag {
  return new Frag(parts.map((p) => p.text).join(separator), parts.flatMap((p) => p.params));
}

export const inList = (column: string, values: readonly unknown[]): Frag =>
  new Frag(`${column} in (${values.map(() => '?').join(', ')})`, [...values]);

/**
 * The caller's CASL scope (as `scopeFilter` translated it) as a SQL predicate on one path
 * column. Only the shapes our rules produce are understood — anything else refuses (FORBIDDEN)
 * rather than guessing, so a new rule can never silently widen statistics.
 */
export function scopePredicate(filter: Filter, column: string): Frag {
  const parts: Frag[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$or' || key === '$and') {
      const subs = (value as Filter[]).map((f) => scopePredicate(f, column));
      parts.push(subs.length === 0 ? raw(key === '$or' ? 'false' : 'true') : sql`(${joinSql(subs, key === '$or' ? ' or ' : ' and ')})`);
    } else if (key === 'scopePath') {
      if (typeof value === 'string') parts.push(new Frag(`${column} = ?`, [value]));
      else if (value && typeof value === 'object' && '$like' in value && Object.keys(value).length === 1) parts.push(new Frag(`${column} like ?`, [(value as { $like: string }).$like]));
      else if (value && typeof value === 'object' && '$re' in value && Object.keys(value).length === 1) parts.push(new Frag(`${column} ~ ?`, [(value as { $re: string }).$re]));
      else throw new AppError('FORBIDDEN');
    } else {
      throw new AppError('FORBIDDEN');
    }
  }
  return parts.length === 0 ? raw('true') : sql`(${joinSql(parts, ' and ')})`;
}
