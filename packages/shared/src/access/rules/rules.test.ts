import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AbilityBuilder, createMongoAbility } from '@casl/ability';
import { describe, expect, it } from 'vitest';
import { defineRulesFor } from '../abilities.js';
import type { Principal } from '../principal.js';
import { isRole, roles } from '../../accounts/roles.js';
import { unitLevels } from '../../units/levels.js';
import type { AppAbility, DomainRules } from './rule-set.js';

/**
 * Every domain's rules file is assembled by abilities.ts: each rule a domain adds for a role
 * is in that role's rule set. Found on disk, so a new `rules/<domain>.ts` left out of the list fails.
 */
const dir = dirname(fileURLToPath(import.meta.url));
const ruleFiles = readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.errors.ts') && f !== 'rule-set.ts');

const PATHS = ['/1/', '/1/2/', '/1/2/3/', '/1/2/3/4/', '/1/2/3/4/5/', '/1/2/3/4/5/6/'];
const principal = (role: Principal['role'], level: number): Principal => ({
  accountId: `acc-${role}`, role, unitId: `unit-${level}`, unitPath: PATHS[level]!, unitLevel: unitLevels[level]!,
  teacherId: 'teacher-1', securityAdminAppointed: true, authorityPathsBelow: [`${PATHS[level]}7/`],
});

const isDomainRules = (value: unknown): value is DomainRules =>
  !!value && typeof value === 'object' && Object.entries(value).every(([role, fn]) => isRole(role) && typeof fn === 'function');

describe('domain rules files', () => {
  it('are found', () => {
    expect(ruleFiles.length).toBeGreaterThan(20);
  });

  it.each(ruleFiles)('%s: its rules are in the rule set of each role it names', async (file) => {
    const mod = (await import(join(dir, file))) as Record<string, unknown>;
    const domains = Object.entries(mod).filter(([, value]) => isDomainRules(value)) as [string, DomainRules][];
    expect(domains.length, `${file} exports a DomainRules`).toBeGreaterThan(0);
    let added = 0;
    for (const [name, domain] of domains) {
      for (const role of roles.filter((r) => domain[r])) {
        for (let level = 0; level < PATHS.length; level++) {
          const p = principal(role, level);
          const { can, cannot, rules } = new AbilityBuilder<AppAbility>(createMongoAbility);
          domain[role]!(p, { can, cannot });
          const all = defineRulesFor(p).map((r) => JSON.stringify(r));
          for (const rule of rules) expect(all, `${name}.${role} at ${p.unitLevel}`).toContain(JSON.stringify(rule));
          added += rules.length;
        }
      }
    }
    expect(added, `${file} adds rules for someone`).toBeGreaterThan(0);
  });
});
