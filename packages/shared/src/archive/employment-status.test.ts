import { describe, expect, it } from 'vitest';
import { canChangeStatus, endsEmployment, isCollected } from './employment-status.js';

describe('employment status changes', () => {
  it.each([
    ['active', 'long_absence', true],
    ['active', 'retired', true],
    ['long_absence', 'active', true],
    ['long_absence', 'deceased', true],
    ['active', 'active', false],
    ['retired', 'active', false],
    ['retired', 'deceased', true],
    ['resigned', 'active', false],
    ['deceased', 'active', false],
    ['active', 'transferred_out', false],
  ])('%s → %s: %s', (from, to, ok) => expect(canChangeStatus(from, to)).toBe(ok));

  it.each([
    ['long_absence', false, true],
    ['resigned', true, false],
    ['retired', true, false],
    ['deceased', true, false],
    ['active', false, true],
    ['transferred_out', false, false],
  ])('%s ends the employment: %s; still collected: %s', (s, ends, collected) => {
    expect(endsEmployment(s)).toBe(ends);
    expect(isCollected(s)).toBe(collected);
  });
});
