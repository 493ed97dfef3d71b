import { describe, expect, it } from 'vitest';
import { defineRulesFor } from './abilities.js';
import type { Principal } from './principal.js';
import { roles, type Role } from '../accounts/roles.js';
import type { UnitLevel } from '../units/levels.js';

/**
 * "Each account sees and changes only its own unit's subtree", checked on the rule set itself:
 * for every role at every level, every unit path a rule's conditions name is inside the
 * principal's subtree — or, for reading only, one of its own ancestors (a query shared by the
 * county, a project of the province, readable below). No rule names a sibling or another province.
 */
const PATH = /(\/[0-9]+)+\//g;
const SEATS: { level: UnitLevel; path: string }[] = [
  { level: 'national', path: '/1/' },
  { level: 'province', path: '/1/2/' },
  { level: 'city', path: '/1/2/3/' },
  { level: 'county', path: '/1/2/3/4/' },
  { level: 'school', path: '/1/2/3/4/5/' },
  { level: 'department', path: '/1/2/3/4/5/6/' },
];

/** Every unit path mentioned anywhere in a rule's conditions (regexes, lists, plain values). */
function pathsIn(value: unknown): string[] {
  if (typeof value === 'string') return [...value.matchAll(PATH)].map((m) => m[0]);
  if (value instanceof RegExp) return pathsIn(value.source);
  if (Array.isArray(value)) return value.flatMap(pathsIn);
  if (value && typeof value === 'object') return Object.values(value).flatMap(pathsIn);
  return [];
}

const cases = SEATS.flatMap((s) => roles.map((role) => [s.level, role, s.path] as [UnitLevel, Role, string]));

describe('every rule stays in the principal\'s subtree', () => {
  it.each(cases)('%s %s', (unitLevel, role, unitPath) => {
    const p: Principal = { accountId: 'acc-1', role, unitId: 'unit-1', unitPath, unitLevel, teacherId: role === 'teacher' ? 'teacher-1' : null };
    const rules = defineRulesFor(p);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const actions = ([] as string[]).concat(rule.action as string | string[]);
      const readOnly = actions.every((a) => a === 'read');
      for (const path of pathsIn(rule.conditions)) {
        const inside = path.startsWith(unitPath);
        const ancestor = unitPath.startsWith(path);
        if (!inside && !(readOnly && ancestor)) {
          throw new Error(`${role}@${unitLevel}: ${actions.join(',')} ${String(rule.subject)} names ${path} outside ${unitPath}`);
        }
      }
    }
  });

  it('the check itself finds a sibling path', () => {
    expect(pathsIn({ scopePath: { $regex: '^/1/2/9/' } })).toEqual(['/1/2/9/']);
    expect(pathsIn({ partyPaths: { $regex: '(^| )/1/2/3/' }, x: { $in: ['/1/', '/1/2/'] } })).toEqual(['/1/2/3/', '/1/', '/1/2/']);
  });
});
