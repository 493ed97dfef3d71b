import { describe, expect, it } from 'vitest';
import { subject } from '@casl/ability';
import { defineAbilityFor } from './abilities.js';
import type { Principal } from './principal.js';
import type { Action } from './subjects.js';

/** Issue 12: the unit directory import belongs to the province's system and information admins, and nobody else. */
const at = (role: Principal['role'], unitPath: string, unitLevel: Principal['unitLevel']): Principal => ({
  accountId: `acc-${role}-${unitPath}`, role, unitId: `unit${unitPath}`, unitPath, unitLevel,
});
const ownImport = { provinceUnitId: 'unit/1/2/' };
const otherProvince = { provinceUnitId: 'unit/1/9/' };

describe('unit directory import rules', () => {
  it.each<[string, Principal, Action, Record<string, unknown>, boolean]>([
    ['the province system admin uploads', at('system_admin', '/1/2/', 'province'), 'create', ownImport, true],
    ['the province system admin applies', at('system_admin', '/1/2/', 'province'), 'update', ownImport, true],
    ['the province information admin reads and applies', at('info_admin', '/1/2/', 'province'), 'update', ownImport, true],
    ['not another province', at('info_admin', '/1/2/', 'province'), 'read', otherProvince, false],
    ['not the province query user', at('query_user', '/1/2/', 'province'), 'read', ownImport, false],
    ['not the province training admin', at('training_admin', '/1/2/', 'province'), 'create', ownImport, false],
    ['not a city system admin', at('system_admin', '/1/2/3/', 'city'), 'create', ownImport, false],
    ['not a county information admin', at('info_admin', '/1/2/3/4/', 'county'), 'read', ownImport, false],
    ['not the national system admin', at('system_admin', '/1/', 'national'), 'create', ownImport, false],
    ['nobody deletes one', at('system_admin', '/1/2/', 'province'), 'delete', ownImport, false],
  ])('%s', (_name, p, action, row, expected) => {
    expect(defineAbilityFor(p).can(action, subject('UnitDirectoryImport', { ...row }) as never)).toBe(expected);
  });
});
