import { describe, expect, it } from 'vitest';
import { initialNumberState } from './number-state.js';

const key = Buffer.alloc(32, 1);

describe('the state of a newly issued teacher number', () => {
  it.each([
    ['a province with sync off: its own duplicate check is the whole check', { mode: 'province' }, 'confirmed'],
    ['a province with a national URL but no keys does not sync', { mode: 'province', nationalUrl: 'http://n' }, 'confirmed'],
    ['a province reporting to the national registry waits for its check', { mode: 'province', nationalUrl: 'http://n', syncKey: key, registryKey: key }, 'provisional'],
    ['the national system is the registry itself', { mode: 'national', registryKey: key }, 'confirmed'],
  ] as const)('%s → %s', (_name, config, expected) => {
    expect(initialNumberState(config)).toBe(expected);
  });
});
