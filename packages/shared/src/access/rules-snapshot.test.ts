import { describe, expect, it } from 'vitest';
import { defineRulesFor, packAbilityRules } from './abilities.js';
import type { Principal } from './principal.js';
import { roles } from '../accounts/roles.js';
import { unitLevels } from '../units/levels.js';

/**
 * The packed rules (what `myAbilities` sends) of every role at every level, for every
 * combination of the principal's flags that a rule looks at: a teacher archive, an appointed
 * security administrator, authorities directly below, a restricted session. Kept in a file so a
 * change to any role's rules — a rule added, dropped, reworded or moved (CASL order matters: a
 * later `cannot` overrides an earlier `can`) — shows up as a diff to review. Principals whose
 * rules come out identical share one entry (most flags matter to a few roles only). After an
 * intended change: `npx vitest run -u src/access/rules-snapshot.test.ts`, and read the diff.
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

describe('the rule set of every role', () => {
  it('is the one in the snapshot, rule for rule and in order', async () => {
    const all = principals();
    expect(all.length).toBe(8 * 6 * 16);
    const byRules = new Map<string, string[]>();
    for (const [name, p] of all) {
      const rules = packAbilityRules(defineRulesFor(p)).map((rule) => `  ${JSON.stringify(rule)}`).join('\n');
      byRules.set(rules, [...(byRules.get(rules) ?? []), name]);
    }
    const entries = [...byRules].map(([rules, names]) => `${names.join('\n')}\n${rules}`);
    await expect(`${entries.join('\n\n')}\n`).toMatchFileSnapshot('./__snapshots__/rules-by-role.txt');
  });
});
