import { describe, expect, it } from 'vitest';
import { defineAbilityFor, type Principal } from '@tmis/shared';
import { scopeFilter } from './casl-to-filter.js';

const base: Principal = { accountId: 'a1', role: 'query_user', unitId: 'u1', unitPath: '/1/4/', unitLevel: 'city' };

describe('scopeFilter', () => {
  it.each([
    ['query user reads teachers in subtree', base, 'read', 'Teacher', { $or: [{ scopePath: { $like: '/1/4/%' } }] }],
    ['teacher reads only own archive', { ...base, role: 'teacher', teacherId: 't9', unitLevel: 'school' }, 'read', 'Teacher', { $or: [{ id: 't9' }] }],
    ['training institution reads no teacher', { ...base, role: 'training_institution' }, 'read', 'Teacher', null],
    ['restricted session reads no teacher', { ...base, role: 'info_admin', restricted: true }, 'read', 'Teacher', null],
    ['code lists are open', base, 'read', 'CodeList', {}],
  ] as const)('%s', (_name, principal, action, subjectType, expected) => {
    expect(scopeFilter(defineAbilityFor(principal as Principal), action, subjectType)).toEqual(expected);
  });

  it('an authority\'s approval filter leaves out the subtrees of the authorities below it', () => {
    const f = scopeFilter(defineAbilityFor({ ...base, role: 'info_admin', authorityPathsBelow: ['/1/4/7/', '/1/4/9/'] }), 'approve', 'ArchiveRecord');
    expect(f).toEqual({
      $and: [{ $not: { scopePath: { $like: '/1/4/9/%' } } }, { $not: { scopePath: { $like: '/1/4/7/%' } } }],
      $or: [{ scopePath: { $like: '/1/4/%' }, status: 'school_approved' }],
    });
  });

  it('keeps non-prefix regexes as POSIX regex for direct children', () => {
    const f = scopeFilter(defineAbilityFor({ ...base, role: 'system_admin' }), 'update', 'Account');
    expect(JSON.stringify(f)).toContain('"$re":"^/1/4/[0-9]+/$"');
  });
});
