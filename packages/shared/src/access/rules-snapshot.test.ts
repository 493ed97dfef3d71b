import { describe, expect, it } from 'vitest';
import { defineRulesFor, packAbilityRules, type AppRawRule } from './abilities.js';
import type { Principal } from './principal.js';
import { roles } from '../accounts/roles.js';
import { unitLevels } from '../units/levels.js';

/**
 * The rules of every role at every level, for every combination of the principal's flags that a
 * rule looks at: a teacher archive, an appointed security administrator, authorities directly
 * below, a restricted session. Kept in a file so any change to a role's rules shows up as a diff
 * to review; principals whose rules come out identical share one entry. After an intended change:
 * `npx vitest run -u src/access/rules-snapshot.test.ts`, and read the diff.
 *
 * The rules are listed per subject type, each subject's rules in the order they are added (as
 * packed for `myAbilities`, one subject per line). That is exactly what CASL's answers depend on:
 * it only ever weighs rules of one subject type against each other, and among those a later rule
 * wins (a later `cannot` overrides an earlier `can`), so the order within a subject is kept here
 * while the order between subjects — which domain's rules file adds its rules first — is not.
 */
const PATHS: Record<Principal['unitLevel'], string> = {
  national: '/1/',
  province: '/1/2/',
  city: '/1/2/3/',
  county: '/1/2/3/4/',
  school: '/1/2/3/4/5/',
  department: '/1/2/3/4/5/6/',
};
const FLAGS = [false, true];

function principals(): [string, Principal][] {
  const out: [string, Principal][] = [];
  for (const role of roles) {
    for (const unitLevel of unitLevels) {
      const unitPath = PATHS[unitLevel];
      for (const teacher of FLAGS) for (const security of FLAGS) for (const below of FLAGS) for (const restricted of FLAGS) {
        const p: Principal = {
          accountId: `acc-${role}-${unitLevel}`, role, unitId: `unit${unitPath}`, unitPath, unitLevel,
          teacherId: teacher ? `teacher-${unitLevel}` : null,
          securityAdminAppointed: security,
          ...(below ? { authorityPathsBelow: [`${unitPath}7/`, `${unitPath}8/`] } : {}),
          restricted,
        };
        const flags = [teacher && 'teacherId', security && 'securityAdminAppointed', below && 'authorityPathsBelow', restricted && 'restricted'].filter(Boolean).join(' ');
        out.push([`${role} @ ${unitLevel}${flags ? ` + ${flags}` : ''}`, p]);
      }
    }
  }
  return out;
}

/** Each subject type's rules in order; a rule naming several subjects is listed under each. */
function bySubject(rules: AppRawRule[]): string {
  const subjects = new Map<string, string[]>();
  for (const rule of rules) {
    for (const s of ([] as string[]).concat(rule.subject as string | string[])) {
      const [packed] = packAbilityRules([{ ...rule, subject: s } as AppRawRule]);
      subjects.set(s, [...(subjects.get(s) ?? []), `    ${JSON.stringify(packed)}`]);
    }
  }
  return [...subjects].sort(([a], [b]) => a.localeCompare(b)).map(([s, lines]) => `  ${s}\n${lines.join('\n')}`).join('\n');
}

describe('the rule set of every role', () => {
  it('is the one in the snapshot, subject by subject and in order', async () => {
    const all = principals();
    expect(all.length).toBe(8 * 6 * 16);
    const byRules = new Map<string, string[]>();
    for (const [name, p] of all) {
      const rules = bySubject(defineRulesFor(p));
      byRules.set(rules, [...(byRules.get(rules) ?? []), name]);
    }
    const entries = [...byRules].map(([rules, names]) => `${names.join('\n')}\n${rules}`);
    await expect(`${entries.join('\n\n')}\n`).toMatchFileSnapshot('./__snapshots__/rules-by-role.txt');
  });
});
